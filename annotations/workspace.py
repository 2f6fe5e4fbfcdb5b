"""The annotation workspace: what its page shows (loaded in a fixed number of queries, the text
cut into highlighted segments). Its changes are `editing`'s (`mark_span`, `restore_version`).

Offsets are code points throughout (docs/offsets.md); the page's script converts the browser's
UTF-16 selection before it reaches these functions.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import (
    FRAGMENT_JOINER,
    Annotation,
    Label,
    Mention,
    Project,
)
from .segments import (
    Paragraph,
    Segment,
    looks,
    paragraphs,
    paragraphs_html,
    paragraphs_over,
    segments,
)


@dataclass
class Workspace:
    """Everything the workspace page of one annotation shows, loaded once."""

    annotation: Annotation
    mentions: list["Part"]
    quotes: list["QuoteView"]
    active_quote: "QuoteView | None" = None
    segments: list[Segment] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text_html(self) -> SafeString:
        return paragraphs_html(self.paragraphs)

    @property
    def shape(self) -> "Shape":
        """What this workspace shows, as `shape` reads it from the database."""
        quote_of = {q.content.id: q for q in self.quotes}
        rows = []
        for m in self.mentions:
            q = quote_of.get(m.id)
            quote = (
                (q.id, q.type, q.speaker_mention_id, q.cue_id, q.speaker and q.speaker.name)
                if q is not None
                else (None,) * 5
            )
            rows.append((m.id, m.label, m.start, m.end, m.fragment_of_id, *quote))
        return _shape(rows, getattr(self.active_quote, "id", None))

    def paragraphs_over(self, spans) -> list[Paragraph]:
        """The paragraphs that `spans` overlap, their segments cut for them alone."""
        text = self.annotation.article.text
        return [
            Paragraph(
                start,
                end,
                segments(text, self.mentions, self.quotes, self.active_quote, (start, end)),
            )
            for start, end in paragraphs_over(text, spans)
        ]

    @property
    def speaker_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if m.label == Label.SPEAKER]

    @property
    def cues(self) -> list[Mention]:
        return [m for m in self.mentions if m.label == Label.CUE]

    @property
    def rows_html(self) -> SafeString:
        """Every quote's row of the quotes table."""
        return self.rows(self.quotes)

    def rows(self, quotes: list["QuoteView"], oob: bool = False) -> SafeString:
        """The quotes table's rows of `quotes` (`oob`: each an out-of-band swap of the row the
        page shows), built here rather than in a template loop, which costs ten times more:
        each text escaped, each number an int."""
        swap = ' hx-swap-oob="true"' if oob else ""
        html = []
        for quote in quotes:
            active = ' class="active"' if quote is self.active_quote else ""
            canonical = (
                f' <span class="canonical">{escape(quote.speaker.name)}</span>'
                if quote.speaker
                else ""
            )
            html.append(
                f'<tr data-quote-row="{int(quote.id)}" id="quote-row-{int(quote.id)}" '
                f'tabindex="0"{active}{swap}>\n'
                f"  <td>{escape(quote.excerpt)}</td>\n"
                f"  <td>{escape(quote.type)}</td>\n"
                f"  <td>{escape(quote.speaker_excerpt)}{canonical}</td>\n"
                f"  <td>{escape(quote.cue_excerpt)}</td>\n"
                "</tr>\n"
            )
        return mark_safe("".join(html))

    @property
    def speaker_options(self) -> SafeString:
        """The open quote's editor's speaker-mention `<option>`s, the linked one selected."""
        return _options(
            self.speaker_mentions, getattr(self.active_quote, "speaker_mention_id", None)
        )

    @property
    def cue_options(self) -> SafeString:
        """The open quote's editor's cue `<option>`s, the linked one selected."""
        return _options(self.cues, getattr(self.active_quote, "cue_id", None))

    @property
    def loose_mentions(self) -> list[Mention]:
        """SPEAKER and CUE mentions no quote links to, listed so they can be deleted (linked
        ones are deleted from their quote's editor)."""
        linked = {q.speaker_mention_id for q in self.quotes} | {q.cue_id for q in self.quotes}
        return [m for m in self.mentions if m.label != Label.QUOTE and m.pk not in linked]


