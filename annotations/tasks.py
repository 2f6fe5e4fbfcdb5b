"""Background tasks (Django's tasks framework, the django-tasks-db backend): thin wrappers
around the capability functions, so that another backend needs no change here."""

from django.tasks import task


@task
def import_articles_task(job_id: int) -> None:
    """Run a recorded import whose file is too large to run during the request."""
    from .importing import run_import_job

    run_import_job(job_id)
