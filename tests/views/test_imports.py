"""The import page: who sees it, uploads, dry runs, reports and job polling."""

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from annotations.importing import abandoned
from annotations.models import Article, ImportJob, Role
from tests import factories
from tests.factories import gold, jsonl_upload, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_manager_sees_the_import_page_and_its_link(client, project, manager):
    client.force_login(manager)
    assert client.get(reverse("import_page", args=[project.slug])).status_code == 200
    page = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert reverse("import_page", args=[project.slug]) in page


@pytest.mark.parametrize("role", [Role.ANNOTATOR, Role.VIEWER, Role.REVIEWER])
def test_other_members_get_403_and_no_link(client, project, role):
    client.force_login(factories.add_member(project, role=role))
    assert client.get(reverse("import_page", args=[project.slug])).status_code == 403
    page = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert reverse("import_page", args=[project.slug]) not in page


def test_outsider_gets_404(client, project):
    client.force_login(factories.make_user())
    assert client.get(reverse("import_page", args=[project.slug])).status_code == 404


def test_upload_imports_and_redirects_to_the_report(client, project, manager):
    client.force_login(manager)
    response = client.post(
        reverse("import_page", args=[project.slug]),
        {
            "file": jsonl_upload(record("a1", annotations=[gold()])),
            "format": "auto",
            "on_duplicate": "error",
        },
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("import_detail", args=[project.slug, job.pk])
    report = client.get(response.url).content.decode()
    assert "Imported" in report and "1 new" in report and "3 mentions" in report
    assert job.created_by == manager and job.sha256 and job.file_name == "a.jsonl"
    assert Article.objects.filter(project=project).count() == 1


def test_dry_run_upload_shows_every_error_and_writes_nothing(client, project, manager):
    client.force_login(manager)
    bad = record("a2", text="")
    client.post(
        reverse("import_page", args=[project.slug]),
        {"file": jsonl_upload(record("a1"), bad), "dry_run": "on", "on_duplicate": "error"},
    )
    job = ImportJob.objects.get()
    page = client.get(reverse("import_detail", args=[project.slug, job.pk])).content.decode()
    assert "a.jsonl line 2" in page and "is missing: every article needs a text" in page
    assert Article.objects.count() == 0


def test_running_job_partial_polls_and_finished_one_stops(client, project, manager):
    client.force_login(manager)
    job = ImportJob.objects.create(
        project=project, file_name="big.jsonl", state="running", processed=5, total=10
    )
    url = reverse("import_detail", args=[project.slug, job.pk])
    # A live process holds the job's lock (else the page would show the job abandoned).
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as worker:
        worker.execute("SELECT pg_advisory_lock(%s, %s)", [abandoned.LOCK_NAMESPACE, job.pk])
        running = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in running and '<progress max="10" value="5">' in running
    assert "<html" not in running
    ImportJob.objects.filter(pk=job.pk).update(state="done", report={"articles": 10})
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in done and "Imported" in done


def test_oversized_upload_gets_a_clear_error(client, project, manager, settings):
    settings.MAX_UPLOAD_BYTES = 5
    client.force_login(manager)
    response = client.post(
        reverse("import_page", args=[project.slug]), {"file": jsonl_upload(record("a1"))}
    )
    assert response.status_code == 400
    assert "the limit is 5 bytes" in response.content.decode()


def test_project_page_lists_past_imports(client, project, manager):
    ImportJob.objects.create(
        project=project, file_name="corpus.jsonl", state="done", articles_count=42
    )
    client.force_login(manager)
    page = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert "corpus.jsonl" in page and "42" in page


def test_dry_run_report_lists_what_would_be_imported(client, project, manager):
    client.force_login(manager)
    client.post(
        reverse("import_page", args=[project.slug]),
        {
            "file": jsonl_upload(record("a1", annotations=[gold()], title="Peace talks")),
            "dry_run": "on",
        },
    )
    job = ImportJob.objects.get()
    page = client.get(reverse("import_detail", args=[project.slug, job.pk])).content.decode()
    assert "What would be imported" in page and "Peace talks" in page
    assert "Dry run, nothing written" in page and Article.objects.count() == 0
