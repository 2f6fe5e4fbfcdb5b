"""The import page: managers drop a file, choose its format and options (dry run, skip
invalid records, what to do with external ids already in the project), and watch the job's
progress bar (htmx polls the job's partial every second) until its report appears.
Members who may not import get 403 and no link; outsiders 404."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from .. import importing, roles, tasks
from ..importing import abandoned
from ..models import ImportJob
from .decorators import error_text, project_page


@require_http_methods(["GET", "POST"])
def import_page(request, slug):
    project, _role = project_page(request, slug, may=roles.can_manage)
    error = None
    if request.method == "POST":
        try:
            options = importing.ImportOptions.build(
                request.POST.get("format", "auto"),
                request.POST.get("dry_run") == "on",
                request.POST.get("skip_invalid") == "on",
                request.POST.get("on_duplicate", "error"),
                request.POST.get("label_map", ""),
            )
            job = tasks.start_import(
                importing.create_import_job(
                    project, request.user, request.FILES.getlist("file"), options
                )
            )
        except importing.ImportRefused as refused:
            error = error_text(refused)
        else:
            return redirect("import_detail", slug=project.slug, job_id=job.pk)
    context = {
        "project": project,
        "formats": importing.FORMATS,
        "policies": importing.ON_DUPLICATE,
        "imports": project.imports.select_related("created_by")[:20],
        "can_manage": True,
        "error": error,
        "chosen": request.POST,
    }
    return render(request, "annotations/import.html", context, status=400 if error else 200)


@require_GET
@vary_on_headers("HX-Request")
def import_detail(request, slug, job_id):
    project, _role = project_page(request, slug, may=roles.can_manage)
    # A job whose process died shows as failed, with a way to run it again.
    abandoned.fail_abandoned_jobs(ImportJob.objects.filter(project=project, pk=job_id))
    job = get_object_or_404(
        ImportJob.objects.select_related("created_by"), project=project, pk=job_id
    )
    context = {"project": project, "job": job, "running": job.state in ("pending", "running")}
    if request.htmx:
        return render(request, "annotations/import_detail.html#job-status", context)
    return render(request, "annotations/import_detail.html", context)


@require_POST
def import_retry(request, slug, job_id):
    """Run a failed import's stored file again, with the same options."""
    project, _role = project_page(request, slug, may=roles.can_manage)
    job = get_object_or_404(ImportJob, project=project, pk=job_id, state=ImportJob.State.FAILED)
    again = tasks.start_import(abandoned.retry_job(job, request.user))
    return redirect("import_detail", slug=project.slug, job_id=again.pk)
