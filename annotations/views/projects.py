"""The home page (the user's projects) and a project's page."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import editing, roles, selectors, workspace
from ..suggesting import stored


def home(request):
    """My work: the user's projects, progress over their assigned articles, the next one."""
    return render(request, "annotations/home.html", {"rows": workspace.my_work(request.user)})


def project_detail(request, slug):
    project, role = roles.project_for(request.user, slug)
    context = {
        "project": project,
        "role": role,
        "can_manage": roles.can_manage(role),
        "can_export": roles.can_export(role),
        "can_review": roles.can_write_gold(role),
        "can_write": roles.can_write(role),
        "articles": Paginator(selectors.articles_of(project).order_by("id"), 100).get_page(
            request.GET.get("page")
        ),
        "acceptance_rates": stored.acceptance_rates(project) if roles.can_see_others(role) else [],
    }
    return render(request, "annotations/project.html", context)


@require_POST
def suggestion_threshold(request, slug):
    """A manager sets the confidence below which the workspace hides suggestions."""
    project, role = roles.project_for(request.user, slug)
    if not roles.can_manage(role):
        raise Http404("No such page")
    try:
        stored.set_threshold(project, request.POST.get("suggestion_threshold"))
    except editing.EditError as error:
        return HttpResponseBadRequest(f"{error.field}: {error}", content_type="text/plain")
    return redirect("project_detail", slug=project.slug)
