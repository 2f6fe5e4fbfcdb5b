"""Indirect attribution that needs no "that" after a verb: the cue in the middle ("Acts of
protest, Mr. Obama said, are acts of patriotism"), "…, according to SOURCE", reporting nouns
("his argument that …") and naming verbs ("what analysts described as …", "called the plan
“a gift”"). Each rule reads one sentence with bounded look-ups, so the whole stays linear.

The rules return plain tuples (rule, content, speaker mention, cue, later pieces of the
content); `rules` makes them suggestions."""

import re

from .lexicon import CALLING_PATTERN, CALLING_QUOTED_PATTERN, OPENING_WORDS, REPORTING_NOUN_PATTERN
from .lexicon import _words as words
from .mentions import speaker_before_cue

Span = tuple[int, int]
Found = tuple[str, Span, Span | None, Span, tuple[Span, ...]]

MAX_MIDDLE_OPENING = 100  # characters of "Acts of protest" before the speaker and cue
NOT_OPENING = set(words(OPENING_WORDS))
ACCORDING_AFTER = re.compile(r",\s+(?P<cue>according\s+to)\s+(?P<source>[^,;:“”\"]{2,120}?)\s*$")
REPORTING_NOUN = re.compile(
    r"\b(?:(?P<owner>[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)|[Tt]he)\s+(?:[a-z]+\s+)?"
    rf"(?P<cue>{REPORTING_NOUN_PATTERN})\s+that\s+"
)
# Where the subject "His argument that tariffs protect jobs" ends and its verb begins.
SUBJECT_VERB = re.compile(r"\s(?:was|were|is|are|has been|have been|remains|drew|prompted)\s")
WHAT_CALLED = re.compile(
    r"\bwhat\s+(?P<speaker>(?:[\w’'\-]+\s+){0,4}?[\w’'\-]+)\s+"
    rf"(?P<cue>{CALLING_PATTERN})\s+(?P<content>[^,;.]{{3,200}})"
)
CALLED_QUOTED = re.compile(
    rf"\b(?P<cue>{CALLING_QUOTED_PATTERN})\s+(?P<content>[^.;“”\"«»]{{0,80}}?[“\"«][^”\"»\n]{{1,200}}[”\"»])"
)
TAIL = " \t\n.,;:!?"


def attributions(text: str, start: int, end: int, middle_cue: re.Pattern) -> list[Found]:
    """What these rules find in the sentence text[start:end]."""
    found: list[Found] = []
    found.extend(_cue_in_the_middle(text, start, end, middle_cue))
    found.extend(_according_after(text, start, end))
    found.extend(_reporting_noun(text, start, end))
    found.extend(_calling(text, start, end))
    return found


def _cue_in_the_middle(text: str, start: int, end: int, middle_cue: re.Pattern) -> list[Found]:
    """Acts of protest, Mr. Obama said, are acts of patriotism: one quote in two pieces."""
    comma = text.find(",", start, min(end, start + MAX_MIDDLE_OPENING))
    if comma < 0:
        return []
    opening = text[start:comma].split()
    if len(opening) < 2 or opening[0] in NOT_OPENING or any(m in text[start:comma] for m in '“"'):
        return []
    cue = middle_cue.search(text, comma + 1, min(end, comma + 120))
    if cue is None:
        return []
    speaker = speaker_before_cue(text, comma + 1, cue.start("cue"))
    if speaker is None or text[comma + 1 : speaker[0]].strip():
        return []
    rest = _trim(text, cue.end(), end)
    if len(text[rest[0] : rest[1]].split()) < 2:
        return []
    first = _trim(text, start, comma)
    return [("indirect_middle", first, speaker, cue.span("cue"), (rest,))]


def _according_after(text: str, start: int, end: int) -> list[Found]:
    """The deal is worth $2 billion, according to two people briefed on the talks."""
    sentence_end = end
    while sentence_end > start and text[sentence_end - 1] in TAIL:
        sentence_end -= 1
    match = ACCORDING_AFTER.search(text, max(start, sentence_end - 160), sentence_end)
    if match is None or len(match.group("source").split()) > 12:
        return []
    content = _trim(text, start, match.start())
    if len(text[content[0] : content[1]].split()) < 3:
        return []
    return [("indirect_according", content, match.span("source"), match.span("cue"), ())]


def _reporting_noun(text: str, start: int, end: int) -> list[Found]:
    """His argument that tariffs protect jobs …; the company rejected the claim that …"""
    found = []
    for match in REPORTING_NOUN.finditer(text, start, end):
        content_end = end
        if not text[start : match.start()].strip():
            # The noun phrase is the subject: its content ends where the verb begins.
            # The last verb, so that the content's own ("the vaccine was rushed") stays in it.
            verbs = list(SUBJECT_VERB.finditer(text, match.end(), end))
            if verbs:
                content_end = verbs[-1].start()
        speaker = match.span("owner") if match.group("owner") else None
        content = _trim(text, match.end(), content_end)
        found.append(("indirect_noun", content, speaker, match.span("cue"), ()))
    return found


def _calling(text: str, start: int, end: int) -> list[Found]:
    """What analysts described as age-old tactics; critics called the plan “a gift”."""
    found = []
    for match in WHAT_CALLED.finditer(text, start, end):
        speaker = match.span("speaker")
        content = _trim(text, *match.span("content"))
        found.append(("indirect_calling", content, speaker, match.span("cue"), ()))
    for match in CALLED_QUOTED.finditer(text, start, end):
        if text[max(start, match.start() - 40) : match.start()].rstrip().endswith(("what", "so-")):
            continue
        speaker = speaker_before_cue(text, start, match.start("cue"))
        if speaker:
            found.append(
                ("indirect_calling", match.span("content"), speaker, match.span("cue"), ())
            )
    return found


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and (text[start].isspace() or text[start] == ","):
        start += 1
    while end > start and text[end - 1] in TAIL:
        end -= 1
    return start, end
