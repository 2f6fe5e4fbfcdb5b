"""How good the suggester is: its suggestions against reference annotations in the newsquotes
JSONL article format, as precision, recall and F1 per part of a quote."""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import FieldError
from ..spans import SpanError, check_span
from .rules import Suggestion, suggest

PARTS = ("quote_exact", "quote_overlap", "speaker_mention", "speaker", "cue")


class EvaluationInputError(FieldError):
    """A reference file the evaluation cannot read; the message names the line and field."""

    def __init__(self, message: str):
        super().__init__("file", message)


@dataclass(frozen=True)
class ReferenceQuote:
    content: tuple[int, int]
    speaker_mention: tuple[int, int] | None
    cue: tuple[int, int] | None
    speaker: str | None


@dataclass
class Reference:
    """One article's text and the quotes of its reference (gold) annotation."""

    external_id: str
    text: str
    quotes: list[ReferenceQuote]
    speakers: list[dict] = field(default_factory=list)


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.true_positives += other.true_positives
        self.predicted += other.predicted
        self.expected += other.expected


def read_references(lines: Iterable[str]) -> Iterator[Reference]:
    """References from JSONL lines: each record's gold annotation (or its first one)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            yield _reference(record)
        except json.JSONDecodeError as error:
            raise EvaluationInputError(f"line {number}: not JSON ({error.msg})") from error
        except (KeyError, TypeError, SpanError) as error:
            raise EvaluationInputError(f"line {number}: {_describe(error)}") from error


def evaluate(references: Iterable[Reference], speakers=None) -> dict[str, Score]:
    """Scores over all references; `speakers` None means each record's own gold speakers."""
    totals = {part: Score() for part in PARTS}
    for reference in references:
        known = reference.speakers if speakers is None else speakers
        found = suggest(reference.text, known)
        for part, score in compare(reference.quotes, found).items():
            totals[part].add(score)
    return totals


def compare(expected: list[ReferenceQuote], found: list[Suggestion]) -> dict[str, Score]:
    """Exact and overlap matches of contents; speaker, mention and cue on overlap matches."""
    scores = {
        "quote_exact": Score(
            len({q.content for q in expected} & {s.content for s in found}),
            len(found),
            len(expected),
        ),
        "quote_overlap": Score(0, len(found), len(expected)),
        "speaker_mention": _counted(expected, found, "speaker_mention"),
        "speaker": _counted(expected, found, "speaker"),
        "cue": _counted(expected, found, "cue"),
    }
    for reference, suggestion in _overlap_pairs(expected, found):
        scores["quote_overlap"].true_positives += 1
        for part in ("speaker_mention", "cue"):
            ours = getattr(suggestion, part)
            if ours is not None and ours == getattr(reference, part):
                scores[part].true_positives += 1
        ours, theirs = suggestion.speaker or "", reference.speaker or ""
        if ours and ours.casefold() == theirs.casefold():
            scores["speaker"].true_positives += 1
    return scores


def report(scores: dict[str, Score]) -> str:
    """The scores as an aligned table."""
    lines = [
        f"{'part':<16} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"
    ]
    for part in PARTS:
        s = scores[part]
        lines.append(
            f"{part:<16} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} "
            f"{s.true_positives:>5} {s.predicted:>5} {s.expected:>5}"
        )
    return "\n".join(lines)


def _counted(expected, found, part: str) -> Score:
    return Score(
        0,
        sum(1 for s in found if getattr(s, part)),
        sum(1 for q in expected if getattr(q, part)),
    )


def _overlap_pairs(expected, found):
    """One-to-one pairs of overlapping contents, largest overlap first."""
    candidates = []
    for i, reference in enumerate(expected):
        for j, suggestion in enumerate(found):
            overlap = min(reference.content[1], suggestion.content[1]) - max(
                reference.content[0], suggestion.content[0]
            )
            if overlap > 0:
                candidates.append((-overlap, i, j))
    used_expected, used_found = set(), set()
    for _, i, j in sorted(candidates):
        if i not in used_expected and j not in used_found:
            used_expected.add(i)
            used_found.add(j)
            yield expected[i], found[j]


def _reference(record: dict) -> Reference:
    text = record["text"]
    annotations = record.get("annotations") or []
    gold = next((a for a in annotations if a.get("status") == "gold"), None)
    annotation = gold or (annotations[0] if annotations else {"mentions": [], "quotes": []})
    mentions = {}
    for mention in annotation["mentions"]:
        check_span(text, mention["start"], mention["end"], mention.get("text"))
        mentions[mention["id"]] = (mention["start"], mention["end"])
    quotes, speakers = [], {}
    for quote in annotation["quotes"]:
        speaker = quote.get("speaker")
        if speaker:
            speakers[speaker["name"]] = {
                "name": speaker["name"],
                "aliases": speaker.get("aliases") or [],
            }
        quotes.append(
            ReferenceQuote(
                content=mentions[quote["content"]],
                speaker_mention=mentions.get(quote.get("speaker_mention")),
                cue=mentions.get(quote.get("cue")),
                speaker=speaker["name"] if speaker else None,
            )
        )
    return Reference(str(record.get("external_id", "")), text, quotes, list(speakers.values()))


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r} (or a quote refers to an unknown mention id)"
    if isinstance(error, SpanError):
        return f"{error.field}: {error}"
    return f"a field has the wrong type ({error})"
