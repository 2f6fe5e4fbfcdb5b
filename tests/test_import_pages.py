"""The import page, the import API and the import_articles command."""

import json

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.importing import abandoned
from annotations.models import Article, ImportJob, Role
from tests import builders
from tests.import_files import gold, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def manager(project):
    return builders.add_member(project, role=Role.MANAGER)


def jsonl_upload(*records, name="a.jsonl"):
    content = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    return SimpleUploadedFile(name, content)


def test_manager_sees_the_import_page_and_its_link(client, project, manager):
    client.force_login(manager)
    assert client.get(reverse("import_page", args=[project.slug])).status_code == 200
    page = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert reverse("import_page", args=[project.slug]) in page


@pytest.mark.parametrize("role", [Role.ANNOTATOR, Role.VIEWER, Role.REVIEWER])
def test_other_members_get_403_and_no_link(client, project, role):
    client.force_login(builders.add_member(project, role=role))
    assert client.get(reverse("import_page", args=[project.slug])).status_code == 403
    page = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert reverse("import_page", args=[project.slug]) not in page


def test_outsider_gets_404(client, project):
    client.force_login(builders.make_user())
    assert client.get(reverse("import_page", args=[project.slug])).status_code == 404


def test_upload_imports_and_redirects_to_the_report(client, project, manager):
    client.force_login(manager)
    response = client.post(
        reverse("import_page", args=[project.slug]),
        {
            "file": jsonl_upload(record("a1", annotations=[gold()])),
            "format": "auto",
            "on_duplicate": "error",
        },  # noqa: E501
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
    )  # noqa: E501
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
    )  # noqa: E501
    assert response.status_code == 400
    assert "the limit is 5 bytes" in response.content.decode()


def test_project_page_lists_past_imports(client, project, manager):
    ImportJob.objects.create(
        project=project, file_name="corpus.jsonl", state="done", articles_count=42
    )  # noqa: E501
    client.force_login(manager)
    page = client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert "corpus.jsonl" in page and "42" in page


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_api_import_answers_202_with_the_job_and_its_status_url(project, manager):
    url = reverse("api-imports", args=[project.slug])
    response = api(manager).post(
        url, {"file": jsonl_upload(record("a1")), "skip_invalid": "true"}, format="multipart"
    )  # noqa: E501
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
    )  # noqa: E501
    body = response.json()
    assert body["state"] == "failed" and "repeated in the file" in body["errors"][0]["message"]
    assert Article.objects.count() == 0


def test_api_refuses_an_unknown_format_naming_the_field(project, manager):
    url = reverse("api-imports", args=[project.slug])
    response = api(manager).post(
        url, {"file": jsonl_upload(record("a1")), "format": "xml"}, format="multipart"
    )  # noqa: E501
    assert response.status_code == 400 and response.json()["field"] == "format"


@pytest.mark.parametrize("role", [Role.ANNOTATOR, Role.VIEWER])
def test_api_import_is_403_for_members_who_may_not_import(project, role):
    user = builders.add_member(project, role=role)
    url = reverse("api-imports", args=[project.slug])
    response = api(user).post(url, {"file": jsonl_upload(record("a1"))}, format="multipart")
    assert response.status_code == 403 and Article.objects.count() == 0


def test_api_import_is_404_for_outsiders(project):
    url = reverse("api-imports", args=[project.slug])
    response = api(builders.make_user()).post(
        url, {"file": jsonl_upload(record("a1"))}, format="multipart"
    )  # noqa: E501
    assert response.status_code == 404


def test_command_imports_and_records_the_job(project, tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("a1", annotations=[gold()])) + "\n")
    call_command("import_articles", str(path), "--project", project.slug)
    assert "Imported 1 new" in capsys.readouterr().out
    job = ImportJob.objects.get()
    assert (job.state, job.articles_count, job.quotes_count, job.file_name) == (
        "done",
        1,
        1,
        "a.jsonl",
    )  # noqa: E501


def test_command_fails_with_the_errors_and_writes_nothing(project, tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("a1")) + "\n{oops\n")
    with pytest.raises(CommandError, match="1 errors: nothing was imported"):
        call_command("import_articles", str(path), "--project", project.slug)
    assert "a.jsonl line 2" in capsys.readouterr().err
    assert Article.objects.count() == 0 and ImportJob.objects.get().state == "failed"


def test_command_label_map_reads_a_brat_corpus(project, tmp_path):
    from tests.import_files import TEXT, write_zip

    ann = "T1\tQuotation 13 25\tWe will win.\nT2\tPerson 0 5\tAlice\n"
    path = write_zip(tmp_path / "b.zip", {"d.txt": TEXT, "d.ann": ann})
    call_command(
        "import_articles",
        str(path),
        "--project",
        project.slug,
        "--label-map",
        "Quotation=QUOTE,Person=-",
    )  # noqa: E501
    assert Article.objects.get().annotations.get().mentions.get().label == "QUOTE"


def test_dry_run_report_lists_what_would_be_imported(client, project, manager):
    client.force_login(manager)
    client.post(
        reverse("import_page", args=[project.slug]),
        {
            "file": jsonl_upload(record("a1", annotations=[gold()], title="Peace talks")),
            "dry_run": "on",
        },  # noqa: E501
    )
    job = ImportJob.objects.get()
    page = client.get(reverse("import_detail", args=[project.slug, job.pk])).content.decode()
    assert "What would be imported" in page and "Peace talks" in page
    assert "Dry run, nothing written" in page and Article.objects.count() == 0


def test_command_progress_bar_redraws_one_line():
    import io

    from annotations.management.commands.import_articles import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar("checking", 500, None)
    bar("writing", 5, 10)
    bar.done()
    assert stream.getvalue() == "\rchecking 500 records\rwriting  [#####-----] 5/10 articles\n"
