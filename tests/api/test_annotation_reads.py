"""An annotation's contents in API answers, built by PostgreSQL from its rows in one query:
the same as `editing.snapshot`, keys in the declared order, and never a stale copy."""

import pytest
from rest_framework.test import APIClient

from annotations import contents, editing
from annotations.models import Role
from tests.factories import add_member, make_article, make_project

pytestmark = pytest.mark.django_db

TEXT = "Alice said: “Hello, world.” Bob said: “Goodbye.”"
CONTENTS = {
    "mentions": [
        {"id": 1, "label": "SPEAKER", "start": 0, "end": 5},
        {"id": 2, "label": "CUE", "start": 6, "end": 10},
        {"id": 3, "label": "QUOTE", "start": 13, "end": 26},
    ],
    "quotes": [{"content": 3, "speaker_mention": 1, "cue": 2}],
}


@pytest.fixture
def setup():
    project = make_project(slug="reads")
    user = add_member(project, role=Role.ANNOTATOR)
    client = APIClient()
    client.force_authenticate(user)
    annotation = editing.own_annotation(make_article(project, text=TEXT), user)
    return client, annotation


def get(client, annotation) -> dict:
    path = f"/api/v1/projects/reads/articles/{annotation.article_id}/annotations/{annotation.pk}/"
    response = client.get(path)
    assert response.status_code == 200
    return response.json()


def test_a_new_annotation_without_history_reads_empty(setup):
    client, annotation = setup
    data = get(client, annotation)
    assert data["mentions"] == [] and data["quotes"] == []


def test_contents_answered_equal_the_rows(setup):
    client, annotation = setup
    editing.replace_contents(annotation, CONTENTS)
    data = get(client, annotation)
    stored = editing.snapshot(annotation)
    # Answers always list a quote's fragments; the snapshot keeps one id for one fragment.
    stored["quotes"] = [{**q, "content": [q["content"]]} for q in stored["quotes"]]
    assert {"mentions": data["mentions"], "quotes": data["quotes"]} == stored
    assert list(data["mentions"][0]) == list(contents.MENTION_FIELDS)
    assert [m["text"] for m in data["mentions"]] == ["Alice", "said", "Hello, world."]


def test_a_change_made_without_editing_shows_at_once(setup):
    client, annotation = setup
    editing.replace_contents(annotation, CONTENTS)
    # As the admin's inlines do: no new version, no history event.
    annotation.mentions.filter(label="CUE").delete()
    data = get(client, annotation)
    assert [m["label"] for m in data["mentions"]] == ["SPEAKER", "QUOTE"]
