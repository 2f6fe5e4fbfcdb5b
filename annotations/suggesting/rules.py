"""The quote suggester: reads an article and proposes its quotes, speakers and cues.

Rules, no model: direct quotes by matched quote marks (`marks`) with a cue before
or after them, indirect quotes of the forms "SPEAKER CUE that CONTENT", "SPEAKER said
CONTENT", "…, stating that CONTENT", "In SPEAKER's opinion, CONTENT", "According to SOURCE,
CONTENT", "CONTENT, SPEAKER CUE". Speaker mentions are found by `mentions` and
resolved to canonical speakers by `speakers`; the words are in
`lexicon`; spaCy helps if installed (`spacy`). A pure function over
plain data: `suggest(text, speakers)`; offsets are code points, as everywhere in newsquotes.
"""

import bisect
import hashlib
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from . import reported
from . import spacy as spacy_parser
from .confidence import CONFIDENCE, DEFAULT_CONFIDENCE
from .lexicon import (
    BARE_PARTICIPLE_PATTERN,
    CALLING_VERBS,
    CLAUSE_OPENER_PATTERN,
    CUE_PARTICIPLES,
    CUE_PHRASES,
    CUE_VERBS,
    HONORIFIC_PATTERN,
    OBJECT_CUE_PATTERN,
    OBJECT_CUE_VERBS,
    OPINION_NOUNS,
    OPINION_PATTERN,
    PARTICIPLE_PATTERN,
    REPORTING_NOUN_PATTERN,
    REPORTING_NOUNS,
    SETTING_PATTERN,
    TOLD_AUDIENCE_PATTERN,
    ZERO_THAT_PATTERN,
    ZERO_THAT_VERBS,
    alternation,
)
from .marks import Paragraphs, Quotation, quotations, sentences
from .mentions import (
    named_speaker_starting_at,
    only_role_words,
    speaker_before_cue,
    speaker_starting_at,
)
from .speakers import KnownSpeaker, SpeakerResolver

__all__ = ["KnownSpeaker", "SUGGESTER_VERSION", "Suggestion", "suggest"]

SUGGESTER_VERSION = "rules-4"
Span = tuple[int, int]

# When two suggestions claim the same words, the more reliable rule wins.
PRIORITY = {
    "direct_transcript": 0,
    "direct_marks_split": 1,
    "direct_marks_after": 1,
    "direct_marks_before": 2,
    "direct_marks_dash": 3,
    "direct_marks_embedded": 3,
    "direct_marks_continued": 4,
    "direct_marks_paragraph": 5,
    "direct_marks_alone": 6,
    "indirect_that": 7,
    "indirect_according": 8,
    "indirect_middle": 9,
    "indirect_participle": 10,
    "indirect_noun": 11,
    "indirect_calling": 12,
    "indirect_object": 13,
    "indirect_zero_that": 14,
    "indirect_after": 15,
}
# Rules whose quotation has no attribution of its own: a mixed quote around it wins. (One
# embedded after its cue, "said the plan was “dead on arrival.”", ends its sentence inside
# its marks: a direct quote.)
UNATTRIBUTED = ("direct_marks_alone", "direct_marks_paragraph")
SENTENCE_PUNCTUATION = ".!?"  # inside the marks: the quotation is a sentence, direct
MIN_UNATTRIBUTED_WORDS = 3  # shorter marked phrases without a cue are scare quotes or titles
MIN_INDIRECT_WORDS = 3
REMARK_ABOUT = re.compile(rf",\s+(?:a|an)\s+(?:{REPORTING_NOUN_PATTERN}|remark|comment|move)\b")
SENTENCE_AFTER = re.compile(r"[^.!?\n“”\"«»„]{0,300}")
MAX_ATTRIBUTION_WORDS = 6  # "said Kremlin spokesman Dmitry Peskov on Monday"
BEFORE_REACH = 150  # a cue before a quotation ends at most 40 characters before its mark
MAX_SENTENCE = 2000  # characters; longer "sentences" are not prose

