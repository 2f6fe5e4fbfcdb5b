"""Background tasks (Django's tasks framework, the django-tasks-db backend): thin wrappers
around the capability functions, so that another backend needs no change here."""

from django.tasks import task


@task
def import_articles_task(job_id: int) -> None:
    """Run a recorded import whose file is too large to run during the request."""
    from .importing import run_import_job

    run_import_job(job_id)


@task
def suggest_articles(article_ids: list[int]) -> int:
    """Compute quote suggestions for imported articles, so annotators find them waiting."""
    from .suggesting_services import compute_for_articles

    return compute_for_articles(article_ids)
