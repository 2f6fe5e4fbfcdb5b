"""The home page: the user's projects and pending invitations (a project's own page is
`project_page`)."""

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from .. import assignment, members
from .. import projects as project_rules
from ..errors import FieldError
from ..suggesting import stored
from .decorators import error_text, project_page


@require_GET
def home(request):
    """My work: the user's projects, progress over their assigned articles, the next one."""
    context = {
        "rows": assignment.my_work(request.user),
        "invitations": members.pending_invitations(request.user),
        "may_create_project": project_rules.may_create(request.user),
    }
    return render(request, "annotations/home.html", context)


@require_POST
def suggestion_threshold(request, slug):
    """A manager sets the confidence below which the workspace hides suggestions."""
    project, _ = project_page(request, slug)
    try:
        stored.set_threshold(project, request.POST.get("suggestion_threshold"))
    except FieldError as error:
        return HttpResponseBadRequest(error_text(error), content_type="text/plain")
    return redirect("project_detail", slug=project.slug)