# “A,” he said, “B.”: one quote in two pieces.
SPLIT_KIND = "direct_marks_split"
SPLIT_GAP = 160  # characters between the two quotations (the attribution)
# After the attribution, at most a short setting ("on Monday", "am Montag") before the comma.
SPLIT_TAIL = re.compile(
    r"(?:\s*,\s+(?:a|an|the|who|one)\s[^,.!?;:“”\"«»„‘’\n]{1,80}?)?"  # ", a fisherman from …"
    r"(?:\s+(?!(?:that|and|but|adding|saying|while|as|before)\b)[\w’'\-]+){0,6}\s*,\s*"
)
# “…,” said a farmer / « … », dit un agriculteur: after a cue that follows the quotation, a
# determiner and a noun are its subject.
INVERTED_SUBJECT = re.compile(
    r"(?:the|a|an|one|le|la|les|un|une|der|die|das|ein|eine)\s+(?:[^\W\d_A-Z][\w\-]*\s+)?"
    r"[^\W\d_A-Z][\w\-]*(?=\s*[,.;:!?]|\s*$|\s+(?:from|in|at|of|who|on|à|de|du|des|aus|im|am)\b)"
)
# « … », a déclaré le ministre: the auxiliary before a cue whose speaker follows it.
AUXILIARY_LEAD = frozenset(("a", "ont", "avait", "avaient", "hat", "haben", "hatte", "hatten"))
DASH_AFTER = re.compile(r"[ \t]*[―—–-]{1,2}[ \t]*")
TRANSCRIPT_LINE = re.compile(
    r"^(?P<speaker>[A-Z][A-Z’'\-]+(?: [A-Z][A-Z’'\-]+){0,2}):[ \t]+(?P<content>\S[^\n]*)$",
    re.MULTILINE,
)
QUOTE_MARK_CHARS = frozenset("“\"«„‘'`‚「『‹")
QUOTE_OPENERS = "“\"«„‘'`"
NOT_TRANSCRIPT = {"NOTE", "UPDATE", "CORRECTION", "PHOTO", "VIDEO", "WATCH", "READ MORE"}
PARTICIPLE_CLAUSE = re.compile(rf",\s*(?P<cue>{PARTICIPLE_PATTERN})\s+that\b[\s,]*")
# "…, saying the deficit would double": no "that", a clause straight after.
BARE_PARTICIPLE_CLAUSE = re.compile(
    rf",\s*(?P<cue>{BARE_PARTICIPLE_PATTERN})\s+"
    rf"(?=(?:{CLAUSE_OPENER_PATTERN})\s|[A-Z][\w’'\-]*\s+[a-z])(?!that\b)"
)
# "Merz said the coalition had …": a clause straight after the verb, no "that".
# "told Reuters the figures were …", "told the court she had …": whom it was told, then the
# clause.
ZERO_THAT_CLAUSE = re.compile(
    rf"\b(?P<cue>{ZERO_THAT_PATTERN}|told\s+(?:the\s+)?(?:{TOLD_AUDIENCE_PATTERN}"
    rf"|[A-Z][\w.&’'\-]*(?:\s+[A-Z][\w.&’'\-]*){{0,3}}))\b(?:\s+on\s+[A-Z]\w+day)?,?\s+"
    rf"(?=(?:{CLAUSE_OPENER_PATTERN})\s|\d|[A-Z][\w’'\-]*\s+[a-z])"
)
OBJECT_CLAUSE = re.compile(rf"\b(?P<cue>{OBJECT_CUE_PATTERN})\s+(?!that\b)(?=\w)")
IN_OPINION = re.compile(
    rf"(?:In|in)\s+(?P<speaker>(?:the\s+)?(?:[\w\-]+\s+){{0,3}}?[\w\-]+(?:[’']s\b|s[’']|[’']))"
    rf"\s+(?P<cue>{OPINION_PATTERN})\s*,\s*"
)
ACCORDING_TO = re.compile(r"(?P<cue>[Aa]ccording\s+to)\s+")
DATELINE = re.compile(r"[A-Z][A-Z .,'\-]+(?:\s*\([^)]{1,40}\))?\s*[-—–]+\s+")
CONTENT_TAIL = " \t\n.,;:!?"


