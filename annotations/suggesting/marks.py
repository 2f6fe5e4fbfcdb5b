"""Where the text quotes someone in so many words: matched quote marks, and sentence bounds.

Pairs are found left to right, so marks inside a quotation (a nested ‘…’ inside “…”) belong
to it. A quotation may run over several paragraphs when each paragraph opens with the mark
and only the last one closes, as in news copy. Two apostrophes (''…'', or ``…'') are a
quote mark too, as wire and archive texts print them; one apostrophe never opens a quote.
"""

import bisect
import re
from dataclasses import dataclass

from ..quotemarks import APOSTROPHES
from ..quotemarks import QUOTE_PAIRS as ALL_QUOTE_PAIRS
from ..spans import trim_span
from .lexicon import ABBREVIATIONS

# Searching free text, an apostrophe opens no quote ("it's", "the students' union").
QUOTE_PAIRS = {
    mark: closers for mark, closers in ALL_QUOTE_PAIRS.items() if mark not in APOSTROPHES
}

OPENING_CONTEXT = set(" \t\n([{—–-/:;,") | set(QUOTE_PAIRS)
SENTENCE_END = ".!?"
SENTENCE_END_MARK = re.compile(r"[.!?]")
CLOSING_MARKS = set("".join(QUOTE_PAIRS.values())) | {"'"}
# Where a quotation may open: a mark, or the first of two apostrophes or backticks.
MARK_CANDIDATE = re.compile("[" + re.escape("".join(QUOTE_PAIRS)) + "]|''|``")
LINE_BREAK = re.compile("\n")


@dataclass(frozen=True)
class Quotation:
    """Quote marks at `open` and `close`; the quoted words lie between them."""

    open: int
    close: int
    width: int = 1  # 2 for ''…''

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + self.width, self.close

    @property
    def end(self) -> int:
        """Just after the closing mark."""
        return self.close + self.width


def quotations(text: str) -> list[Quotation]:
    """Every matched pair of quote marks, outermost first, in text order."""
    found = []
    unclosed_until: dict[str, int] = {}  # a mark with no closing in the rest of its paragraph
    position = 0
    length = len(text)
    while position < length:
        candidate = MARK_CANDIDATE.search(text, position)  # skip the words between marks
        if candidate is None:
            break
        position = candidate.start()
        mark = text[position]
        if mark in "'`" and text.startswith(mark * 2, position):
            close = None
            if position >= unclosed_until.get(DOUBLE_CLOSE, 0):
                close, searched_until = _double_apostrophe_close(text, position)
                unclosed_until[DOUBLE_CLOSE] = searched_until
            if close is not None:
                found.append(Quotation(position, close, 2))
                position = close + 2
                continue
            position += 2
            continue
        if (
            mark in QUOTE_PAIRS
            and position >= unclosed_until.get(mark, 0)
            and _can_open(text, position)
        ):
            close, searched_until = _closing_mark(text, position)
            if close is not None:
                found.append(Quotation(position, close))
                position = close + 1
                continue
            # Later openings of this mark up to there would search the same text in vain.
            unclosed_until[mark] = searched_until
        position += 1
    return found


def paragraph_bounds(text: str, position: int) -> tuple[int, int]:
    """The line (paragraph) around `position`."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


class Paragraphs:
    """The lines of a text, found once, so that each lookup is a binary search (a long
    one-line text with many quotations stays linear)."""

    def __init__(self, text: str):
        self.length = len(text)
        self.breaks = [match.start() for match in LINE_BREAK.finditer(text)]

    def bounds(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_left(self.breaks, position)
        start = self.breaks[index - 1] + 1 if index else 0
        end = self.breaks[index] if index < len(self.breaks) else self.length
        return start, end


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split at line breaks and at . ! ? before a capital or a quote mark."""
    spans = []
    line_start = 0
    for line in text.split("\n"):
        start = line_start
        index = 0
        for candidate in SENTENCE_END_MARK.finditer(line):
            index = candidate.start()
            if line_start + index < start or not _ends_sentence(line, index):
                continue
            end = index + 1
            while end < len(line) and line[end] in CLOSING_MARKS:
                end += 1
            spans.append((start, line_start + end))
            start = line_start + end
        spans.append((start, line_start + len(line)))
        line_start += len(line) + 1
    return [(s, e) for s, e in (trim_span(text, s, e) for s, e in spans) if s < e]


def _ends_sentence(line: str, index: int) -> bool:
    after = index + 1
    while after < len(line) and line[after] in CLOSING_MARKS:
        after += 1
    if after >= len(line):
        return True
    if not line[after].isspace():
        return False
    rest = line[after:].lstrip()
    if not rest or not (rest[0].isupper() or rest[0] in QUOTE_PAIRS or rest[0].isdigit()):
        return False
    if line[index] == ".":
        word = line[:index].rsplit(None, 1)[-1] if line[:index].strip() else ""
        word = word.lstrip('(“"‘«')
        if word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            return False
    return True


def _can_open(text: str, position: int) -> bool:
    """An opening mark follows a space, a bracket, a dash or the start, and precedes a word."""
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    if text[position] in "«「『„":
        return not after.isspace() or text[position] == "«"
    return before in OPENING_CONTEXT and not after.isspace()


def _can_close(text: str, position: int) -> bool:
    mark = text[position]
    after = text[position + 1] if position + 1 < len(text) else " "
    if mark == "’":
        # Peskov’s, don’t: an apostrophe inside a word does not close a quotation.
        return not (after.isalpha() or after.isdigit())
    if mark == '"':
        return not text[position - 1].isspace() and not after.isalnum()
    return True


def _closing_mark(text: str, opening: int) -> tuple[int | None, int]:
    """The position of the mark closing the quotation opened at `opening` (or None), and how
    far the search went."""
    mark = text[opening]
    closers = QUOTE_PAIRS[mark]
    position = opening + 2  # a quotation holds at least one character
    while position <= len(text):
        line_end = text.find("\n", position)
        line_end = len(text) if line_end < 0 else line_end
        candidate = _next_of(text, closers, position, line_end)
        while candidate is not None:
            if _can_close(text, candidate):
                return candidate, candidate
            candidate = _next_of(text, closers, candidate + 1, line_end)
        # A new paragraph continues the quotation only if it opens with the same mark.
        following = line_end
        while following < len(text) and text[following].isspace():
            following += 1
        if following >= len(text) or text[following] != mark:
            return None, line_end
        position = following + 1
    return None, len(text)


DOUBLE_CLOSE = "''"


def _double_apostrophe_close(text: str, opening: int) -> tuple[int | None, int]:
    """The '' closing the ''…'' opened at `opening` in the same paragraph (or None), and how
    far the search went (0: it did not search)."""
    before = text[opening - 1] if opening else " "
    after = text[opening + 2] if opening + 2 < len(text) else " "
    if before not in OPENING_CONTEXT or after.isspace() or after == "'":
        return None, 0
    line_end = text.find("\n", opening)
    line_end = len(text) if line_end < 0 else line_end
    close = text.find(DOUBLE_CLOSE, opening + 3, line_end)
    while close >= 0:
        following = text[close + 2] if close + 2 < len(text) else " "
        if not following.isalnum() and not text[close - 1].isspace():
            return close, 0
        close = text.find(DOUBLE_CLOSE, close + 2, line_end)
    return None, line_end


def _next_of(text: str, marks: str, start: int, end: int) -> int | None:
    """The first position of any of `marks` in text[start:end] (str.find: fast)."""
    found = [p for p in (text.find(m, start, end) for m in marks) if p >= 0]
    return min(found) if found else None
