"""Imports whose process died: no job stays "running" for good.

The process that runs an import holds a PostgreSQL session lock named after the job for as
long as it runs. PostgreSQL drops the lock when that process or its connection ends (a
killed web or task worker, a database restart), so a running job whose lock is free has
lost its process: it is marked failed with a message, and it can be run again
(`retry_job`). The import's transaction was rolled back with its connection, so nothing of
it was written.
"""

from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

from ..models import ImportJob

# First key of the two-key advisory lock: keeps these locks apart from assignment's.
LOCK_NAMESPACE = 6_002
ABANDONED = (
    "the process running this import stopped before it finished (a worker or database "
    "restart, or a time-out): nothing was imported. Run it again."
)


@contextmanager
def held(job_id: int):
    """Hold the job's lock while the block runs (on this process's connection)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, job_id])
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, job_id])
        except Exception:
            pass


def fail_abandoned_jobs(jobs=None) -> list[int]:
    """Mark failed every running job (of `jobs`, default all) whose process is gone; their ids."""
    running = (jobs if jobs is not None else ImportJob.objects).filter(
        state=ImportJob.State.RUNNING
    )
    failed = []
    for job_id in running.values_list("pk", flat=True):
        if _fail_if_abandoned(job_id):
            failed.append(job_id)
    return failed


def retry_job(job: ImportJob, user) -> ImportJob:
    """A new job for the same stored upload and options (the caller starts it)."""
    return ImportJob.objects.create(
        project=job.project,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        upload=job.upload.name,
        file_name=job.file_name,
        file_size=job.file_size,
        sha256=job.sha256,
        format=job.options.get("format", job.format),
        options=job.options,
        dry_run=job.dry_run,
    )


def _fail_if_abandoned(job_id: int) -> bool:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, job_id])
        (free,) = cursor.fetchone()
        if not free:
            return False  # its process is still at work
        updated = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.RUNNING).update(
            state=ImportJob.State.FAILED,
            finished_at=timezone.now(),
            errors=[{"where": "", "field": "", "message": ABANDONED}],
            report={"error_count": 1, "errors": [{"where": "", "field": "", "message": ABANDONED}]},
        )
    return bool(updated)
