"""Where speaker mentions are: the pronoun, role phrase or name just before a cue or just
after it, as spans of the text (code points). Used by the suggester's rules."""

import re
from itertools import islice

from ..spans import trim_span
from .lexicon import ADVERB_PATTERN, NOT_NAME_WORDS, PRONOUNS, ROLE_NOUNS, ROLE_PATTERN
from .speakers import WORD, mention_kind

Span = tuple[int, int]
REACH = 160  # no speaker mention (with its apposition) is longer: scans stay local

ROLE_WITH_COMPLEMENT = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w\-]+\s+){{0,2}}?(?:{ROLE_PATTERN})\s+(?:of|for|at)"
    rf"(?:\s+[\w’'\-]+){{1,4}}$"
)
ADVERB_BEFORE = re.compile(rf"\b(?:{ADVERB_PATTERN})\s*$")


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
            return None
        inner = trim_span(text, opening + 1, end - 1)
        named = speaker_ending_at(text, inner[0], inner[1])
        if named == inner and mention_kind(text[inner[0] : inner[1]]) == "name":
            return inner
        while opening > floor and text[opening - 1].isspace():
            opening -= 1
        return speaker_ending_at(text, floor, opening)
    return speaker_ending_at(text, floor, end)


def speaker_ending_at(text: str, floor: int, end: int) -> Span | None:
    """A pronoun, a role phrase ("the NATO Secretary-General") or a name ending at `end`."""
    floor = max(floor, end - REACH)
    words = list(WORD.finditer(text, floor, end))
    if not words or words[-1].end() != end:
        return None
    last = words[-1].group()
    if last.lower() in PRONOUNS:
        return words[-1].span()
    with_complement = ROLE_WITH_COMPLEMENT.search(text, floor, end)
    if with_complement:
        return with_complement.start(), end
    first = len(words) - 1
    if last.lower() in ROLE_NOUNS:
        for index in range(len(words) - 2, max(-1, len(words) - 6), -1):
            if not _adjacent(text, words[index], words[index + 1]):
                break
            word = words[index].group()
            if word.lower() in ("the", "a", "an"):
                return words[index].start(), end
            if word[0].isupper() or word.lower() in ROLE_NOUNS:
                first = index
        return (words[first].start(), end) if first < len(words) - 1 else None
    if not last[0].isupper() or last in NOT_NAME_WORDS:
        return None
    while first > 0 and len(words) - first < 4:
        word = words[first - 1].group()
        if not (_adjacent(text, words[first - 1], words[first]) and word[0].isupper()):
            break
        if word in NOT_NAME_WORDS or word.lower() in ROLE_NOUNS:
            break
        first -= 1
    return words[first].start(), end


def speaker_starting_at(text: str, start: int, ceiling: int) -> Span | None:
    """A pronoun, role phrase or name starting at `start` ("said Peskov", "He expressed")."""
    words = list(islice(WORD.finditer(text, start, min(ceiling, start + REACH)), 6))
    if not words or words[0].start() != start:
        return None
    first = words[0].group()
    if first.lower() in PRONOUNS:
        return words[0].span()
    if first.lower() in ("the", "a", "an"):
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
        if not (_adjacent(text, words[last], following) and following.group()[0].isupper()):
            break
        last += 1
    roles = [i for i in range(last + 1) if words[i].group().lower() in ROLE_NOUNS]
    begin = roles[-1] + 1 if roles and roles[-1] < last else 0
    if words[begin].group() in NOT_NAME_WORDS:
        return None
    return words[begin].start(), words[last].end()


def only_role_words(phrase: str) -> bool:
    """Empty, or words naming a role before a name ("Kremlin spokesperson", "lead author")."""
    words = phrase.split()
    return not words or (len(words) <= 4 and words[-1].lower() in ROLE_NOUNS)


def _adjacent(text: str, left: re.Match, right: re.Match) -> bool:
    return text[left.end() : right.start()] == " "
