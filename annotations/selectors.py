"""Reading what pages and the API show, with the queries prefetched here, not in templates."""

from django.db.models import QuerySet

from .models import Article, Project


def articles_of(project: Project) -> QuerySet[Article]:
    return Article.objects.filter(project=project).defer("text")
