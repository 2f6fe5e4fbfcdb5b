"""An article's history (every recorded change, who, when, what) and restoring a state.

Every write in `editing` and `assignment` records an `AnnotationEvent` with the whole
annotation after it; restoring writes an earlier snapshot back through `editing`, so the
restore itself is one more event and nothing earlier is lost.
"""

from django.db.models import QuerySet

from . import editing, roles
from .models import Annotation, AnnotationEvent, Article

ACTIONS = {
    "mention_created": "added a span",
    "mention_deleted": "deleted a span",
    "quote_created": "made a quote",
    "quote_updated": "changed a quote",
    "quote_deleted": "deleted a quote",
    "status_changed": "changed the status",
    "replaced": "replaced everything",
    "restored": "restored an earlier state",
    "took_version": "took a whole version into gold",
    "assigned": "assigned the article",
    "reassigned": "reassigned the annotation",
}


def article_history(article: Article, user, role) -> QuerySet[AnnotationEvent]:
    """The article's events, newest first, for the annotations the viewer may see."""
    visible = roles.visible_annotations(user, role, Annotation.objects.filter(article=article))
    return (
        AnnotationEvent.objects.filter(annotation__in=visible)
        .select_related("actor", "annotation__annotator")
        # Each snapshot is a whole annotation; the list never shows it, restore reads one.
        .defer("snapshot")
        .order_by("-at", "-id")
    )


def describe(event: AnnotationEvent) -> str:
    """One line saying what the event changed."""
    what = ACTIONS.get(event.action, event.action.replace("_", " "))
    detail = event.detail or {}
    if "mention" in detail:
        mention = detail["mention"]
        return (
            f"{what}: {mention['label']} “{mention['text']}” ({mention['start']}–{mention['end']})"
        )
    if event.action == "status_changed":
        return f"{what} to {detail.get('status')}"
    if event.action == "reassigned":
        return f"{what} from {detail.get('from')} to {detail.get('to')}"
    if "restored_from" in detail:
        return f"{what} (version {detail['restored_from']})"
    return what


def restore(
    annotation: Annotation,
    event: AnnotationEvent,
    *,
    actor=None,
    expected_version: int | None = None,
) -> Annotation:
    """Put the annotation's mentions and quotes back as they were right after `event`."""
    if event.annotation_id != annotation.pk:
        raise editing.EditError("event", "this event belongs to another annotation")
    return editing.replace_contents(
        annotation,
        event.snapshot,
        actor=actor,
        expected_version=expected_version,
        action="restored",
        detail={"restored_from": event.version},
    )
