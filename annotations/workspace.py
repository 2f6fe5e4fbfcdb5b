"""The annotation workspace: what its page shows (loaded in a fixed number of queries, the text
cut into highlighted segments). Its changes are `editing`'s (`mark_span`, `restore_version`).

Offsets are code points throughout (docs/offsets.md); the page's script converts the browser's
UTF-16 selection before it reaches these functions.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

import markdown
import nh3
from django.utils.safestring import SafeString

from .models import (
    Annotation,
    Label,
    Mention,
    Project,
    Quote,
)
from .segments import Paragraph, Segment, paragraphs, paragraphs_html, segments


@dataclass
class Workspace:
    """Everything the workspace page of one annotation shows, loaded once."""

    annotation: Annotation
    mentions: list[Mention]
    quotes: list[Quote]
    active_quote: Quote | None = None
    segments: list[Segment] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def text_html(self) -> SafeString:
        return paragraphs_html(self.paragraphs)

    @property
    def shape(self) -> "Shape":
        """What this workspace shows, as `shape` reads it from the database."""
        rows = [
            (m.pk, m.label, m.start, m.end, m.fragment_of_id, *_quote_row(m)) for m in self.mentions
        ]
        return _shape(self.annotation.article.text, rows, getattr(self.active_quote, "pk", None))

    @property
    def speaker_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if m.label == Label.SPEAKER]

    @property
    def cues(self) -> list[Mention]:
        return [m for m in self.mentions if m.label == Label.CUE]

    @property
    def loose_mentions(self) -> list[Mention]:
        """SPEAKER and CUE mentions no quote links to, listed so they can be deleted (linked
        ones are deleted from their quote's editor)."""
        linked = {q.speaker_mention_id for q in self.quotes} | {q.cue_id for q in self.quotes}
        return [m for m in self.mentions if m.label != Label.QUOTE and m.pk not in linked]


def load(annotation: Annotation, active_quote_id: int | None = None) -> Workspace:
    """The annotation's mentions and quotes in one query, however many there are: each
    mention comes with the quote it is the content of (a one-to-one) and its speaker."""
    mentions = list(
        Mention.objects.filter(annotation=annotation)
        .select_related("quote__speaker")
        .order_by("start", "-end", "id")
    )
    by_id = {m.pk: m for m in mentions}
    # A mention that is no quote's content raises on `.quote` (no query: select_related).
    quotes = [m.quote for m in mentions if m.label == Label.QUOTE and hasattr(m, "quote")]
    later: dict[int, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: (m.start, m.end, m.pk)):
        if mention.fragment_of_id is not None:
            later.setdefault(mention.fragment_of_id, []).append(mention)
    for quote in quotes:
        # Attach the mentions already loaded instead of a query per foreign key.
        quote.content = by_id[quote.content_id]
        quote.speaker_mention = by_id.get(quote.speaker_mention_id)
        quote.cue = by_id.get(quote.cue_id)
        quote._prefetched_objects_cache = {"later_fragments": later.get(quote.pk, [])}
        # The side panel's excerpts, cut here: the template filter costs ten times more.
        quote.excerpt = _excerpt(quote.fragments_text, 70)
        quote.speaker_excerpt = _excerpt(getattr(quote.speaker_mention, "text", ""), 30)
        quote.cue_excerpt = _excerpt(getattr(quote.cue, "text", ""), 30)
    quotes.sort(key=lambda quote: (quote.content.start, quote.pk))
    active = next((q for q in quotes if q.pk == active_quote_id), None)
    workspace = Workspace(annotation=annotation, mentions=mentions, quotes=quotes)
    workspace.active_quote = active
    workspace.segments = segments(annotation.article.text, mentions, quotes, active)
    workspace.paragraphs = paragraphs(annotation.article.text, workspace.segments)
    return workspace


@dataclass
class Shape:
    """What the page of an annotation shows, in keys cheap to compare: its text's paragraphs
    and, per quote, its row in the quotes table, in table order. Two shapes of the same
    annotation differ exactly where the page needs new HTML."""

    paragraphs: list[Paragraph]
    rows: dict[int, tuple]

    def changes(self, after: "Shape") -> tuple[list[int], list[int] | None]:
        """The paragraph starts and the quote rows that differ in `after`; rows `None` when
        quotes came or went (or moved), so the whole table is new."""
        starts = [
            new.start
            for old, new in zip(self.paragraphs, after.paragraphs, strict=True)
            if old.key != new.key
        ]
        if list(self.rows) != list(after.rows):
            return starts, None
        return starts, [pk for pk, row in after.rows.items() if self.rows[pk] != row]


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
    return _shape(annotation.article.text, list(rows), active_quote_id)


def _quote_row(mention: Mention) -> tuple:
    quote = getattr(mention, "quote", None) if mention.label == Label.QUOTE else None
    if quote is None:
        return (None, None, None, None, None)
    speaker = quote.speaker.name if quote.speaker_id else None
    return (quote.pk, quote.type, quote.speaker_mention_id, quote.cue_id, speaker)


def _shape(text: str, rows: list[tuple], active_quote_id: int | None) -> Shape:
    mentions = [
        SimpleNamespace(pk=pk, label=label, start=start, end=end, fragment_of_id=fragment_of)
        for pk, label, start, end, fragment_of, *_ in rows
    ]
    spans = {m.pk: (m.start, m.end) for m in mentions}
    later: dict[int, list[tuple[int, int]]] = {}
    for m in sorted(mentions, key=lambda m: (m.start, m.end, m.pk)):
        if m.fragment_of_id is not None:
            later.setdefault(m.fragment_of_id, []).append((m.start, m.end))
    quotes = sorted(
        (
            SimpleNamespace(
                pk=quote, content_id=pk, type=type_, speaker_mention_id=who, cue_id=cue, name=name
            )
            for pk, _label, _start, _end, _fragment_of, quote, type_, who, cue, name in rows
            if quote is not None
        ),
        key=lambda q: (spans[q.content_id][0], q.pk),
    )
    active = next((q for q in quotes if q.pk == active_quote_id), None)
    table = {
        q.pk: (
            q.type,
            q.name,
            (spans[q.content_id], *later.get(q.pk, ())),
            spans.get(q.speaker_mention_id),
            spans.get(q.cue_id),
            q is active,
        )
        for q in quotes
    }
    return Shape(paragraphs(text, segments(text, mentions, quotes, active)), table)


def guidelines_html(project: Project) -> str:
    """The project's Markdown guidelines as HTML cleaned of anything that could run."""
    if not project.guidelines.strip():
        return ""
    return nh3.clean(markdown.markdown(project.guidelines, extensions=["sane_lists"]))


def _excerpt(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
