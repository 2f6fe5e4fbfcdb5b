"""The import page in Chromium: a file dropped on the drop zone is imported and its report
shown; a running job's progress bar is polled until the report replaces it."""

import json

import psycopg
import pytest
from django.db import connection

from annotations.importing import abandoned
from annotations.models import Article, ImportJob, Role
from tests import factories
from tests.factories import gold, login, record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager_page(page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    project = factories.make_project(slug="imports")
    manager = factories.add_member(project, role=Role.MANAGER)
    login(page, live_server, manager)
    return page, project


def test_dropped_file_is_imported_and_reported(manager_page, live_server):
    page, project = manager_page
    page.goto(f"{live_server.url}/projects/{project.slug}/imports/")
    content = json.dumps(record("dropped", annotations=[gold()])) + "\n"
    page.evaluate(
        """(content) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([content], "dropped.jsonl", {type: "application/json"}));
            const zone = document.querySelector("[data-dropzone]");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
        }""",
        content,
    )
    assert page.eval_on_selector("#import-file", "input => input.files[0].name") == "dropped.jsonl"
    page.click(".import-form button[type=submit]")
    page.wait_for_selector(".import-outcome")
    assert "Imported 1 new" in page.inner_text(".import-outcome")
    assert Article.objects.filter(project=project, external_id="dropped").exists()
    assert page.errors == []


def test_progress_bar_is_polled_until_the_report_appears(manager_page, live_server):
    page, project = manager_page
    job = ImportJob.objects.create(
        project=project, file_name="big.jsonl", state="running", processed=400, total=1000
    )
    # A live process holds the job's lock (else the page would show the job abandoned).
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as worker:
        worker.execute("SELECT pg_advisory_lock(%s, %s)", [abandoned.LOCK_NAMESPACE, job.pk])
        page.goto(f"{live_server.url}/projects/{project.slug}/imports/{job.pk}/")
        assert page.get_attribute("progress", "value") == "400"
        ImportJob.objects.filter(pk=job.pk).update(processed=900)
        page.wait_for_selector('progress[value="900"]')
        ImportJob.objects.filter(pk=job.pk).update(
            state="done", report={"articles": 1000, "mentions": 14000, "quotes": 4000}
        )
    page.wait_for_selector(".import-outcome")
    assert "1000 new" in page.inner_text(".import-outcome")
    assert page.errors == []
