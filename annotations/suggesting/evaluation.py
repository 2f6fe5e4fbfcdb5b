"""How good the suggester is: its suggestions against reference annotations in the newsquotes
JSONL article format, as precision, recall and F1 per part of a quote, per class of text (a
record's `metadata.classes`) and per rule.

Parts: `quote_*` are all attributions, `direct_*` the direct quotes only (suggested type
direct against gold type direct); `_exact` needs the same span, `_overlap` any shared
character (one-to-one, largest overlap first). Speaker mention and cue are scored exact and by
overlap on overlap-matched quotes; `speaker` is the canonical speaker; `direct_source` is,
over matched direct quotes, the share whose source is right (its mention overlaps the gold
one, or its canonical speaker is the gold one, or both have none). A quote in several pieces
(“A,” he said, “B.”) is matched by the stretch from its first piece to its last, and exactly
by all its pieces; `split` scores the quotes in several pieces: a suggested one is right when
it is matched to a gold one in as many pieces, each overlapping its gold piece."""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..errors import FieldError
from ..formats.records import fragment_ids
from ..spans import SpanError, check_span
from .goldtext import GoldTextError, read_gold_text
from .rules import Suggestion, suggest

PARTS = (
    "quote_exact",
    "quote_overlap",
    "direct_exact",
    "direct_overlap",
    "direct_source",
    "split",
    "speaker_mention",
    "speaker_mention_overlap",
    "speaker",
    "cue",
    "cue_overlap",
)


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
    type: str = "direct"
    pieces: tuple[tuple[int, int], ...] = ()  # a quote in several pieces: all of them

    @property
    def all_pieces(self) -> tuple[tuple[int, int], ...]:
        return self.pieces or (self.content,)


@dataclass
class Reference:
    """One article's text and the quotes of its reference (gold) annotation."""

    external_id: str
    text: str
    quotes: list[ReferenceQuote]
    speakers: list[dict] = field(default_factory=list)
    classes: tuple[str, ...] = ()


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


def read_reference_file(path) -> list[Reference]:
    """References from a JSONL file, or from a hand-written `.txt` file (`goldtext`)."""
    with open(path, encoding="utf-8") as lines:
        if str(path).endswith(".txt"):
            try:
                return [_reference(record) for record in read_gold_text(lines)]
            except GoldTextError as error:
                raise EvaluationInputError(str(error)) from error
        return list(read_references(lines))


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


@dataclass
class Evaluation:
    """Scores overall, per class of text and per rule (a rule's recall: the gold quotes it
    found, of all gold quotes)."""

    overall: dict[str, Score]
    by_class: dict[str, dict[str, Score]]
    by_rule: dict[str, Score]


def evaluate(references: Iterable[Reference], speakers=None, suggester=None) -> dict[str, Score]:
    """Scores over all references; `speakers` None means each record's own gold speakers."""
    return evaluate_all(references, speakers, suggester).overall


def evaluate_all(references: Iterable[Reference], speakers=None, suggester=None) -> Evaluation:
    """Scores overall, per class and per rule. `suggester(text, speakers)` defaults to the
    rules (`suggest`); a project's learned suggester can stand in."""
    suggester = suggester or suggest
    overall = _empty()
    by_class: dict[str, dict[str, Score]] = {}
    by_rule: dict[str, Score] = {}
    expected_total = 0
    for reference in references:
        known = reference.speakers if speakers is None else speakers
        found = suggester(reference.text, known)
        scores = compare(reference.quotes, found)
        for scope in [overall] + [by_class.setdefault(c, _empty()) for c in reference.classes]:
            for part, score in scores.items():
                scope[part].add(score)
        expected_total += len(reference.quotes)
        matched = {id(s) for _, s in _overlap_pairs(reference.quotes, found)}
        for suggestion in found:
            rule = by_rule.setdefault(suggestion.kind, Score())
            rule.predicted += 1
            rule.true_positives += id(suggestion) in matched
    for rule in by_rule.values():
        rule.expected = expected_total
    return Evaluation(overall, dict(sorted(by_class.items())), dict(sorted(by_rule.items())))


def compare(expected: list[ReferenceQuote], found: list[Suggestion]) -> dict[str, Score]:
    """Exact and overlap matches of contents; speaker, mention and cue on overlap matches."""
    direct_expected = [q for q in expected if q.type == "direct"]
    direct_found = [s for s in found if s.type == "direct"]
    scores = {
        "quote_exact": _exact(expected, found),
        "quote_overlap": Score(0, len(found), len(expected)),
        "direct_exact": _exact(direct_expected, direct_found),
        "direct_overlap": Score(0, len(direct_found), len(direct_expected)),
        "direct_source": Score(),
        "split": Score(
            0,
            sum(1 for s in found if s.fragments),
            sum(1 for q in expected if len(q.all_pieces) > 1),
        ),
        "speaker_mention": _counted(expected, found, "speaker_mention"),
        "speaker_mention_overlap": _counted(expected, found, "speaker_mention"),
        "speaker": _counted(expected, found, "speaker"),
        "cue": _counted(expected, found, "cue"),
        "cue_overlap": _counted(expected, found, "cue"),
    }
    for reference, suggestion in _overlap_pairs(expected, found):
        scores["quote_overlap"].true_positives += 1
        scores["split"].true_positives += _same_pieces(reference, suggestion)
        for part in ("speaker_mention", "cue"):
            ours, theirs = getattr(suggestion, part), getattr(reference, part)
            if ours is not None and ours == theirs:
                scores[part].true_positives += 1
            if ours is not None and theirs is not None and _overlaps(ours, theirs):
                scores[f"{part}_overlap"].true_positives += 1
        if _same_speaker(suggestion.speaker, reference.speaker):
            scores["speaker"].true_positives += 1
    for reference, suggestion in _overlap_pairs(direct_expected, direct_found):
        scores["direct_overlap"].true_positives += 1
        source = scores["direct_source"]
        source.expected += 1
        source.predicted += 1
        source.true_positives += _source_right(reference, suggestion)
    return scores


