"""Which articles a member works on, and which comes next.

For now every article of a project counts as assigned to each of its writing members;
the team workflow (overlap, fair hand-out, manager assignment) replaces the rules here,
keeping these function signatures.
"""

from django.db.models import QuerySet

from . import roles
from .models import Annotation, Article, Project, Status

DONE = [Status.SUBMITTED, Status.SKIPPED]


def assigned_articles(user, project: Project) -> QuerySet[Article]:
    """The project's articles that count as assigned to the user."""
    if not roles.can_write(roles.role_in(user, project)):
        return Article.objects.none()
    return Article.objects.filter(project=project)


def next_article(user, project: Project) -> Article | None:
    """The first assigned article the user has not yet submitted or skipped."""
    done = Annotation.objects.filter(annotator=user, status__in=DONE).values("article_id")
    return assigned_articles(user, project).exclude(pk__in=done).order_by("id").first()
