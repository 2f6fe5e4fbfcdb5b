"""Small builder functions for tests: a project with members, an article, an annotation."""

import itertools

from django.contrib.auth import get_user_model

from annotations.models import Annotation, Article, Membership, Project, Role, Speaker, Status

_counter = itertools.count(1)


def make_user(username: str | None = None, password: str = "pass-word-123", **fields):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password=password, **fields)


def make_project(slug: str | None = None, **fields) -> Project:
    number = next(_counter)
    slug = slug or f"project-{number}"
    return Project.objects.create(name=fields.pop("name", f"Project {number}"), slug=slug, **fields)


def add_member(project: Project, user=None, role: str = Role.ANNOTATOR):
    user = user or make_user()
    Membership.objects.create(project=project, user=user, role=role)
    return user


def make_article(project: Project, text: str = "Alice said: “Hello, world.”", **fields) -> Article:
    number = next(_counter)
    return Article.objects.create(
        project=project,
        external_id=fields.pop("external_id", f"article-{number}"),
        title=fields.pop("title", f"Article {number}"),
        text=text,
        **fields,
    )


def make_speaker(project: Project, name: str = "Alice", **fields) -> Speaker:
    return Speaker.objects.create(project=project, name=name, **fields)


def make_annotation(article: Article, annotator=None, status: str | None = None) -> Annotation:
    status = status or (Status.GOLD if annotator is None else Status.IN_PROGRESS)
    return Annotation.objects.create(article=article, annotator=annotator, status=status)
