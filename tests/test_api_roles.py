"""DESIGN.md's role matrix over every API endpoint, the exports and the export page: one table,
one test. Outsiders get 404 everywhere (the project does not exist for them)."""

# ruff: noqa: E501  (the matrix reads best one endpoint a line)

from dataclasses import dataclass

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from annotations import editing
from annotations.models import Label, Role, Status
from tests import builders

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "annotator", "viewer", "reviewer", "manager")
TEXT = "Alice said: “Hello, world.” Bob added that all was well."


@dataclass
class World:
    project: object
    users: dict
    article: object
    fresh_article: object
    gold: object
    own: object  # the annotator's own version, in progress
    submitted: object  # another annotator's submitted version
    speaker: object


def build_world() -> World:
    """A project with one member of each role, an article with a gold version, the annotator's
    own version in progress and another annotator's submitted version; an unannotated article."""
    project = builders.make_project(slug="roles")
    users = {role: builders.add_member(project, role=role) for role in Role.values}
    users["outsider"] = builders.add_member(builders.make_project(), role=Role.MANAGER)
    other = builders.add_member(project, role=Role.ANNOTATOR)
    article = builders.make_article(project, text=TEXT, published="2024-01-02", source="Wire")
    fresh_article = builders.make_article(project, text=TEXT)
    speaker = builders.make_speaker(project, name="Alice", aliases=["Ms Alice"])
    gold = editing.gold_annotation(article)
    _one_quote(gold, speaker)
    own = editing.own_annotation(article, users[Role.ANNOTATOR])
    _one_quote(own, speaker)
    submitted = editing.own_annotation(article, other)
    _one_quote(submitted, speaker)
    editing.set_status(submitted, Status.SUBMITTED)
    for annotation in (gold, own, submitted):
        annotation.refresh_from_db()
    return World(project, users, article, fresh_article, gold, own, submitted, speaker)


def _one_quote(annotation, speaker):
    content = editing.add_mention(annotation, label=Label.QUOTE, start=13, end=26)
    who = editing.add_mention(annotation, label=Label.SPEAKER, start=0, end=5)
    cue = editing.add_mention(annotation, label=Label.CUE, start=6, end=10)
    editing.add_quote(annotation, content=content, speaker_mention=who, cue=cue, speaker=speaker)


def api_client(user) -> Client:
    if user is None:
        return Client()
    token, _ = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


def contents_body(annotation) -> dict:
    return {"version": annotation.version, **editing.snapshot(annotation)}


V1 = "/api/v1/projects/roles"
ALL_MEMBERS = {"outsider": 404, "annotator": 200, "viewer": 200, "reviewer": 200, "manager": 200}
EXPORTERS = {"outsider": 404, "annotator": 403, "viewer": 200, "reviewer": 200, "manager": 200}


def _export(fmt):
    return ("get", lambda w: f"{V1}/export.{fmt}", None, {"anonymous": 401, **EXPORTERS})


# endpoint: (method, url, body, expected status by role)
ENDPOINTS = {
    "projects list": ("get", lambda w: "/api/v1/projects/", None, {"anonymous": 401, **ALL_MEMBERS, "outsider": 200}),
    "project": ("get", lambda w: f"{V1}/", None, {"anonymous": 401, **ALL_MEMBERS}),
    "articles": ("get", lambda w: f"{V1}/articles/", None, {"anonymous": 401, **ALL_MEMBERS}),
    "article": ("get", lambda w: f"{V1}/articles/{w.article.pk}/", None, {"anonymous": 401, **ALL_MEMBERS}),
    "speakers": ("get", lambda w: f"{V1}/speakers/", None, {"anonymous": 401, **ALL_MEMBERS}),
    "speaker": ("get", lambda w: f"{V1}/speakers/{w.speaker.pk}/", None, {"anonymous": 401, **ALL_MEMBERS}),
    "quotes": ("get", lambda w: f"{V1}/quotes/", None, {"anonymous": 401, **ALL_MEMBERS}),
    "annotations": ("get", lambda w: f"{V1}/articles/{w.article.pk}/annotations/", None, {"anonymous": 401, **ALL_MEMBERS}),
    "read gold": (
        "get", lambda w: f"{V1}/articles/{w.article.pk}/annotations/{w.gold.pk}/", None,
        {"anonymous": 401, **ALL_MEMBERS, "annotator": 404},
    ),
    "read another's submitted": (
        "get", lambda w: f"{V1}/articles/{w.article.pk}/annotations/{w.submitted.pk}/", None,
        {"anonymous": 401, **ALL_MEMBERS, "annotator": 404},
    ),
    "read the annotator's in progress": (
        "get", lambda w: f"{V1}/articles/{w.article.pk}/annotations/{w.own.pk}/", None,
        {"anonymous": 401, **ALL_MEMBERS, "viewer": 404},
    ),
    "write gold": (
        "put", lambda w: f"{V1}/articles/{w.article.pk}/annotations/{w.gold.pk}/", lambda w: contents_body(w.gold),
        {"anonymous": 401, "outsider": 404, "annotator": 404, "viewer": 403, "reviewer": 200, "manager": 200},
    ),
    "write the annotator's own": (
        "put", lambda w: f"{V1}/articles/{w.article.pk}/annotations/{w.own.pk}/", lambda w: contents_body(w.own),
        {"anonymous": 401, "outsider": 404, "annotator": 200, "viewer": 404, "reviewer": 403, "manager": 403},
    ),
    "create own": (
        "post", lambda w: f"{V1}/articles/{w.fresh_article.pk}/annotations/", lambda w: {},
        {"anonymous": 401, "outsider": 404, "annotator": 201, "viewer": 403, "reviewer": 201, "manager": 201},
    ),
    "create gold": (
        "post", lambda w: f"{V1}/articles/{w.fresh_article.pk}/annotations/", lambda w: {"gold": True},
        {"anonymous": 401, "outsider": 404, "annotator": 403, "viewer": 403, "reviewer": 201, "manager": 201},
    ),
    **{f"export {fmt}": _export(fmt) for fmt in ("csv", "json", "jsonl", "parquet", "brat", "labelstudio")},
    "export page": (
        "page", lambda w: "/projects/roles/export/", None,
        {"anonymous": 302, "outsider": 404, "annotator": 403, "viewer": 200, "reviewer": 200, "manager": 200},
    ),
    "imports": (
        "get", lambda w: f"{V1}/imports/", None,
        {"anonymous": 401, "outsider": 404, "annotator": 403, "viewer": 403, "reviewer": 403, "manager": 200},
    ),
    "schema": ("get", lambda w: "/api/schema/", None, dict.fromkeys(ROLES, 200)),
}  # fmt: skip

MATRIX = [
    pytest.param(endpoint, role, expected, id=f"{endpoint}-{role}")
    for endpoint, (_, _, _, by_role) in ENDPOINTS.items()
    for role, expected in by_role.items()
]


@pytest.mark.parametrize(("endpoint", "role", "expected"), MATRIX)
def test_role_matrix(endpoint, role, expected):
    world = build_world()
    method, url, body, _ = ENDPOINTS[endpoint]
    user = None if role == "anonymous" else world.users[role]
    if method == "page":
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get(url(world))
    else:
        client = api_client(user)
        kwargs = {"content_type": "application/json", "data": body(world)} if body else {}
        response = getattr(client, method)(url(world), **kwargs)
    if response.streaming:
        assert b"".join(response.streaming_content)  # the whole file streams without error
    assert response.status_code == expected, (endpoint, role, response.status_code)