@dataclass(frozen=True)
class Patterns:
    """The patterns that hold the cue vocabulary: the lexicon's, plus a project's cues."""

    cue: re.Pattern
    after_quote: re.Pattern
    before_quote: re.Pattern
    that_clause: re.Pattern
    middle: re.Pattern
    trigger: re.Pattern  # a word without which no indirect rule can match a sentence


@lru_cache(maxsize=32)
def patterns_for(extra_cues: tuple[str, ...] = ()) -> Patterns:
    """The cue patterns with `extra_cues` (words or phrases) added to the lexicon's."""
    vocabulary = alternation([*CUE_PHRASES, *CUE_VERBS, *extra_cues])
    # A cue, with the setting that belongs to it ("insisted in an interview"), or "told" and
    # the outlet told ("told CNN", "told the Associated Press").
    cue = (
        rf"\b(?P<cue>told\s+(?:the\s+)?[A-Z][\w.&’'\-]*(?:\s+[A-Z][\w.&’'\-]*){{0,3}}"
        rf"|(?:{vocabulary})(?:\s+(?:{SETTING_PATTERN}))?)\b"
    )
    return Patterns(
        cue=re.compile(cue),
        after_quote=re.compile(
            rf"[\s,]*(?P<lead>(?:(?:{HONORIFIC_PATTERN})\.|[^.!?\n“”\"«»„]){{0,60}}?){cue}"
        ),
        before_quote=re.compile(
            rf"{cue}(?P<adjunct>[^.!?:\n“”\"«»„]{{0,40}}?)\s*(?P<punct>[:,]?)\s*$"
        ),
        that_clause=re.compile(rf"{cue}(?:\s+[\w’'\-]+){{0,3}}?\s+that\b[\s,]*"),
        middle=re.compile(rf"\s*{cue}\s*,\s+"),
        trigger=re.compile(rf"\b(?:{alternation(_trigger_words(extra_cues))})\b"),
    )


def _trigger_words(extra_cues: tuple[str, ...]) -> set[str]:
    """The first word of every cue, verb, participle and noun the indirect rules read."""
    phrases = [
        *CUE_PHRASES,
        *CUE_VERBS,
        *extra_cues,
        *ZERO_THAT_VERBS,
        *CUE_PARTICIPLES,
        *OBJECT_CUE_VERBS,
        *OPINION_NOUNS,
        *REPORTING_NOUNS,
        *CALLING_VERBS,
        *("described", "according", "According", "told"),
    ]
    return {phrase.split()[0] for phrase in phrases if phrase.strip()}


