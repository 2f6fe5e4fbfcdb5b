"""An import's lifecycle as an `ImportJob`: the upload stored, the run recorded, its report
kept for the page and the API. Whether a job runs now or in the background is the caller's
choice (`tasks.start_import`)."""

import hashlib
import io
import json
import time
import zipfile
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, connection
from django.utils import timezone

from ..formats.records import FileProblem, Problem
from ..models import ImportJob, Project
from . import abandoned
from .reading import ImportRefused
from .run import ImportOptions, ImportResult, Progress, run_import

INLINE_BYTES = 2 * 1024 * 1024  # larger uploads go to the task queue


def create_import_job(project: Project, user, uploads: list, options: ImportOptions) -> ImportJob:
    """Store the upload (several .txt files become one .zip) and record the job, not run yet.
    ImportRefused for an oversized upload."""
    if not uploads:
        raise ImportRefused("file", "choose a file to import")
    size = sum(upload.size for upload in uploads)
    if size > settings.MAX_UPLOAD_BYTES:
        raise ImportRefused(
            "file",
            f"the upload is {size:,} bytes; the limit is {settings.MAX_UPLOAD_BYTES:,} bytes",
        )
    if len(uploads) > 1:
        bundle = io.BytesIO()
        with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
            for upload in uploads:
                archive.writestr(Path(upload.name).name, upload.read())
        name, content = f"{len(uploads)} files.zip", File(bundle, name="upload.zip")
    else:
        name, content = uploads[0].name, uploads[0]
    digest = hashlib.sha256()
    for chunk in content.chunks() if hasattr(content, "chunks") else [content.getvalue()]:
        digest.update(chunk)
    content.seek(0)
    job = ImportJob(
        project=project,
        created_by=user if user.is_authenticated else None,
        file_name=Path(name).name,
        file_size=size,
        sha256=digest.hexdigest(),
        format=options.format,
        options=asdict(options),
        dry_run=options.dry_run,
    )
    job.upload.save(Path(name).name, content, save=False)
    job.save()
    return job


def runs_inline(job: ImportJob) -> bool:
    """Whether a job is small enough to run during the request that uploaded it."""
    return job.file_size <= INLINE_BYTES


def run_import_job(job_id: int, progress: Progress | None = None) -> tuple[ImportJob, ImportResult]:
    """Run a recorded import (in a worker or inline) and store its report."""
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job_id)
    # Held while the job runs: if this process dies, the job is known to be abandoned.
    with abandoned.held(job.pk):
        ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
        options = ImportOptions(**job.options)
        files = [(job.upload.path, job.file_name)]
        reporter = JobProgress(job.pk, progress)
        try:
            result = run_import(
                job.project, files, options, user=job.created_by, job_id=job.pk, progress=reporter
            )
        except (ImportRefused, FileProblem) as error:
            result = ImportResult(format=options.format)
            result.add([Problem(job.file_name, "", str(error))])
        finally:
            reporter.close()
        finish_job(job, result, options)
    return job, result


def record_file_job(project: Project, user, paths: list[Path], options: ImportOptions) -> ImportJob:
    """A job for files already on disk (the command line): recorded, not stored again."""
    digest, size = hashlib.sha256(), 0
    for path in paths:
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    name = paths[0].name if len(paths) == 1 else f"{len(paths)} files"
    return ImportJob.objects.create(
        project=project,
        created_by=user,
        file_name=name,
        file_size=size,
        sha256=digest.hexdigest(),
        format=options.format,
        options=asdict(options),
        dry_run=options.dry_run,
        state=ImportJob.State.RUNNING,
    )


def finish_job(job: ImportJob, result: ImportResult, options: ImportOptions) -> None:
    failed = result.error_count and not options.skip_invalid
    job.state = ImportJob.State.FAILED if failed else ImportJob.State.DONE
    job.format = result.format
    job.processed = job.total = result.records + result.invalid + result.skipped
    job.articles_count, job.mentions_count, job.quotes_count = (
        result.articles + result.updated,
        result.mentions,
        result.quotes,
    )
    job.errors = [p.as_dict() for p in result.errors]
    job.report = result.as_report()
    job.finished_at = timezone.now()
    job.save()


class JobProgress:
    """Writes a job's progress where pollers can see it: on the main connection outside a
    transaction, else on a second connection of its own (the import's transaction would hide
    it until the end)."""

    def __init__(self, job_id: int, also: Progress | None = None, every: float = 0.5):
        self.job_id, self.also, self.every = job_id, also, every
        self.last = 0.0
        self.side = None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if self.also:
            self.also(phase, done, total)
        now = time.monotonic()
        if now - self.last < self.every and done != total:
            return
        self.last = now
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(
                processed=done, total=total, report={"phase": phase}
            )
            return
        try:
            if self.side is None:
                self.side = connection.get_new_connection(connection.get_connection_params())
                self.side.autocommit = True
                self.side.execute("SET lock_timeout = '1s'")
            self.side.execute(
                f"UPDATE {ImportJob._meta.db_table} SET processed = %s, total = %s, report = %s"
                " WHERE id = %s",
                [done, total, json.dumps({"phase": phase}), self.job_id],
            )
        except DatabaseError:
            pass  # progress is a courtesy; the import goes on

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