def report(scores: dict[str, Score]) -> str:
    """The scores as an aligned table."""
    lines = [
        f"{'part':<24} {'precision':>9} {'recall':>7} {'f1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"
    ]
    for part in PARTS:
        lines.append(_line(part, scores[part]))
    return "\n".join(lines)


def report_by_class(evaluation: Evaluation, parts=("quote_overlap", "direct_overlap")) -> str:
    """Per class of text: precision and recall of the chosen parts, and the source right."""
    head = " ".join(f"{p + ' P/R':>22}" for p in parts)
    lines = [f"{'class':<24} {head} {'source':>7} {'quotes':>6}"]
    for name, scores in evaluation.by_class.items():
        cells = " ".join(f"{scores[p].precision:>10.3f} / {scores[p].recall:<9.3f}" for p in parts)
        source = scores["direct_source"]
        shown = f"{source.recall:.3f}" if source.expected else "-"
        lines.append(f"class {name:<18} {cells} {shown:>7} {scores['quote_overlap'].expected:>6}")
    return "\n".join(lines)


def report_by_rule(evaluation: Evaluation) -> str:
    """Per rule: its precision, and its share of the gold quotes found."""
    lines = [f"{'rule':<30} {'precision':>9} {'recall':>7} {'tp':>5} {'pred':>5}"]
    for kind, score in evaluation.by_rule.items():
        lines.append(
            f"rule {kind:<25} {score.precision:>9.3f} {score.recall:>7.3f} "
            f"{score.true_positives:>5} {score.predicted:>5}"
        )
    return "\n".join(lines)


def _line(part: str, s: Score) -> str:
    return (
        f"{part:<24} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>6.3f} "
        f"{s.true_positives:>5} {s.predicted:>5} {s.expected:>5}"
    )


def _empty() -> dict[str, Score]:
    return {part: Score() for part in PARTS}


def _exact(expected, found) -> Score:
    return Score(
        len({q.all_pieces for q in expected} & {s.pieces for s in found}), len(found), len(expected)
    )


def _same_pieces(reference: ReferenceQuote, suggestion: Suggestion) -> bool:
    """Both in several pieces, as many, each overlapping its counterpart."""
    ours, theirs = suggestion.pieces, reference.all_pieces
    return (
        len(ours) > 1
        and len(ours) == len(theirs)
        and all(_overlaps(a, b) for a, b in zip(ours, theirs, strict=True))
    )


def _overlaps(a, b) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def _source_right(reference: ReferenceQuote, suggestion: Suggestion) -> bool:
    ours, theirs = suggestion.speaker_mention, reference.speaker_mention
    if ours and theirs and _overlaps(ours, theirs):
        return True
    if _same_speaker(suggestion.speaker, reference.speaker):
        return True
    return not ours and not theirs and not reference.speaker


def _same_speaker(ours: str | None, theirs: str | None) -> bool:
    """Names agree without case, article, title or possessive ("Mr. Obama" is "Obama")."""
    return bool(ours) and bool(theirs) and _name_key(ours) == _name_key(theirs)


# Kept here rather than taken from the suggester, so that measuring never depends on it.
NAME_TITLES = frozenset(
    ("mr", "mrs", "ms", "miss", "dr", "prof", "gov", "sen", "rep", "gen", "lt", "col", "sgt")
    + ("capt", "rev", "adm", "maj", "senator", "representative", "governor", "mayor")
    + ("president", "judge", "coach", "chief", "sir", "dame", "lord", "lady")
)


def _name_key(name: str) -> str:
    words = name.casefold().split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    while len(words) > 1 and words[0].rstrip(".") in NAME_TITLES:
        words = words[1:]
    return re.sub(r"[’']s?$", "", " ".join(words))


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
            extent = suggestion.extent
            overlap = min(reference.content[1], extent[1]) - max(reference.content[0], extent[0])
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
        # A quote in fragments is compared as the stretch from its first to its last.
        pieces = [mentions[key] for key in fragment_ids(quote)]
        quotes.append(
            ReferenceQuote(
                content=(pieces[0][0], pieces[-1][1]),
                pieces=tuple(pieces) if len(pieces) > 1 else (),
                speaker_mention=mentions.get(quote.get("speaker_mention")),
                cue=mentions.get(quote.get("cue")),
                speaker=speaker["name"] if speaker else None,
                type=quote.get("type") or "direct",
            )
        )
    classes = tuple((record.get("metadata") or {}).get("classes") or ())
    return Reference(
        str(record.get("external_id", "")), text, quotes, list(speakers.values()), classes
    )


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r} (or a quote refers to an unknown mention id)"
    if isinstance(error, SpanError):
        return f"{error.field}: {error}"
    return f"a field has the wrong type ({error})"
