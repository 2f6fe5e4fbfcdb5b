"""The export page: reviewers, managers and viewers choose a format, a status and filters, see
how many quotes the file will hold (htmx updates the count), and download it from the API.
Annotators do not export: the page answers them 403, like the API, and they get no link.
Bad parameters answer 400 naming the parameter (`export_params`)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from .. import export_params, exporting, roles
from .decorators import answers_errors, error_text, project_page


@require_GET
@vary_on_headers("HX-Request")
def export_page(request, slug):
    project, role = project_page(request, slug, may=roles.can_export)
    count, error = None, None
    try:
        selection = export_params.read(request.GET)
        count = exporting.count_quotes(selection.annotations(project, user=request.user, role=role))
    except exporting.ExportError as problem:
        error = error_text(problem)
    context = {
        "project": project,
        "formats": list(exporting.EXPORT_FORMATS),
        "statuses": [
            (exporting.DEFAULT_STATUS, "gold, else submitted (default)"),
            ("gold", "gold only"),
            ("submitted", "submitted only"),
            ("all", "all versions (gold, submitted, in progress)"),
        ],
        "chosen": {name: request.GET.get(name, "") for name in (*export_params.NAMES, "format")},
        "count": count,
        "error": error,
    }
    status = 400 if error else 200
    if request.htmx:
        return render(request, "annotations/export.html#quote-count", context, status=status)
    return render(request, "annotations/export.html", context, status=status)


def _refused(request, message, status, slug):
    """A bad parameter on the download: the export page again, naming it (400)."""
    return export_page(request, slug)


@require_GET
@answers_errors(_refused)
def export_download(request, slug):
    """The form's target: the API's export URL, which has the format in its path."""
    project, _ = project_page(request, slug, may=roles.can_export)
    selection = export_params.read(request.GET)  # 400 before the redirect, like the API
    fmt = request.GET.get("format", "csv")
    if fmt not in exporting.EXPORT_FORMATS:
        fmt = "csv"
    url = reverse("api-export", kwargs={"slug": project.slug, "fmt": fmt})
    return redirect(f"{url}?{urlencode(selection.query)}" if selection.query else url)