class Part:
    """A mention as the page shows it: built from one row, not a model instance (an
    instance costs some ten times more, which a long article's hundreds of mentions feel)."""

    __slots__ = ("id", "label", "start", "end", "text", "fragment_of_id")

    def __init__(self, id, label, start, end, text, fragment_of_id):
        self.id, self.label, self.start, self.end = id, label, start, end
        self.text, self.fragment_of_id = text, fragment_of_id

    @property
    def pk(self) -> int:
        return self.id


class QuoteView:
    """A quote as the page shows it (its row and its editor), from the same row as its
    content mention, with its mentions attached."""

    def __init__(self, id, type, speaker_mention_id, cue_id, speaker_id, speaker_name):
        self.id, self.type = id, type
        self.speaker_mention_id, self.cue_id, self.speaker_id = (
            speaker_mention_id,
            cue_id,
            speaker_id,
        )
        self.speaker = SimpleNamespace(pk=speaker_id, name=speaker_name) if speaker_id else None
        self.content: Part | None = None
        self.speaker_mention: Part | None = None
        self.cue: Part | None = None
        self.later_fragments: list[Part] = []

    @property
    def pk(self) -> int:
        return self.id

    @property
    def content_id(self) -> int:
        return self.content.id

    @property
    def fragments(self) -> list[Part]:
        """The content and its later fragments, in text order (as `Quote.fragments`)."""
        return [self.content, *self.later_fragments]

    @property
    def fragments_end(self) -> int:
        return self.fragments[-1].end

    @property
    def fragments_text(self) -> str:
        return FRAGMENT_JOINER.join(m.text for m in self.fragments)


LOAD_FIELDS = (
    "id",
    "label",
    "start",
    "end",
    "text",
    "fragment_of_id",
    "quote__id",
    "quote__type",
    "quote__speaker_mention_id",
    "quote__cue_id",
    "quote__speaker_id",
    "quote__speaker__name",
)


def load(
    annotation: Annotation, active_quote_id: int | None = None, text: bool = True
) -> Workspace:
    """The annotation's mentions and quotes in one query, however many there are: each
    mention comes with the quote it is the content of (a one-to-one) and its speaker.
    `text`: cut the whole text into segments and paragraphs too (the page; a change asks
    `paragraphs_over` for the few it needs)."""
    rows = (
        Mention.objects.filter(annotation=annotation)
        .order_by("start", "-end", "id")
        .values_list(*LOAD_FIELDS)
    )
    mentions, quotes = [], []
    for pk, label, start, end, span_text, fragment_of, quote_id, *quote in rows:
        mention = Part(pk, label, start, end, span_text, fragment_of)
        mentions.append(mention)
        if quote_id is not None:
            view = QuoteView(quote_id, *quote)
            view.content = mention
            quotes.append(view)
    by_id = {m.id: m for m in mentions}
    later: dict[int, list[Part]] = {}
    for mention in sorted(mentions, key=lambda m: (m.start, m.end, m.id)):
        if mention.fragment_of_id is not None:
            later.setdefault(mention.fragment_of_id, []).append(mention)
    for quote in quotes:
        quote.speaker_mention = by_id.get(quote.speaker_mention_id)
        quote.cue = by_id.get(quote.cue_id)
        quote.later_fragments = later.get(quote.id, [])
        # The side panel's excerpts, cut here: the template filter costs ten times more.
        quote.excerpt = _excerpt(quote.fragments_text, 70)
        quote.speaker_excerpt = _excerpt(getattr(quote.speaker_mention, "text", ""), 30)
        quote.cue_excerpt = _excerpt(getattr(quote.cue, "text", ""), 30)
    quotes.sort(key=lambda quote: (quote.content.start, quote.id))
    active = next((q for q in quotes if q.id == active_quote_id), None)
    workspace = Workspace(annotation=annotation, mentions=mentions, quotes=quotes)
    workspace.active_quote = active
    if text:
        workspace.segments = segments(annotation.article.text, mentions, quotes, active)
        workspace.paragraphs = paragraphs(annotation.article.text, workspace.segments)
    return workspace


