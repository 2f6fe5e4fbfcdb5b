"""Reading what pages and the API show, with the queries prefetched here, not in templates."""

from django.db.models import Count, Q, QuerySet

from . import roles
from .models import Article, Project, Status


def projects_with_progress(user) -> QuerySet[Project]:
    """The user's projects, with their article count and the user's submitted count."""
    return (
        roles.projects_for(user)
        .annotate(
            article_count=Count("articles", distinct=True),
            submitted_count=Count(
                "articles__annotations",
                filter=Q(
                    articles__annotations__annotator=user,
                    articles__annotations__status=Status.SUBMITTED,
                ),
                distinct=True,
            ),
        )
        .order_by("name")
    )


def articles_of(project: Project) -> QuerySet[Article]:
    return Article.objects.filter(project=project).defer("text")
