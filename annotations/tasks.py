"""Background tasks (Django's tasks framework, the django-tasks-db backend): thin wrappers
around the capability functions, so that another backend needs no change here. This is the
only module that touches the task framework, and no capability module imports it."""

from django.tasks import task

from .importing import ImportResult, jobs
from .models import ImportJob
from .suggesting import stored

IDS_PER_TASK = 500
FIRST_TASK_IDS = 50


def start_import(job: ImportJob) -> ImportJob:
    """Run a recorded import now if it is small, else queue it; the job as it stands."""
    if jobs.runs_inline(job):
        run_import_now(job.pk)
        job.refresh_from_db()
    else:
        import_articles_task.enqueue(job.pk)
    return job


def run_import_now(job_id: int) -> ImportJob:
    """Run a recorded import in this process, then queue suggestions for what it wrote."""
    job, result = jobs.run_import_job(job_id)
    queue_suggestions(job.project_id, result)
    return job


def queue_suggestions(project_id: int, result: ImportResult) -> None:
    """Queue suggestions for the articles an import wrote, in batches, first ones first."""
    if not result.written:
        return
    ids = stored.written_article_ids(project_id, result.written_at)
    for batch in suggestion_batches(ids):
        suggest_articles.enqueue(batch)


def suggestion_batches(ids: list[int]) -> list[list[int]]:
    """The ids in task-sized batches, the first ones small, so that the first articles handed
    out are ready within a second while the rest follows in larger batches."""
    batches, first, size = [], 0, FIRST_TASK_IDS
    while first < len(ids):
        batches.append(ids[first : first + size])
        first += size
        size = min(size * 2, IDS_PER_TASK)
    return batches


def queue_article_suggestions(article_id: int) -> None:
    """Compute one article's suggestions in the background (the workspace does not wait)."""
    suggest_articles.enqueue([article_id])


@task
def import_articles_task(job_id: int) -> None:
    """Run a recorded import whose file is too large to run during the request."""
    run_import_now(job_id)


@task
def suggest_articles(article_ids: list[int]) -> int:
    """Compute quote suggestions for imported articles, so annotators find them waiting."""
    return stored.compute_for_articles(article_ids)
