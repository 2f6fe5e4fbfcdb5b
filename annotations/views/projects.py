"""The home page (the user's projects) and a project's page."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import assignment, members, roles
from ..models import Article
from ..suggesting import stored


@require_GET
def home(request):
    """My work: the user's projects, progress over their assigned articles, the next one."""
    context = {
        "rows": assignment.my_work(request.user),
        "invitations": members.pending_invitations(request.user),
    }
    return render(request, "annotations/home.html", context)


@require_GET
def project_detail(request, slug):
    project, role = roles.project_for(request.user, slug)
    can_manage = roles.can_manage(role)
    context = {
        "project": project,
        "role": role,
        "can_manage": can_manage,
        # The latest jobs with their authors in one query (the list shows who started each).
        "imports": project.imports.select_related("created_by")[:10] if can_manage else [],
        "can_export": roles.can_export(role),
        "can_review": roles.can_write_gold(role),
        "can_write": roles.can_write(role),
        "articles": Paginator(
            Article.objects.filter(project=project).without_text().order_by("id"), 100
        ).get_page(request.GET.get("page")),
        "acceptance_rates": stored.acceptance_rates(project) if roles.can_see_others(role) else [],
    }
    return render(request, "annotations/project.html", context)
