"""The article's text cut into highlighted segments for the workspace page: one `<span>` per
run of text covered by the same mentions, with the classes, badge and links the page's script
reads, grouped in paragraphs (one `<div>` each, cut after every run of line breaks) so that a
change re-renders only the paragraphs it touched. Offsets are code points, like every offset
of the app.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .models import Label, Mention, Quote

BADGES = {Label.QUOTE: "Q", Label.SPEAKER: "S", Label.CUE: "C"}
# Colours (classes fc0 … fc5 in the stylesheet) for the fragments of quotes in several pieces.
FRAGMENT_COLOURS = 6
LINE_BREAKS = re.compile(r"\n+")


@dataclass
class Segment:
    """A run of text covered by the same set of mentions; the page renders one `<span>` each."""

    start: int
    end: int
    text: str
    mentions: tuple[Mention, ...] = ()
    badge: str = ""
    css: str = ""
    quote_id: int | None = None
    speaker_id: int | None = None
    cue_id: int | None = None


@dataclass
class Paragraph:
    """A piece of the text that ends after a run of line breaks (or at the text's end): the
    page renders one `<div id="para-START">` each; its segments never cross its ends."""

    start: int
    end: int
    segments: list[Segment]


def paragraph_starts(text: str) -> list[int]:
    """Where the paragraphs start: 0, and after every run of line breaks inside the text."""
    return [0, *(m.end() for m in LINE_BREAKS.finditer(text) if m.end() < len(text))]


def paragraphs(text: str, pieces: list[Segment]) -> list[Paragraph]:
    """The segments (cut at `paragraph_starts`, as `segments` cuts them) in their paragraphs."""
    starts = paragraph_starts(text)
    ends = [*starts[1:], len(text)]
    result = [Paragraph(start, end, []) for start, end in zip(starts, ends, strict=True)]
    for piece in pieces:
        result[bisect_right(starts, piece.start) - 1].segments.append(piece)
    return result


def paragraphs_over(text: str, spans) -> list[tuple[int, int]]:
    """The `(start, end)` of every paragraph that a span of `spans` overlaps, in text order,
    found from the spans alone (a change in a long article looks at a few paragraphs, not at
    all of them)."""
    found: set[tuple[int, int]] = set()
    for start, end in spans:
        at = _paragraph_start(text, start)
        while True:
            after = _paragraph_end(text, at)
            found.add((at, after))
            if after >= end or after >= len(text):
                break
            at = after
    return sorted(found)


def _paragraph_start(text: str, offset: int) -> int:
    """The start of the paragraph holding `offset` (a paragraph is `[^\n]*\n*`)."""
    offset = min(offset, max(len(text) - 1, 0))
    at = offset
    while at > 0 and text[at] == "\n":  # in the paragraph's line breaks: back to its words
        at -= 1
    if text[at : at + 1] == "\n":
        return 0  # the text starts with line breaks: they are its first paragraph
    return text.rfind("\n", 0, at) + 1


def _paragraph_end(text: str, start: int) -> int:
    line_break = text.find("\n", start)
    if line_break < 0:
        return len(text)
    match = LINE_BREAKS.match(text, line_break)
    return match.end()


def paragraphs_html(parts: list[Paragraph], oob: bool = False) -> SafeString:
    """Paragraphs as `<div>`s of their segments' `<span>`s; `oob`: each one an out-of-band
    swap of the paragraph the page already shows. Nothing between them: the text box's
    `textContent` is the article's text, character for character."""
    swap = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(
        "".join(
            f'<div class="para" id="para-{int(part.start)}"{swap}>{text_html(part.segments)}</div>'
            for part in parts
        )
    )


@dataclass
class _Marks:
    """What each mention adds to the segments it covers, besides its label and span."""

    quote_of: dict[int, int]  # mention → the quote it is the content or a fragment of
    split: dict[int, tuple[str, str]]  # fragment → its numbered badge and colour class
    active_fragments: set[int]
    linked: set[int]


def _marks(mentions, quotes, active) -> _Marks:
    quote_of = {q.content_id: q.id for q in quotes}
    for mention in mentions:
        if mention.fragment_of_id is not None:  # a later fragment of a quote in pieces
            quote_of[mention.id] = mention.fragment_of_id
    in_pieces = {m.fragment_of_id for m in mentions} - {None}
    number_of = {q.id: number for number, q in enumerate(quotes, start=1)}
    split = {
        mention_id: (
            f"Q{number_of[quote_id]}",
            f"fragment fc{number_of[quote_id] % FRAGMENT_COLOURS}",
        )
        for mention_id, quote_id in quote_of.items()
        if quote_id in in_pieces and quote_id in number_of
    }
    active_fragments = {m for m, q in quote_of.items() if active is not None and q == active.id}
    linked = {active.speaker_mention_id, active.cue_id} - {None} if active else set()
    return _Marks(quote_of, split, active_fragments, linked)


def looks(mentions, quotes=(), active=None) -> dict[int, tuple]:
    """Per mention id, everything its segments' HTML takes from it. A segment's HTML depends
    only on the looks of the mentions covering it, so two states of an annotation differ on
    the page exactly inside the spans of the mentions whose looks differ."""
    marks = _marks(mentions, quotes, active)
    return {
        m.id: (
            m.label,
            m.start,
            m.end,
            marks.quote_of.get(m.id),
            marks.split.get(m.id),
            m.id in marks.active_fragments,
            m.id in marks.linked,
        )
        for m in mentions
    }


def segments(
    text: str,
    mentions: list[Mention],
    quotes: list[Quote] = (),
    active: Quote | None = None,
    within: tuple[int, int] | None = None,
) -> list[Segment]:
    """Cut the text at every span boundary and at every paragraph start; each piece knows all
    the mentions covering it. `within`: only the pieces of that `(start, end)` of the text (a
    paragraph). Mentions and quotes are read by `id` (a model's `pk` costs a lookup of its
    primary key field each time); `quotes` in the page's order (their numbers).

    Overlapping and nested spans need no special case: a piece inside a QUOTE and a SPEAKER
    simply carries both. The fragments of a quote in several pieces share one numbered badge
    (`Q3`) and one colour, so that the pieces that belong together read as one quote.
    """
    marks = _marks(mentions, quotes, active)
    low, high = within if within is not None else (0, len(text))
    starting: dict[int, list[Mention]] = {}
    ending: dict[int, list[Mention]] = {}
    for mention in mentions:
        if mention.start < high and mention.end > low:
            starting.setdefault(max(mention.start, low), []).append(mention)
            ending.setdefault(min(mention.end, high), []).append(mention)
    # Those clipped at `low` come in as the whole text meets them: by where they start.
    starting.get(low, []).sort(key=lambda m: m.start)
    cuts = paragraph_starts(text) if within is None else ()
    bounds = sorted({low, high, *starting, *ending, *cuts})
    covering: dict[int, Mention] = {}
    result = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        for mention in ending.get(start, ()):
            covering.pop(mention.id, None)
        # A mention that began before `within` covers its first piece without opening there.
        opened = [m for m in starting.get(start, ()) if m.start == start]
        for mention in starting.get(start, ()):
            covering[mention.id] = mention
        segment = Segment(start=start, end=end, text=text[start:end])
        if covering:
            _describe(segment, list(covering.values()), opened, marks)
        result.append(segment)
    return result


def text_html(pieces: list[Segment]) -> SafeString:
    """The segments as `<span>`s, every text and attribute escaped (`html.escape`, which
    Django's autoescape calls too).

    Built here rather than in a template loop: a 30-quote article has some 200 segments with
    up to seven attributes each, which the template engine renders ten times slower.
    """
    html = []
    for piece in pieces:
        attributes = f'data-start="{piece.start}" data-end="{piece.end}"'
        if piece.css:
            attributes += f' class="{escape(piece.css)}"'
        if piece.badge:
            attributes += f' data-badge="{escape(piece.badge)}"'
        for name, value in (
            ("quote", piece.quote_id),
            ("speaker", piece.speaker_id),
            ("cue", piece.cue_id),
        ):
            if value is not None:
                attributes += f' data-{name}="{int(value)}"'
        html.append(f"<span {attributes}>{escape(piece.text)}</span>")
    return mark_safe("".join(html))  # every part above is escaped or an int


def _describe(segment, covering, opened, marks: _Marks) -> None:
    """Fill in a covered segment's classes, badge and the innermost mention of each label."""
    quote_of, split = marks.quote_of, marks.split
    active_fragments, linked = marks.active_fragments, marks.linked
    innermost: dict[str, Mention] = {}
    quote_depth = 0
    for mention in covering:
        if mention.label == Label.QUOTE:
            quote_depth += 1
        known = innermost.get(mention.label)
        if known is None or mention.end - mention.start < known.end - known.start:
            innermost[mention.label] = mention
    segment.mentions = tuple(covering)
    classes = ["m"] + [f"l-{label.lower()}" for label in sorted(innermost)]
    if quote_depth > 1:
        classes.append("nested")
    if any(m.id in active_fragments for m in covering):
        classes.append("active")
    if any(m.id in linked for m in covering):
        classes.append("linked")
    quote_mention = innermost.get(Label.QUOTE)
    if quote_mention is not None and quote_mention.id in split:
        classes.append(split[quote_mention.id][1])
    segment.css = " ".join(classes)
    segment.badge = " ".join(split.get(m.id, (BADGES[m.label],))[0] for m in opened)
    if quote_mention is not None:
        segment.quote_id = quote_of.get(quote_mention.id)
    if Label.SPEAKER in innermost:
        segment.speaker_id = innermost[Label.SPEAKER].id
    if Label.CUE in innermost:
        segment.cue_id = innermost[Label.CUE].id
