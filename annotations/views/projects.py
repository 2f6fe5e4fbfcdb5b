"""The home page (the user's projects) and a project's page."""

from django.core.paginator import Paginator
from django.shortcuts import render

from .. import assignment, roles
from ..models import Article
from ..suggesting import stored


def home(request):
    """My work: the user's projects, progress over their assigned articles, the next one."""
    return render(request, "annotations/home.html", {"rows": assignment.my_work(request.user)})


def project_detail(request, slug):
    project, role = roles.project_for(request.user, slug)
    context = {
        "project": project,
        "role": role,
        "can_manage": roles.can_manage(role),
        "can_export": roles.can_export(role),
        "can_review": roles.can_write_gold(role),
        "can_write": roles.can_write(role),
        "articles": Paginator(
            Article.objects.filter(project=project).without_text().order_by("id"), 100
        ).get_page(request.GET.get("page")),
        "acceptance_rates": stored.acceptance_rates(project) if roles.can_see_others(role) else [],
    }
    return render(request, "annotations/project.html", context)
