"""The import API: 202 with the job, errors change nothing, roles."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.models import Article, Role
from tests import factories
from tests.factories import jsonl_upload, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_import_answers_202_with_the_job_and_its_status_url(project, manager):
    url = reverse("api-imports", args=[project.slug])
    response = api(manager).post(
        url, {"file": jsonl_upload(record("a1")), "skip_invalid": "true"}, format="multipart"
    )
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "done" and body["articles_count"] == 1
    assert body["status_url"].endswith(reverse("api-import", args=[project.slug, body["id"]]))
    status = api(manager).get(body["status_url"])
    assert status.status_code == 200 and status.json()["id"] == body["id"]


def test_api_import_with_errors_changes_nothing(project, manager):
    url = reverse("api-imports", args=[project.slug])
    response = api(manager).post(
        url, {"file": jsonl_upload(record("a1"), record("a1"))}, format="multipart"
    )
    body = response.json()
    assert body["state"] == "failed" and "repeated in the file" in body["errors"][0]["message"]
    assert Article.objects.count() == 0


def test_api_refuses_an_unknown_format_naming_the_field(project, manager):
    url = reverse("api-imports", args=[project.slug])
    response = api(manager).post(
        url, {"file": jsonl_upload(record("a1")), "format": "xml"}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["field"] == "format"


@pytest.mark.parametrize("role", [Role.ANNOTATOR, Role.VIEWER])
def test_api_import_is_403_for_members_who_may_not_import(project, role):
    user = factories.add_member(project, role=role)
    url = reverse("api-imports", args=[project.slug])
    response = api(user).post(url, {"file": jsonl_upload(record("a1"))}, format="multipart")
    assert response.status_code == 403 and Article.objects.count() == 0


def test_api_import_is_404_for_outsiders(project):
    url = reverse("api-imports", args=[project.slug])
    response = api(factories.make_user()).post(
        url, {"file": jsonl_upload(record("a1"))}, format="multipart"
    )
    assert response.status_code == 404
