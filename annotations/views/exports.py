"""The export page: reviewers, managers and viewers choose a format, a status and filters, see
how many quotes the file will hold (htmx updates the count), and download it from the API.
Annotators do not export: for them the page does not exist (404), like the link."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from .. import exporting, finding, roles
from ..models import Quote

FILTER_FIELDS = ("status", "source", "published_after", "published_before")


def export_page(request, slug):
    project, role = _exporter(request, slug)
    error = None
    try:
        selection = exporting.selection_from_params(
            request.GET, project, user=request.user, role=role
        )
        if finding.is_large(project):  # an exact count would read every quote
            count = finding.estimated_count(
                Quote.objects.filter(annotation__in=selection.values("id"))
            )
        else:
            count = exporting.count_quotes(selection)
    except exporting.ExportError as problem:
        count, error = None, f"{problem.field}: {problem}"
    context = {
        "project": project,
        "formats": list(exporting.EXPORT_FORMATS),
        "statuses": [
            (exporting.DEFAULT_STATUS, "gold, else submitted (default)"),
            ("gold", "gold only"),
            ("submitted", "submitted only"),
            ("all", "all versions (gold, submitted, in progress) and every article"),
        ],
        "chosen": {name: request.GET.get(name, "") for name in (*FILTER_FIELDS, "format")},
        "count": count,
        "error": error,
    }
    if request.htmx:
        return render(request, "annotations/export.html#quote-count", context)
    return render(request, "annotations/export.html", context)


def export_download(request, slug):
    """The form's target: the API's export URL, which has the format in its path."""
    project, _ = _exporter(request, slug)
    fmt = request.GET.get("format", "csv")
    if fmt not in exporting.EXPORT_FORMATS:
        fmt = "csv"
    url = reverse("api-export", kwargs={"slug": project.slug, "fmt": fmt})
    query = {name: request.GET[name] for name in FILTER_FIELDS if request.GET.get(name)}
    return redirect(f"{url}?{urlencode(query)}" if query else url)


def _exporter(request, slug):
    project, role = roles.project_for(request.user, slug)
    if not roles.can_export(role):
        raise Http404("No such page")
    return project, role
