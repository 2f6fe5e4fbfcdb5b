"""Where speaker mentions are: the pronoun, role phrase or name just before a cue or just
after it, as spans of the text (code points). Used by the suggester's rules."""

import re
from itertools import islice

from ..spans import trim_span
from .lexicon import (
    ADVERB_PATTERN,
    HONORIFICS,
    NOT_NAME_WORDS,
    OWNED_SOURCE_PATTERN,
    PRONOUNS,
    ROLE_NOUNS,
    ROLE_PATTERN,
    SOURCE_GROUP_PATTERN,
    SOURCE_QUALIFIER_PATTERN,
    TITLES,
)
from .speakers import WORD, mention_kind

Span = tuple[int, int]
REACH = 160  # no speaker mention (with its apposition) is longer: scans stay local

ROLE_WITH_COMPLEMENT = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w\-]+\s+){{0,2}}?(?:{ROLE_PATTERN})\s+(?:of|for|at)"
    rf"(?:\s+[\w’'\-]+){{1,4}}$"
)
ADVERB_BEFORE = re.compile(rf"\b(?:(?:{ADVERB_PATTERN})\s+)*(?:{ADVERB_PATTERN})\s*$")
DETERMINERS = (
    *("the", "a", "an", "one", "two", "three", "four", "five", "several", "some"),
    *("le", "la", "les", "die", "der", "his", "her", "their", "its"),
)
# "Bornsten's letter", "the ministry's statement": the owner is the source.
OWNED_SOURCE = re.compile(
    rf"(?P<owner>(?:\b[Tt]he\s+)?(?:[A-Z][\w\-]*\s+){{0,3}}[\w\-]+[’']s?)\s+"
    rf"(?:{OWNED_SOURCE_PATTERN})$"
)
# "sources", "officials familiar with the matter", "three people briefed on the talks".
SOURCE_GROUP = re.compile(
    rf"(?:\b(?:[A-Z][\w.\-]*|two|three|four|five|several|some|many|\d+|senior|other)\s+){{0,3}}"
    rf"\b(?:{SOURCE_GROUP_PATTERN})(?:\s+(?:{SOURCE_QUALIFIER_PATTERN})(?:\s+[\w’'\-]+){{1,4}})?$",
    re.IGNORECASE,
)
# What may open an apposition after a name: "Jane Doe, who runs …, said", "…, a nurse, said".
APPOSITION_OPENER = re.compile(r"\s*(?:who|whose|which|a|an|the|one|now|\d+)\b")
APPOSITION_REACH = 160


def speaker_before_cue(text: str, floor: int, cue_start: int) -> Span | None:
    """The speaker mention ending just before a cue, past an adverb ("Peskov further")."""
    floor = max(floor, cue_start - REACH)
    end = cue_start
    while end > floor and text[end - 1].isspace():
        end -= 1
    adverb = ADVERB_BEFORE.search(text, floor, end)
    if adverb:
        end = adverb.start()
        while end > floor and text[end - 1].isspace():
            end -= 1
    if end > floor and text[end - 1] == ",":
        # "Jane Doe, the company's chief executive, said": the name before the apposition.
        opening = text.rfind(",", floor, end - 1)
        if opening < 0 or end - opening > 80 or len(text[opening:end].split()) > 8:
            return _name_before_apposition(text, floor, end - 1)
        inner = trim_span(text, opening + 1, end - 1)
        named = speaker_ending_at(text, inner[0], inner[1])
        if named == inner and mention_kind(text[inner[0] : inner[1]]) == "name":
            return inner
        while opening > floor and text[opening - 1].isspace():
            opening -= 1
        return speaker_ending_at(text, floor, opening)
    return speaker_ending_at(text, floor, end)


def _name_before_apposition(text: str, floor: int, comma: int) -> Span | None:
    """ "Rucker Culpepper, who runs …, said": a name before a long apposition that opens with
    a relative pronoun, an article or an age."""
    floor = max(floor, comma - APPOSITION_REACH)
    opening = text.find(",", floor, comma)
    while 0 <= opening < comma:
        if APPOSITION_OPENER.match(text, opening + 1, comma):
            named = speaker_ending_at(text, floor, opening)
            if named and mention_kind(text[named[0] : named[1]]) != "pronoun":
                return named
        opening = text.find(",", opening + 1, comma)
    return None