@dataclass
class Suggestion:
    """A proposed quote. `key` is stable: the same rule on the same spans gives the same key."""

    kind: str
    type: str
    content: Span
    speaker_mention: Span | None = None
    cue: Span | None = None
    speaker: str | None = None
    speaker_is_new: bool = False
    confidence: float = -1.0  # the rule's precision on the tuning set; -1: take the rule's
    # A quote in several pieces (“A,” he said, “B.”): `content` is the first, these the
    # others, in text order; empty for a quote in one piece.
    fragments: tuple[Span, ...] = ()
    key: str = field(init=False)

    def __post_init__(self) -> None:
        self.content = tuple(self.content)
        self.speaker_mention = tuple(self.speaker_mention) if self.speaker_mention else None
        self.cue = tuple(self.cue) if self.cue else None
        self.fragments = tuple(tuple(f) for f in self.fragments)
        if self.confidence < 0:
            self.confidence = CONFIDENCE.get(self.kind, DEFAULT_CONFIDENCE)
        identity = f"{self.kind}|{self.content}|{self.speaker_mention}|{self.cue}"
        if self.fragments:
            identity += f"|{self.fragments}"
        self.key = hashlib.sha256(identity.encode()).hexdigest()[:20]

    @property
    def pieces(self) -> tuple[Span, ...]:
        """All of the quote's content spans, in text order."""
        return (self.content, *self.fragments)

    @property
    def extent(self) -> Span:
        """From the start of the first piece to the end of the last."""
        return self.content[0], (self.fragments[-1] if self.fragments else self.content)[1]

    def as_dict(self, text: str | None = None) -> dict:
        """Plain JSON data; with `text`, each span carries the words it covers. `fragments`
        lists the pieces after `content` (empty for a quote in one piece)."""
        data = asdict(self)
        for part in ("content", "speaker_mention", "cue"):
            data[part] = _span_dict(getattr(self, part), text)
        data["fragments"] = [_span_dict(span, text) for span in self.fragments]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Suggestion":
        def span(part):
            value = data.get(part)
            return None if not value else (value["start"], value["end"])

        return cls(
            kind=data["kind"],
            type=data["type"],
            content=span("content"),
            speaker_mention=span("speaker_mention"),
            cue=span("cue"),
            speaker=data.get("speaker"),
            speaker_is_new=data.get("speaker_is_new", False),
            confidence=data.get("confidence", -1.0),
            fragments=[(f["start"], f["end"]) for f in data.get("fragments") or ()],
        )


def _span_dict(span: Span | None, text: str | None) -> dict | None:
    if span is None:
        return None
    data = {"start": span[0], "end": span[1]}
    if text is not None:
        data["text"] = text[span[0] : span[1]]
    return data


def suggest(text: str, speakers=(), cues=()) -> list[Suggestion]:
    """The quotes the rules find in `text`, in text order; `speakers` are the project's
    speakers (KnownSpeaker, or mappings/objects with name and aliases), `cues` words or
    phrases a project adds to the lexicon's cues. Each carries its rule's confidence."""
    patterns = patterns_for(tuple(sorted(set(cues))))
    marked = quotations(text)
    paragraphs = Paragraphs(text)
    candidates = _transcript_lines(text) + _direct_quotes(text, marked, paragraphs, patterns)
    inside_quotes = [q.inner for q in marked]
    unattributed = sorted(
        (s.content, index)
        for index, s in enumerate(candidates)
        if s.kind in UNATTRIBUTED and text[s.content[1] - 1] not in SENTENCE_PUNCTUATION
    )
    overruled: set[int] = set()
    analysis = spacy_parser.analyse(text)
    for start, end in analysis.sentences if analysis else sentences(text):
        if end - start > MAX_SENTENCE:
            continue  # not prose (a table, a list run together): no indirect quotes
        for suggestion in _indirect_quotes(text, start, end, patterns):
            if suggestion.cue and _inside(inside_quotes, suggestion.cue[0]):
                continue
            candidates.append(suggestion)
            if suggestion.type == "mixed":
                overruled.update(_within(unattributed, suggestion.content))
    candidates = [c for i, c in enumerate(candidates) if i not in overruled]
    chosen = _without_overlaps(candidates)
    _resolve_speakers(text, chosen, speakers, analysis.persons if analysis else ())
    return sorted(chosen, key=lambda s: s.content)


