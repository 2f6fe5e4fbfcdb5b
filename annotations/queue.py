"""Where an annotator is in their queue: "article 3 of 20 assigned", for the workspace."""

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Annotation, Status


@dataclass(frozen=True)
class Position:
    number: int  # this article's place among the user's assignments, in the order given
    assigned: int
    submitted: int


def position(annotation: Annotation) -> Position | None:
    """The annotation's place among its annotator's assignments in the project (None for
    gold), in one query."""
    if annotation.annotator_id is None:
        return None
    figures = Annotation.objects.filter(
        annotator_id=annotation.annotator_id, article__project_id=annotation.article.project_id
    ).aggregate(
        number=Count("id", filter=Q(id__lte=annotation.pk)),
        assigned=Count("id"),
        submitted=Count("id", filter=Q(status=Status.SUBMITTED)),
    )
    return Position(**figures)
