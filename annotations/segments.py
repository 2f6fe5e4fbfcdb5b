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

    @property
    def key(self) -> tuple:
        """What its HTML depends on: equal keys, equal HTML (the text never changes)."""
        return tuple(
            (s.start, s.end, s.css, s.badge, s.quote_id, s.speaker_id, s.cue_id)
            for s in self.segments
        )


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


def changed(before: list[Paragraph], after: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs of `after` whose HTML differs from `before`'s (same text, same cuts)."""
    return [new for old, new in zip(before, after, strict=True) if old.key != new.key]


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


def segments(
    text: str,
    mentions: list[Mention],
    quotes: list[Quote] = (),
    active: Quote | None = None,
) -> list[Segment]:
    """Cut the text at every span boundary and at every paragraph start; each piece knows all
    the mentions covering it.

    Overlapping and nested spans need no special case: a piece inside a QUOTE and a SPEAKER
    simply carries both. The fragments of a quote in several pieces share one numbered badge
    (`Q3`) and one colour, so that the pieces that belong together read as one quote.
    """
    quote_of = {q.content_id: q.pk for q in quotes}
    for mention in mentions:
        if mention.fragment_of_id is not None:  # a later fragment of a quote in pieces
            quote_of[mention.pk] = mention.fragment_of_id
    in_pieces = {m.fragment_of_id for m in mentions} - {None}
    number_of = {q.pk: number for number, q in enumerate(quotes, start=1)}
    split = {
        mention_id: (
            f"Q{number_of[quote_id]}",
            f"fragment fc{number_of[quote_id] % FRAGMENT_COLOURS}",
        )
        for mention_id, quote_id in quote_of.items()
        if quote_id in in_pieces and quote_id in number_of
    }
    active_fragments = {m for m, q in quote_of.items() if active is not None and q == active.pk}
    linked = {active.speaker_mention_id, active.cue_id} - {None} if active else set()
    starting: dict[int, list[Mention]] = {}
    ending: dict[int, list[Mention]] = {}
    for mention in mentions:
        starting.setdefault(mention.start, []).append(mention)
        ending.setdefault(mention.end, []).append(mention)
    bounds = sorted({0, len(text), *starting, *ending, *paragraph_starts(text)})
    covering: dict[int, Mention] = {}
    result = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        for mention in ending.get(start, ()):
            covering.pop(mention.pk, None)
        opened = starting.get(start, ())
        for mention in opened:
            covering[mention.pk] = mention
        segment = Segment(start=start, end=end, text=text[start:end])
        if covering:
            _describe(
                segment, list(covering.values()), opened, quote_of, split, active_fragments, linked
            )
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


def _describe(segment, covering, opened, quote_of, split, active_fragments, linked) -> None:
    """Fill in a covered segment's classes, badge and the innermost mention of each label."""
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
    if any(m.pk in active_fragments for m in covering):
        classes.append("active")
    if any(m.pk in linked for m in covering):
        classes.append("linked")
    quote_mention = innermost.get(Label.QUOTE)
    if quote_mention is not None and quote_mention.pk in split:
        classes.append(split[quote_mention.pk][1])
    segment.css = " ".join(classes)
    segment.badge = " ".join(split.get(m.pk, (BADGES[m.label],))[0] for m in opened)
    if quote_mention is not None:
        segment.quote_id = quote_of.get(quote_mention.pk)
    if Label.SPEAKER in innermost:
        segment.speaker_id = innermost[Label.SPEAKER].pk
    if Label.CUE in innermost:
        segment.cue_id = innermost[Label.CUE].pk