def _direct_quotes(text: str, marked: list[Quotation], paragraphs: Paragraphs, patterns) -> list:
    found: list[Suggestion] = []
    split_from: tuple[Quotation, Suggestion] | None = None  # “A,” he said, … waiting for “B.”
    for quotation in marked:
        content = _trim(text, *quotation.inner, tail=" \t\n")
        if content[0] >= content[1]:
            continue
        if split_from and _continues_split(text, *split_from, quotation, paragraphs, patterns):
            first = split_from[1]
            found[-1] = Suggestion(
                SPLIT_KIND,
                "direct",
                first.content,
                first.speaker_mention,
                first.cue,
                fragments=(content,),
            )
            split_from = None
            continue
        split_from = None
        suggestion = None
        new_sentence = _ends_before_new_sentence(text, content, quotation)
        if new_sentence:
            # “… even for him.” She says …: the quote belongs to the cue before it.
            suggestion = _cue_before(text, quotation, content, paragraphs, patterns, relaxed=True)
        if suggestion is None and not (new_sentence and _says_more_after(text, quotation)):
            suggestion = _cue_after(text, quotation, content, paragraphs, patterns)
        suggestion = (
            suggestion
            or _cue_before(text, quotation, content, paragraphs, patterns)
            or _dash_after(text, quotation, content, paragraphs)
        )
        previous = found[-1] if found else None
        if suggestion is None and previous and previous.speaker_mention:
            # Only a quotation that follows the previous one's attribution sentence directly.
            gap = text[max(previous.content[1], *previous.speaker_mention) : quotation.open]
            spoke_before = previous.speaker_mention[0] < previous.content[0]
            if _one_sentence_tail(gap, allowed=0 if spoke_before else 1):
                suggestion = Suggestion(
                    "direct_marks_continued", "direct", content, previous.speaker_mention
                )
        if suggestion is None and _worth_proposing(text[content[0] : content[1]]):
            speaker = _paragraph_speaker(text, quotation, paragraphs)
            if speaker:
                suggestion = Suggestion("direct_marks_paragraph", "direct", content, speaker)
            else:
                suggestion = Suggestion("direct_marks_alone", "direct", content)
        if suggestion is not None:
            found.append(suggestion)
            if suggestion.kind == "direct_marks_after" and _may_go_on(text, quotation):
                split_from = (quotation, suggestion)
    return found


def _may_go_on(text: str, quotation: Quotation) -> bool:
    """“We will not give up,” …: the quoted sentence is not over at the closing mark."""
    inner = text[quotation.inner[0] : quotation.inner[1]].rstrip()
    return bool(inner) and inner[-1] not in ".:;"


def _continues_split(
    text: str, quotation: Quotation, first: Suggestion, following: Quotation, paragraphs, patterns
) -> bool:
    """“A,” he said, “B.”: the next quotation follows the first one's attribution, and only
    a comma (after a setting such as "on Monday") separates them, in the same paragraph: one
    quote in two pieces, its speaker and cue shared."""
    gap_start, gap_end = quotation.end, following.open
    if gap_end - gap_start > SPLIT_GAP or paragraphs.bounds(gap_start)[1] < gap_end:
        return False
    if not first.speaker_mention or not first.cue:
        return False
    attribution_end = max(first.speaker_mention[1], first.cue[1])
    if attribution_end > gap_end:
        return False
    tail = text[attribution_end:gap_end]
    if not SPLIT_TAIL.fullmatch(tail):
        return False
    # A cue of its own after the second piece ("“B,” she replied") makes it another quote.
    content = _trim(text, *following.inner, tail=" \t\n")
    own = _cue_after(text, following, content, paragraphs, patterns)
    return own is None or own.speaker_mention == first.speaker_mention


def _worth_proposing(quoted: str) -> bool:
    """Three words or more, not a title (“The Art of the Deal”), and not a phrase quoted
    inside the writer's own sentence (“a gift to landlords”: lowercase, not ending a sentence
    inside its marks), which is a partial quote, or a scare quote, not a direct one."""
    words = quoted.split()
    if len(words) < MIN_UNATTRIBUTED_WORDS:
        return False
    first_letter = next((char for char in quoted if char.isalpha()), "")
    if first_letter.islower() and quoted.rstrip()[-1:] not in SENTENCE_PUNCTUATION:
        return False
    title_case = all(w[0].isupper() or len(w) <= 3 for w in words if w[0].isalpha())
    return not (title_case and quoted.rstrip()[-1:] not in ".!?,")


