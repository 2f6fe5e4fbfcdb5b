"""A task worker that comes back, and no import left "running" for good.

The first tests use the test database: a running job whose process is gone is marked failed
with a message and can be run again; one whose process is alive (it holds the job's lock)
is left alone. The last one starts its own embedded PostgreSQL in a temporary folder, runs
`run_worker` against it, restarts PostgreSQL under it, then queues an import and waits
(bounded) until the worker has done it."""

import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from annotations.importing import abandoned
from annotations.models import Article, ImportJob, Role
from tests import factories
from tests.factories import record, write_jsonl

ROOT = Path(__file__).resolve().parent.parent


def _running_job(project, tmp_path, settings) -> ImportJob:
    settings.MEDIA_ROOT = tmp_path
    path = write_jsonl(tmp_path / "a.jsonl", [record("a1"), record("a2")])
    job = ImportJob(
        project=project,
        file_name="a.jsonl",
        file_size=path.stat().st_size,
        format="auto",
        options={"format": "auto"},
        state=ImportJob.State.RUNNING,
    )
    job.upload.save("a.jsonl", ContentFile(path.read_bytes()), save=False)
    job.save()
    return job


@pytest.mark.django_db
def test_a_running_job_whose_process_is_gone_is_marked_failed(project, tmp_path, settings):
    job = _running_job(project, tmp_path, settings)
    assert abandoned.fail_abandoned_jobs() == [job.pk]
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and job.finished_at is not None
    assert "stopped before it finished" in job.errors[0]["message"]


@pytest.mark.django_db
def test_a_job_whose_process_still_holds_it_stays_running(project, tmp_path, settings):
    job = _running_job(project, tmp_path, settings)
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(%s, %s)", [abandoned.LOCK_NAMESPACE, job.pk])
        assert abandoned.fail_abandoned_jobs() == []
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING


@pytest.mark.django_db
def test_the_import_page_shows_the_dead_job_failed_and_runs_it_again(
    client, project, tmp_path, settings
):
    job = _running_job(project, tmp_path, settings)
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    page = client.get(reverse("import_detail", args=[project.slug, job.pk])).content.decode()
    assert "Nothing was imported" in page and "Run it again" in page
    response = client.post(reverse("import_retry", args=[project.slug, job.pk]))
    again = ImportJob.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("import_detail", args=[project.slug, again.pk])
    assert again.state == ImportJob.State.DONE
    assert Article.objects.filter(project=project).count() == 2


@pytest.mark.django_db
def test_the_api_shows_the_dead_job_failed(project, tmp_path, settings):
    from django.test import Client
    from rest_framework.authtoken.models import Token

    job = _running_job(project, tmp_path, settings)
    token = Token.objects.create(user=factories.add_member(project, role=Role.MANAGER))
    api = Client(headers={"Authorization": f"Token {token.key}"})
    body = api.get(f"/api/v1/projects/{project.slug}/imports/{job.pk}/").json()
    assert body["state"] == "failed"


# --- the worker against a PostgreSQL that restarts ------------------------------------------

QUEUE_AN_IMPORT = """
import sys
from django.core.files.uploadedfile import SimpleUploadedFile
from annotations import importing, tasks
from annotations.models import Project
from django.contrib.auth import get_user_model
project, _ = Project.objects.get_or_create(slug="after-restart", defaults={"name": "R"})
user, _ = get_user_model().objects.get_or_create(username="importer")
upload = SimpleUploadedFile("a.jsonl", open(sys.argv[-1], "rb").read())
job = importing.create_import_job(project, user, [upload], importing.ImportOptions.build())
tasks.import_articles_task.enqueue(job.pk)
print(job.pk)
"""

JOB_STATE = """
import sys
from annotations.models import ImportJob
print(ImportJob.objects.get(pk=int(sys.argv[-1])).state)
"""


def _manage(env, *args, timeout=120) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


def _python(env, code: str, *args) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}", *args],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "newsquotes.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def own_database(tmp_path):
    """An embedded PostgreSQL of its own, in a temporary folder; stopped afterwards."""
    data = tmp_path / "data"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(NEWSQUOTES_DATA_DIR=str(data), MEDIA_ROOT=str(tmp_path / "media"))
    os.chmod(tmp_path, 0o755)  # the embedded server may run as its own system user
    try:
        _manage(env, "migrate", "--noinput", timeout=300)
        yield env
    finally:
        subprocess.run(
            [sys.executable, "-m", "newsquotes.embedded_db", "stop"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=60,
        )


def test_the_worker_survives_a_database_restart_and_runs_an_import_queued_after(
    own_database, tmp_path
):
    env = own_database
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        time.sleep(3)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        restarted = subprocess.run(
            [sys.executable, "-m", "newsquotes.embedded_db", "restart"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "restarted" in restarted.stdout, restarted.stderr[-3000:]
        time.sleep(3)
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()
        path = write_jsonl(tmp_path / "a.jsonl", [record("a1"), record("a2")])
        job_id = _python(env, QUEUE_AN_IMPORT, str(path))
        deadline = time.monotonic() + 90
        state = "pending"
        while time.monotonic() < deadline and state in ("pending", "running"):
            time.sleep(1)
            state = _python(env, JOB_STATE, job_id)
        output = (tmp_path / "worker.log").read_text()
        assert state == "done", output[-3000:]
        assert worker.poll() is None
        assert "database unavailable" in output  # it did lose the database, and came back
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
