"""The annotation workspace: what its page shows (loaded in a fixed number of queries, the text
cut into highlighted segments) and the few compound changes it makes through `editing`.

Offsets are code points throughout (DESIGN.md); the page's script converts the browser's
UTF-16 selection before it reaches these functions.
"""

from contextlib import nullcontext
from dataclasses import dataclass, field

import markdown
import nh3
from django.db import transaction
from django.http import Http404
from django.utils.safestring import SafeString

from . import editing, roles, spans
from .models import (
    Annotation,
    AnnotationEvent,
    Label,
    Mention,
    Project,
    Quote,
)
from .quotemarks import quote_type_from_marks
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


def visible_annotation(user, slug: str, annotation_id: int) -> tuple[Project, object, Annotation]:
    """The project, the user's role and the annotation, or Http404 when either is hidden."""
    project, role = roles.project_for(user, slug)
    try:
        annotation = annotation_in(project, annotation_id)
    except Annotation.DoesNotExist as error:
        raise Http404("No such annotation") from error
    if not roles.may_see_annotation(user, role, annotation):
        raise Http404("No such annotation")
    return project, role, annotation


def annotation_in(project: Project, annotation_id: int) -> Annotation:
    """The annotation with its article, if it belongs to the project (else DoesNotExist)."""
    return Annotation.objects.select_related("article", "article__project").get(
        pk=annotation_id, article__project=project
    )


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


def mark_span(
    annotation: Annotation,
    *,
    label: str,
    start: int,
    end: int,
    text: str | None,
    quote: Quote | None,
    actor,
    expected_version: int,
) -> tuple[Mention, Quote | None]:
    """Make a mention of a selection: a QUOTE becomes a quote at once; a SPEAKER or CUE is
    linked to `quote` when one is being edited. One transaction, one version check."""
    spans.check_label(label)
    article_text = annotation.article.text
    spans.check_span(article_text, start, end, text)
    start, end = spans.trim_span(article_text, start, end)
    if start >= end:
        raise editing.EditError("start", "the selection holds only white space")
    # One step needs no transaction of its own (editing's is enough, and a nested one would
    # cost two more round trips for a savepoint); two steps stand or fall together.
    together = label == Label.QUOTE or quote is not None
    with transaction.atomic() if together else nullcontext():
        mention = editing.add_mention(
            annotation,
            label=label,
            start=start,
            end=end,
            actor=actor,
            expected_version=expected_version,
        )
        if label == Label.QUOTE:
            quote = editing.add_quote(
                annotation,
                content=mention,
                type=quote_type_from_marks(article_text, start, end),
                actor=actor,
                expected_version=annotation.version,
            )
        elif quote is not None:
            part = "speaker_mention" if label == Label.SPEAKER else "cue"
            quote = editing.update_quote(
                annotation,
                quote,
                actor=actor,
                expected_version=annotation.version,
                **{part: mention},
            )
    return mention, quote


def restore_version(annotation: Annotation, version: int, *, actor, expected_version: int):
    """Bring back the contents the annotation had at `version` (undo), as a new version."""
    if version >= expected_version or version < 1:
        raise editing.EditError("version", f"cannot go back to version {version}")
    event = (
        AnnotationEvent.objects.filter(annotation=annotation, version=version)
        .order_by("-id")
        .first()
    )
    if event is None and version != 1:
        raise editing.EditError("version", f"no record of version {version} to go back to")
    contents = event.snapshot if event else {"mentions": [], "quotes": []}
    return editing.replace_contents(
        annotation, contents, actor=actor, expected_version=expected_version, action="undone"
    )


def _excerpt(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
