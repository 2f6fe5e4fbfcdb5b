"""The annotation workspace: what its page shows (loaded in a fixed number of queries, the text
cut into highlighted segments). Its changes are `editing`'s (`mark_span`, `restore_version`).

Offsets are code points throughout (docs/offsets.md); the page's script converts the browser's
UTF-16 selection before it reaches these functions.
"""

from dataclasses import dataclass, field

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
from .segments import Segment, segments, text_html


@dataclass
class Workspace:
    """Everything the workspace page of one annotation shows, loaded once."""

    annotation: Annotation
    mentions: list[Mention]
    quotes: list[Quote]
    active_quote: Quote | None = None
    segments: list[Segment] = field(default_factory=list)

    @property
    def text_html(self) -> SafeString:
        return text_html(self.segments)

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
    for quote in quotes:
        # Attach the mentions already loaded instead of a query per foreign key.
        quote.content = by_id[quote.content_id]
        quote.speaker_mention = by_id.get(quote.speaker_mention_id)
        quote.cue = by_id.get(quote.cue_id)
        # The side panel's excerpts, cut here: the template filter costs ten times more.
        quote.excerpt = _excerpt(quote.content.text, 70)
        quote.speaker_excerpt = _excerpt(getattr(quote.speaker_mention, "text", ""), 30)
        quote.cue_excerpt = _excerpt(getattr(quote.cue, "text", ""), 30)
    quotes.sort(key=lambda quote: (quote.content.start, quote.pk))
    active = next((q for q in quotes if q.pk == active_quote_id), None)
    workspace = Workspace(annotation=annotation, mentions=mentions, quotes=quotes)
    workspace.active_quote = active
    workspace.segments = segments(annotation.article.text, mentions, quotes, active)
    return workspace


def guidelines_html(project: Project) -> str:
    """The project's Markdown guidelines as HTML cleaned of anything that could run."""
    if not project.guidelines.strip():
        return ""
    return nh3.clean(markdown.markdown(project.guidelines, extensions=["sane_lists"]))


def _excerpt(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