def speaker_ending_at(text: str, floor: int, end: int) -> Span | None:
    """A pronoun, a role phrase ("the NATO Secretary-General") or a name ending at `end`."""
    floor = max(floor, end - REACH)
    words = list(WORD.finditer(text, floor, end))
    if not words or words[-1].end() != end:
        return None
    last = words[-1].group()
    if last.lower() in PRONOUNS:
        return words[-1].span()
    group = SOURCE_GROUP.search(text, max(floor, end - 90), end)
    if group and group.end() == end:
        return _trim_start(text, group.start(), end)
    owned = OWNED_SOURCE.search(text, max(floor, end - 90), end)
    if owned:
        return owned.span("owner")
    with_complement = ROLE_WITH_COMPLEMENT.search(text, floor, end)
    if with_complement:
        return with_complement.start(), end
    first = len(words) - 1
    if last.lower() in ROLE_NOUNS:
        for index in range(len(words) - 2, max(-1, len(words) - 6), -1):
            if not _adjacent(text, words[index], words[index + 1]):
                break
            word = words[index].group()
            if word.lower() in DETERMINERS:
                return words[index].start(), end
            if word[0].isupper() or word.lower() in ROLE_NOUNS:
                first = index
        return (words[first].start(), end) if first < len(words) - 1 else None
    if not last[0].isupper() or last in NOT_NAME_WORDS:
        return None
    while first > 0 and len(words) - first < 4:
        word = words[first - 1].group()
        gap = text[words[first - 1].end() : words[first].start()]
        honorific = word in HONORIFICS and gap == ". "
        if not (
            (honorific or _adjacent(text, words[first - 1], words[first])) and word[0].isupper()
        ):
            break
        if word in NOT_NAME_WORDS or (word.lower() in ROLE_NOUNS and word not in TITLES):
            break
        first -= 1
    return words[first].start(), end


def _trim_start(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    return start, end


def speaker_starting_at(text: str, start: int, ceiling: int) -> Span | None:
    """A pronoun, role phrase or name starting at `start` ("said Peskov", "He expressed")."""
    words = list(islice(WORD.finditer(text, start, min(ceiling, start + REACH)), 6))
    if not words or words[0].start() != start:
        return None
    first = words[0].group()
    if first.lower() in PRONOUNS:
        return words[0].span()
    if first.lower() in DETERMINERS:
        for index in range(1, len(words)):
            if not _adjacent(text, words[index - 1], words[index]):
                return None
            if words[index].group().lower() in ROLE_NOUNS:
                return start, words[index].end()
        return None
    if not first[0].isupper():
        return None
    last = 0
    while last + 1 < len(words) and last < 3:
        following = words[last + 1]
        gap = text[words[last].end() : following.start()]
        honorific = words[last].group() in HONORIFICS and gap == ". "
        if not ((honorific or gap == " ") and following.group()[0].isupper()):
            break
        last += 1
    roles = [
        i
        for i in range(last + 1)
        if words[i].group().lower() in ROLE_NOUNS and words[i].group() not in TITLES
    ]
    begin = roles[-1] + 1 if roles and roles[-1] < last else 0
    if words[begin].group() in NOT_NAME_WORDS:
        return None
    return words[begin].start(), words[last].end()


def named_speaker_starting_at(text: str, start: int, ceiling: int) -> Span | None:
    """A person's name (two words or more, or a title and a name) starting at `start`."""
    span = speaker_starting_at(text, start, ceiling)
    if span is None or mention_kind(text[span[0] : span[1]]) != "name":
        return None
    words = text[span[0] : span[1]].split()
    if len(words) < 2:
        return None
    if any(w.isupper() and len(w) > 1 for w in words):
        return None  # an acronym: an organisation
    return span


def only_role_words(phrase: str) -> bool:
    """Empty, or words naming a role before a name ("Kremlin spokesperson", "lead author")."""
    words = phrase.split()
    return not words or (len(words) <= 4 and words[-1].lower() in ROLE_NOUNS)


def _adjacent(text: str, left: re.Match, right: re.Match) -> bool:
    return text[left.end() : right.start()] == " "
