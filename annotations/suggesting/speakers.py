"""Who a speaker mention names: the project's speakers and aliases, names met in the text, and
the most recent named speaker for a pronoun or an unknown role phrase."""

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import (
    GROUP_NOUNS,
    HONORIFICS,
    NOT_NAME_WORDS,
    ORGANISATION_WORDS,
    PLACE_WORDS,
    PRONOUNS,
    ROLE_NOUNS,
    TITLES,
)

WORD = re.compile(r"[^\W\d_][\w\-’'.]*[\w]|[^\W\d_]")
POSSESSIVE = re.compile(r"[’']s?$")


@dataclass(frozen=True)
class KnownSpeaker:
    """A project's speaker as plain data: the suggester never touches the database."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    name: str | None
    is_new: bool = False


def known_speakers(speakers: Iterable) -> list[KnownSpeaker]:
    """Accept KnownSpeaker, mappings with name/aliases, or objects with those attributes."""
    result = []
    for speaker in speakers:
        if isinstance(speaker, KnownSpeaker):
            result.append(speaker)
        elif isinstance(speaker, Mapping):
            result.append(KnownSpeaker(speaker["name"], tuple(speaker.get("aliases") or ())))
        else:
            result.append(KnownSpeaker(speaker.name, tuple(getattr(speaker, "aliases", ()) or ())))
    return result


@lru_cache(maxsize=8192)  # names recur through an article: each form is worked out once
def normalise(phrase: str) -> str:
    """Compare names without case, possessive, a leading article or a title ("Mr.")."""
    words = phrase.split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    while len(words) > 1 and words[0].rstrip(".") in TITLES:
        words = words[1:]
    joined = " ".join(words)
    return POSSESSIVE.sub("", joined).casefold() if joined else ""


def display_name(phrase: str) -> str:
    """A name as a new speaker is called: no title or possessive; PENCE becomes Pence."""
    words = POSSESSIVE.sub("", phrase).split()
    if words and words[0].lower() == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[0].rstrip(".") in TITLES:
        words = words[1:]
    name = " ".join(words)
    return name.title() if name.isupper() and len(name) > 1 else name


def mention_kind(phrase: str) -> str:
    """pronoun, role or name: how a speaker mention refers to its speaker."""
    if phrase.lower() in PRONOUNS or phrase.lower() in ("his", "her", "their"):
        return "pronoun"
    words = [w.lower() for w in phrase.split()]
    if words and phrase[0].islower() and words[0] not in ("the", "a", "an"):
        return "group"  # "sources", "one economist", "figures released by …": no one named
    if words and words[-1] in GROUP_NOUNS:
        return "group"
    if words and (words[0] in ("the", "a", "an") or words[-1] in ROLE_NOUNS):
        return "role"
    if len(words) > 2 and any(w in GROUP_NOUNS for w in words):
        return "group"  # "people familiar with the matter"
    return "name"


class SpeakerResolver:
    """Resolves speaker mentions of one text, remembering who spoke last."""

    def __init__(self, text: str, speakers: Iterable, persons: Iterable[tuple[int, int]] = ()):
        self.text = text
        self.persons = {text[start:end] for start, end in persons}
        self.forms: dict[str, str] = {}
        self.surnames: dict[str, str] = {}
        for speaker in known_speakers(speakers):
            for form in (speaker.name, *speaker.aliases):
                self.forms.setdefault(normalise(form), speaker.name)
            self.surnames.setdefault(normalise(speaker.name.split()[-1]), speaker.name)
        self.new_names: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        self.events: list[tuple[int, str, bool]] = []
        self._scan_titled_names()
        self._scan_names()
        self.spoken: list[tuple[int, Resolution]] = []

    def resolve(self, start: int, end: int) -> Resolution:
        """The canonical speaker of the mention text[start:end]; remembered for pronouns."""
        phrase = self.text[start:end]
        kind = mention_kind(phrase)
        if kind == "pronoun":
            resolution = self.most_recent(start)
        elif kind == "group":
            resolution = Resolution(None)
        else:
            resolution = self._by_name(phrase)
            if resolution is None and kind == "role":
                # "the minister" is someone named before; "a spokesperson" is someone new, and
                # so is "his opponent".
                indefinite = phrase.split()[0].lower() in ("a", "an", "his", "her", "their")
                resolution = Resolution(None) if indefinite else self.most_recent(start)
            if resolution is None:
                resolution = Resolution(display_name(phrase), True)
        if resolution.name:
            self.spoken.append((start, resolution))
        return resolution

    def most_recent(self, position: int) -> Resolution:
        """The most recent speaker named before `position` (by a suggestion or in the text).

        Both lists grow in text order, so a binary search finds the last one before."""
        best: tuple[int, Resolution] | None = None
        index = bisect.bisect_left(self.spoken, position, key=lambda item: item[0]) - 1
        if index >= 0:
            best = self.spoken[index]
        index = bisect.bisect_left(self.events, position, key=lambda item: item[0]) - 1
        if index >= 0 and (best is None or self.events[index][0] > best[0]):
            at, name, is_new = self.events[index]
            best = (at, Resolution(name, is_new))
        return best[1] if best else Resolution(None)

    def _by_name(self, phrase: str) -> Resolution | None:
        form = normalise(phrase)
        if not form:
            return None
        if form in self.forms:
            return Resolution(self.forms[form])
        if form in self.surnames:
            return Resolution(self.surnames[form])
        if form in self.roles:
            return self._by_name(self.roles[form]) or Resolution(self.roles[form], True)
        if form in self.new_names:
            return Resolution(self.new_names[form], True)
        # "Kremlin spokesperson Dmitry Peskov": a known name at the end of a longer phrase.
        words = form.split()
        for cut in range(1, len(words)):
            tail = " ".join(words[cut:])
            if tail in self.forms:
                return Resolution(self.forms[tail])
        for cut in range(1, len(words) - 1):
            tail = " ".join(words[cut:])
            if tail in self.new_names:
                return Resolution(self.new_names[tail], True)
        return None

    def _scan_names(self) -> None:
        """Find person names (and the roles written before them) to resolve mentions later."""
        runs = list(_capitalised_runs(self.text))
        for start, words in runs:
            role_end = max(
                (i for i, (_, w) in enumerate(words) if w.lower() in ROLE_NOUNS), default=-1
            )
            name_words = words[role_end + 1 :]
            full = " ".join(w for _, w in name_words)
            if not (full in self.persons or _looks_like_person([w for _, w in name_words])):
                continue
            if normalise(full) in self.forms:
                continue
            self.new_names.setdefault(normalise(full), full)
            self.new_names.setdefault(normalise(name_words[-1][1]), full)
            role = self._role_before(start, words, role_end)
            if role:
                self.roles.setdefault(normalise(role), full)
        for _, words in runs:
            for cut in range(len(words)):
                phrase = " ".join(w for _, w in words[cut:])
                resolution = self._by_name(phrase)
                if resolution is not None:
                    self.events.append((words[cut][0], resolution.name, resolution.is_new))
                    break

    def _scan_titled_names(self) -> None:
        """ "Mr. Adeyemi", "Gov. Ella Whitcomb": a title and a name are a person."""
        for match in TITLED_NAME.finditer(self.text):
            name = display_name(match.group())
            form = normalise(name)
            if form in self.forms:
                continue
            self.new_names.setdefault(form, name)
            self.new_names.setdefault(normalise(name.split()[-1]), name)

    def _role_before(self, start: int, words: list, role_end: int) -> str:
        """The role phrase written just before a name ("NATO Secretary-General", "Kremlin
        spokesperson"), if any."""
        if role_end >= 0:
            return " ".join(w for _, w in words[: role_end + 1])
        before = self.text[max(0, start - 60) : start]
        match = re.search(r"\b((?:[^\W\d_][\w\-]*\s+){0,2}?([\w\-]+))\s+$", before)
        if match and match.group(2).lower() in ROLE_NOUNS:
            return match.group(1)
        return ""


TITLED_NAME = re.compile(
    r"\b(?:" + "|".join(sorted(HONORIFICS)) + r")\.\s(?:[A-Z][\w\-’']+\s){0,2}[A-Z][\w\-’']+"
)
CAPITALISED_WORD = re.compile(r"(?<![\w\-’'.])(?![a-z])(?:[^\W\d_][\w\-’'.]*[\w]|[^\W\d_])")
MAX_RUN = 8  # capitalised words in a row beyond this are a headline, not a name


def _capitalised_runs(text: str):
    """Runs of capitalised words separated by single spaces, without leading function words."""
    run: list[tuple[int, str]] = []
    previous_end = -2
    # Only words that may be capitalised are visited (a lowercase word between two capitalised
    # ones leaves more than a space between them, which ends a run just the same).
    for match in CAPITALISED_WORD.finditer(text):
        word = match.group()
        capitalised = word[0].isupper()
        adjacent = text[previous_end : match.start()] == " "
        if run and not (capitalised and adjacent and len(run) < MAX_RUN):
            yield run[0][0], run
            run = []
        if capitalised and not (not run and word in NOT_NAME_WORDS):
            run.append((match.start(), POSSESSIVE.sub("", word) if word[-1] in "s’'" else word))
        previous_end = match.end()
    if run:
        yield run[0][0], run


def _looks_like_person(words: list[str]) -> bool:
    """Two to four capitalised words, none of them an organisation or place word."""
    if not 2 <= len(words) <= 4:
        return False
    if words[0] in PLACE_WORDS or any(w in ORGANISATION_WORDS for w in words):
        return False
    return not any(w.isupper() and len(w) > 1 for w in words)
