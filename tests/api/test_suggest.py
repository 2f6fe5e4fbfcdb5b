"""POST /api/v1/suggest: suggestions for a posted text."""

import pytest
from rest_framework.test import APIClient

from annotations.models import Role
from annotations.suggesting import SUGGESTER_VERSION
from tests import factories

URL = "/api/v1/suggest"


@pytest.fixture
def client(annotator):
    api = APIClient()
    api.force_authenticate(annotator)
    return api


def test_suggestions_come_with_each_span_text(client):
    response = client.post(URL, {"text": "“We will not give up,” Anna Weber said."}, format="json")
    assert response.status_code == 200
    (suggestion,) = response.json()["suggestions"]
    assert suggestion["content"] == {"start": 1, "end": 21, "text": "We will not give up,"}
    assert suggestion["speaker_mention"]["text"] == "Anna Weber"
    assert suggestion["cue"]["text"] == "said"
    assert suggestion["kind"] == "direct_marks_after"


def test_project_speakers_name_the_canonical_speaker(client, project):
    factories.make_speaker(project, "Dmitry Peskov", aliases=["Peskov"])
    body = {"text": "“The answer is no,” Peskov said.", "project": project.slug}
    (suggestion,) = client.post(URL, body, format="json").json()["suggestions"]
    assert suggestion["speaker"] == "Dmitry Peskov"
    assert suggestion["speaker_is_new"] is False


def test_outsider_project_is_not_found(client):
    other = factories.make_project()
    body = {"text": "“The answer is no,” Peskov said.", "project": other.slug}
    assert client.post(URL, body, format="json").status_code == 404


def test_missing_text_names_the_field(client):
    response = client.post(URL, {}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()


def test_anonymous_request_is_refused(db):
    response = APIClient().post(URL, {"text": "“No,” he said."}, format="json")
    assert response.status_code == 401
    assert "credentials were not provided" in response.json()["detail"]
    assert "suggestions" not in response.json()


def test_the_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/suggest" in schema and "suggest_quotes" in schema


def test_viewer_may_use_it_too(project):
    viewer = factories.add_member(project, role=Role.VIEWER)
    api = APIClient()
    api.force_authenticate(viewer)
    assert api.post(URL, {"text": "Plain.", "project": project.slug}, format="json").json() == {
        "suggester_version": SUGGESTER_VERSION,
        "suggestions": [],
    }


def test_too_long_text_is_refused_naming_the_field(client):
    response = client.post(URL, {"text": "x" * 1_000_001}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()