def _ends_before_new_sentence(text: str, content: Span, quotation: Quotation) -> bool:
    if text[content[1] - 1 : content[1]] != ".":
        return False
    after = _skip_space(text, quotation.end)
    return after < len(text) and text[after].isupper() and text[quotation.end : after] == " "


def _says_more_after(text: str, quotation: Quotation) -> bool:
    """ "“…him.” She says it underscores …": the sentence after the quotation reports
    something else, so its speaker is not the quotation's."""
    sentence = SENTENCE_AFTER.match(text, quotation.end)
    return sentence is not None and len(sentence.group().split()) > MAX_ATTRIBUTION_WORDS


def _transcript_lines(text: str) -> list[Suggestion]:
    """PENCE: Well, look, … — a transcript: two lines or more that open with a name in
    capitals and a colon."""
    found = []
    for match in TRANSCRIPT_LINE.finditer(text):
        if match.group("speaker") in NOT_TRANSCRIPT:
            continue
        content = _trim(text, *match.span("content"), tail=" \t")
        if content[0] < content[1]:
            found.append(Suggestion("direct_transcript", "direct", content, match.span("speaker")))
    return found if len(found) >= 2 else []


def _dash_after(text: str, quotation: Quotation, content: Span, paragraphs) -> Suggestion | None:
    """“…” ― Francisco Herrero: a name after a dash that follows the quotation."""
    dash = DASH_AFTER.match(text, quotation.end, paragraphs.bounds(quotation.end)[1])
    if dash is None or not text[quotation.end : dash.end()].strip():
        return None
    speaker = speaker_starting_at(text, dash.end(), paragraphs.bounds(dash.end())[1])
    if speaker is None:
        return None
    return Suggestion("direct_marks_dash", "direct", content, speaker)


def _paragraph_speaker(text: str, quotation: Quotation, paragraphs) -> Span | None:
    """The person named at the start of the paragraph (or of the paragraph before, when this
    one opens with the quotation): news carries a speaker through a paragraph."""
    start, _ = paragraphs.bounds(quotation.open)
    if text[start] in QUOTE_OPENERS:
        if start < 2:
            return None
        before, before_end = paragraphs.bounds(start - 1)
        while before == before_end and before >= 2:  # blank lines between paragraphs
            before, before_end = paragraphs.bounds(before - 1)
        if any(mark in text[before:before_end] for mark in '“"«„‘'):
            return None
        start = before
    return named_speaker_starting_at(text, start, quotation.open)


def _cue_after(
    text: str, quotation: Quotation, content: Span, paragraphs, patterns
) -> Suggestion | None:
    """“…,” Peskov told reporters / “…,” said the spokesman."""
    paragraph_end = paragraphs.bounds(quotation.end)[1]
    match = patterns.after_quote.match(text, quotation.end, paragraph_end)
    if match is None:
        return None
    cue = match.span("cue")
    if match.group("lead").strip() and match.group("lead").strip() not in AUXILIARY_LEAD:
        speaker = speaker_before_cue(text, match.start("lead"), cue[0])
        if speaker is None or not only_role_words(text[match.start("lead") : speaker[0]]):
            return None
    else:
        subject = _skip_space(text, cue[1])
        speaker = speaker_starting_at(text, subject, paragraph_end)
        if speaker is None:
            inverted = INVERTED_SUBJECT.match(text, subject, paragraph_end)
            if inverted is None:
                return None
            speaker = inverted.span()
    return Suggestion("direct_marks_after", "direct", content, speaker, cue)


def _cue_before(
    text: str, quotation: Quotation, content: Span, paragraphs, patterns, relaxed: bool = False
) -> Suggestion | None:
    """Peskov told reporters: “…” / She said “…”; `relaxed`, also "says Trump's “…”"."""
    paragraph_start = max(paragraphs.bounds(quotation.open)[0], quotation.open - BEFORE_REACH)
    match = patterns.before_quote.search(text, paragraph_start, quotation.open)
    if match is None:
        return None
    if match.group("adjunct").strip() and not match.group("punct") and not relaxed:
        return None
    speaker = speaker_before_cue(text, paragraph_start, match.start("cue"))
    if speaker is None:
        return None
    embedded = match.group("adjunct").strip() and not match.group("punct")
    kind = "direct_marks_embedded" if embedded else "direct_marks_before"
    return Suggestion(kind, "direct", content, speaker, match.span("cue"))


