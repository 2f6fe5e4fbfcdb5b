"""The home page (the user's projects) and a project's page."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import assignment, comments, roles
from ..models import Article
from ..suggesting import stored


@require_GET
def home(request):
    """My work: the user's projects, progress over their assigned articles, the next one."""
    return render(request, "annotations/home.html", {"rows": assignment.my_work(request.user)})


@require_GET
def project_detail(request, slug):
    project, role = roles.project_for(request.user, slug)
    can_manage = roles.can_manage(role)
    # Reviewers and managers can list only the articles someone flagged ("?flag=unsure").
    flagged = request.GET.get("flag") == "unsure" and roles.can_see_others(role)
    articles = (
        comments.flagged_articles(project) if flagged else Article.objects.filter(project=project)
    )
    context = {
        "project": project,
        "role": role,
        "can_manage": can_manage,
        # The latest jobs with their authors in one query (the list shows who started each).
        "imports": project.imports.select_related("created_by")[:10] if can_manage else [],
        "can_export": roles.can_export(role),
        "can_review": roles.can_write_gold(role),
        "can_write": roles.can_write(role),
        "articles": Paginator(articles.without_text().order_by("id"), 100).get_page(
            request.GET.get("page")
        ),
        "flagged": flagged,
        "can_filter_flags": roles.can_see_others(role),
        "acceptance_rates": stored.acceptance_rates(project) if roles.can_see_others(role) else [],
    }
    return render(request, "annotations/project.html", context)