@dataclass
class Shape:
    """What the page of an annotation shows, in keys cheap to compare: each mention's looks
    in the text (`segments.looks`) and, per quote, its row in the quotes table, in table
    order. Two shapes of the same annotation differ exactly where the page needs new HTML."""

    looks: dict[int, tuple]
    rows: dict[int, tuple]

    def changes(self, after: "Shape") -> tuple[list[tuple[int, int]], list[int] | None]:
        """The spans of the text whose looks differ in `after` (a mention that came, went or
        looks otherwise), and the quote rows that differ; rows `None` when quotes came or
        went (or moved), so the whole table is new."""
        spans = [
            look[1:3]
            for looks, other in ((self.looks, after.looks), (after.looks, self.looks))
            for pk, look in looks.items()
            if other.get(pk) != look
        ]
        if list(self.rows) != list(after.rows):
            return spans, None
        return spans, [pk for pk, row in after.rows.items() if self.rows[pk] != row]


SHAPE_FIELDS = (
    "pk",
    "label",
    "start",
    "end",
    "fragment_of_id",
    "quote__pk",
    "quote__type",
    "quote__speaker_mention_id",
    "quote__cue_id",
    "quote__speaker__name",
)


def shape(annotation: Annotation, active_quote_id: int | None) -> Shape:
    """The annotation's `Shape` in one light query (no model instances): what the page shows
    before a change, to send after it only what differs."""
    rows = Mention.objects.filter(annotation=annotation).values_list(*SHAPE_FIELDS)
    return _shape(list(rows), active_quote_id)


def _shape(rows: list[tuple], active_quote_id: int | None) -> Shape:
    mentions = [
        SimpleNamespace(id=pk, label=label, start=start, end=end, fragment_of_id=fragment_of)
        for pk, label, start, end, fragment_of, *_ in rows
    ]
    spans = {m.id: (m.start, m.end) for m in mentions}
    later: dict[int, list[tuple[int, int]]] = {}
    for m in sorted(mentions, key=lambda m: (m.start, m.end, m.id)):
        if m.fragment_of_id is not None:
            later.setdefault(m.fragment_of_id, []).append((m.start, m.end))
    quotes = sorted(
        (
            SimpleNamespace(
                id=quote, content_id=pk, type=type_, speaker_mention_id=who, cue_id=cue, name=name
            )
            for pk, _label, _start, _end, _fragment_of, quote, type_, who, cue, name in rows
            if quote is not None
        ),
        key=lambda q: (spans[q.content_id][0], q.id),
    )
    active = next((q for q in quotes if q.id == active_quote_id), None)
    table = {
        q.id: (
            q.type,
            q.name,
            (spans[q.content_id], *later.get(q.id, ())),
            spans.get(q.speaker_mention_id),
            spans.get(q.cue_id),
            q is active,
        )
        for q in quotes
    }
    return Shape(looks(mentions, quotes, active), table)


def guidelines_html(project: Project) -> str:
    """The project's Markdown guidelines as HTML cleaned of anything that could run."""
    if not project.guidelines.strip():
        return ""
    return nh3.clean(markdown.markdown(project.guidelines, extensions=["sane_lists"]))


def _options(mentions: list[Mention], selected: int | None) -> SafeString:
    """`<option>`s of mentions, built here rather than in a template loop (which costs a
    200-quote article's editor some 30 ms): each text escaped, each number an int."""
    return mark_safe(
        "".join(
            f'<option value="{int(m.pk)}"{" selected" if m.pk == selected else ""}>'
            f"{escape(_excerpt(m.text, 40))} ({int(m.start)})</option>"
            for m in mentions
        )
    )


def _excerpt(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