def _indirect_quotes(text: str, start: int, end: int, patterns: Patterns) -> list[Suggestion]:
    """The indirect rules over one sentence."""
    if not patterns.trigger.search(text, start, end):
        return []
    found = []
    for match in patterns.that_clause.finditer(text, start, end):
        speaker = speaker_before_cue(text, start, match.start("cue"))
        if speaker:
            found.append(_indirect(text, "indirect_that", (match.end(), end), speaker, match))
    opinion = IN_OPINION.match(text, start, end)
    if opinion:
        found.append(
            _indirect(
                text, "indirect_according", (opinion.end(), end), opinion.span("speaker"), opinion
            )
        )
    according = ACCORDING_TO.match(text, start, end)
    comma = text.find(",", according.end(), end) if according else -1
    if according and 0 < len(text[according.end() : comma].split()) <= 6:
        speaker = _trim(text, according.end(), comma)
        if speaker:
            found.append(
                _indirect(text, "indirect_according", (comma + 1, end), speaker, according)
            )
    for match in ZERO_THAT_CLAUSE.finditer(text, start, end):
        speaker = speaker_before_cue(text, start, match.start("cue"))
        if speaker:
            found.append(_indirect(text, "indirect_zero_that", (match.end(), end), speaker, match))
    for pattern in (PARTICIPLE_CLAUSE, BARE_PARTICIPLE_CLAUSE):
        for match in pattern.finditer(text, start, end):
            speaker = speaker_starting_at(text, start, match.start()) or _speaker_of_last_cue(
                text, start, match.start(), patterns
            )
            if speaker:
                found.append(
                    _indirect(text, "indirect_participle", (match.end(), end), speaker, match)
                )
    for match in OBJECT_CLAUSE.finditer(text, start, end):
        speaker = speaker_before_cue(text, start, match.start("cue"))
        if speaker:
            found.append(_indirect(text, "indirect_object", (match.end(), end), speaker, match))
    found.extend(_content_then_cue(text, start, end, patterns))
    for kind, content, speaker, cue, more in reported.attributions(
        text, start, end, patterns.middle
    ):
        found.append(_indirect(text, kind, content, speaker, None, cue, more))
    return [
        s
        for s in found
        if s
        and (
            s.kind == "indirect_middle"
            or len(text[s.content[0] : s.content[1]].split()) >= MIN_INDIRECT_WORDS
        )
    ]


def _content_then_cue(text: str, start: int, end: int, patterns: Patterns) -> list[Suggestion]:
    """The economy will grow, the minister said."""
    cues = list(patterns.cue.finditer(text[start:end]))
    if not cues:
        return []
    cue = (start + cues[-1].start("cue"), start + cues[-1].end("cue"))
    rest = text[cue[1] : end].strip(CONTENT_TAIL).split(",")[0]
    if len(rest.split()) > 4 or " that " in f" {rest} ":
        return []
    speaker = speaker_before_cue(text, start, cue[0])
    if speaker is None:
        return []
    before = text[start : speaker[0]].rstrip()
    comma = before.rfind(",")
    if comma < 0 or not only_role_words(before[comma + 1 :]):
        return []
    before = before[: comma + 1]
    dateline = DATELINE.match(text, start, start + len(before))
    content = (dateline.end() if dateline else start, start + len(before) - 1)
    return [_indirect(text, "indirect_after", content, speaker, None, cue)]


