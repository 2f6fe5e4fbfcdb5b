"""The role matrix (docs/roles.md) over every API endpoint, the exports and the export page: one table,
one test. Outsiders get 404 everywhere (the project does not exist for them)."""

# ruff: noqa: E501  (the matrix reads best one endpoint a line)

import pytest
from django.test import Client

from annotations import comments, editing
from tests.factories import api_client, build_world

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "annotator", "viewer", "reviewer", "manager")


def contents_body(annotation) -> dict:
    return {"version": annotation.version, **editing.snapshot(annotation)}


V1 = "/api/v1/projects/roles"
ALL_MEMBERS = {"outsider": 404, "annotator": 200, "viewer": 200, "reviewer": 200, "manager": 200}
EXPORTERS = {"outsider": 404, "annotator": 403, "viewer": 200, "reviewer": 200, "manager": 200}


def _export(fmt):
    return ("get", lambda w: f"{V1}/export.{fmt}", None, {"anonymous": 401, **EXPORTERS})


def _notes(annotation) -> str:
    return f"{V1}/articles/{annotation.article_id}/annotations/{annotation.pk}/comments/"


def _note(annotation):
    """A note by the annotation's annotator (made while the URL is built)."""
    return comments.add(annotation, author=annotation.annotator, text="hm")


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
        {"anonymous": 401, "outsider": 404, "annotator": 403, "viewer": 403, "reviewer": 201, "manager": 201},
    ),
    "create gold": (
        "post", lambda w: f"{V1}/articles/{w.fresh_article.pk}/annotations/", lambda w: {"gold": True},
        {"anonymous": 401, "outsider": 404, "annotator": 403, "viewer": 403, "reviewer": 201, "manager": 201},
    ),
    "notes on the annotator's own": (
        "get", lambda w: f"{_notes(w.own)}", None,
        {"anonymous": 401, **ALL_MEMBERS, "viewer": 404},
    ),
    "add a note to the annotator's own": (
        "post", lambda w: f"{_notes(w.own)}", lambda w: {"text": "who?"},
        {"anonymous": 401, "outsider": 404, "annotator": 201, "viewer": 404, "reviewer": 403, "manager": 403},
    ),
    "edit the annotator's note": (
        "patch", lambda w: f"{_notes(w.own)}{_note(w.own).pk}/", lambda w: {"text": "who is it?"},
        {"anonymous": 401, "outsider": 404, "annotator": 200, "viewer": 404, "reviewer": 403, "manager": 403},
    ),
    "delete a note on another's submitted": (
        "delete", lambda w: f"{_notes(w.submitted)}{_note(w.submitted).pk}/", None,
        {"anonymous": 401, "outsider": 404, "annotator": 404, "viewer": 403, "reviewer": 403, "manager": 204},
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