def _indirect(text, kind, content, speaker, match, cue=None, more=()) -> Suggestion | None:
    remark = REMARK_ABOUT.search(text, *content)
    if remark:
        # "… veterans' benefits, a promise his opponents called empty": the writer's aside.
        content = (content[0], remark.start())
    content = _trim(text, *content)
    if content[0] >= content[1]:
        return None
    cue = cue or match.span("cue")
    marked = False
    for start, end in (content, *more):
        inner = text[start:end]
        marked = marked or (not QUOTE_MARK_CHARS.isdisjoint(inner) and bool(quotations(inner)))
    kind_of_quote = "mixed" if marked else "indirect"
    return Suggestion(kind, kind_of_quote, content, speaker, cue, fragments=more)


def _speaker_of_last_cue(text: str, start: int, end: int, patterns: Patterns) -> Span | None:
    """ "“…,” he said, adding …": the speaker of the cue before, in the same sentence."""
    cues = list(patterns.cue.finditer(text[start:end]))
    if not cues:
        return None
    cue = (start + cues[-1].start("cue"), start + cues[-1].end("cue"))
    return speaker_before_cue(text, start, cue[0]) or speaker_starting_at(
        text, _skip_space(text, cue[1]), end
    )


def _one_sentence_tail(gap: str, allowed: int) -> bool:
    """Nothing but the rest of the attribution sentence (" he said on Monday. ") if allowed."""
    if gap.count("\n") > 2 or len(gap) > 120:
        return False
    tail = gap.strip(' \t\n,;:”’»」"')
    if tail and tail[-1] not in ".!?":
        return False  # the new quotation must begin a sentence
    return len([p for p in re.split(r"[.!?]", tail) if p.strip()]) <= allowed


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position].isspace():
        position += 1
    return position


def _trim(text: str, start: int, end: int, tail: str = CONTENT_TAIL) -> Span:
    """Drop the white space (and, for indirect content, the closing punctuation) around a span."""
    while start < end and (text[start].isspace() or text[start] == ","):
        start += 1
    while end > start and text[end - 1] in tail:
        end -= 1
    return start, end


def _without_overlaps(candidates: list[Suggestion]) -> list[Suggestion]:
    """Keep one suggestion per stretch of text, preferring the more reliable rules."""
    chosen: list[Suggestion] = []
    taken: list[Span] = []  # the chosen contents, sorted; they never overlap each other
    for candidate in sorted(candidates, key=lambda s: (PRIORITY[s.kind], s.content)):
        start, end = candidate.extent
        index = bisect.bisect_left(taken, (start, end))
        before_ok = index == 0 or taken[index - 1][1] <= start
        after_ok = index == len(taken) or taken[index][0] >= end
        if before_ok and after_ok:
            taken.insert(index, (start, end))
            chosen.append(candidate)
    return chosen


def _within(spans: list[tuple[Span, int]], outer: Span) -> list[int]:
    """The indices of the (sorted) spans lying inside `outer`."""
    index = bisect.bisect_left(spans, ((outer[0], -1), -1))
    inside = []
    while index < len(spans) and spans[index][0][0] < outer[1]:
        if spans[index][0][1] <= outer[1]:
            inside.append(spans[index][1])
        index += 1
    return inside


def _inside(spans: list[Span], position: int) -> bool:
    """Whether `position` falls in one of `spans` (sorted, not overlapping)."""
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _resolve_speakers(text: str, chosen: list[Suggestion], speakers, persons) -> None:
    """Name each suggestion's speaker, in text order, so pronouns find the latest one."""
    if not any(s.speaker_mention for s in chosen):
        return
    resolver = SpeakerResolver(text, speakers, persons)
    resolved: dict[Span, tuple[str | None, bool]] = {}
    for suggestion in sorted(chosen, key=lambda s: s.speaker_mention or (10**9, 0)):
        span = suggestion.speaker_mention
        if span is None:
            continue
        if span not in resolved:
            resolution = resolver.resolve(*span)
            resolved[span] = (resolution.name, resolution.is_new)
        suggestion.speaker, suggestion.speaker_is_new = resolved[span]
