"""A project's page (the article list with status counts, filters, search and keyset pages,
for reviewers and managers; "My articles" for annotators), "My articles" in full, and the
review queue with "Next to review". Every link shown is one the user may follow."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from .. import finding, roles
from ..suggesting import stored
from .decorators import project_page


@require_GET
@vary_on_headers("HX-Request")
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
        "statuses": finding.ARTICLE_STATUSES,
        # The articles' pages are under this prefix (one reverse, not four a row).
        "articles_url": reverse("project_detail", args=[project.slug]) + "articles/",
        "sorts": finding.SORTS,
        "error": None,
    }
    status = 200
    if roles.can_see_others(role):
        try:
            filters = finding.filters_from(request.GET, project)
            context["page"] = finding.article_page(project, filters, request.GET)
        except finding.FindingError as error:
            filters, status = finding.ArticleFilters(), 400
            context["error"] = error
            context["page"] = finding.article_page(project, filters, {})
        context.update(
            filters=filters,
            counts=finding.status_counts(project),
            members=finding.members(project),
            sources=finding.sources(project),
            acceptance_rates=stored.acceptance_rates(project),
        )
        if request.htmx and request.htmx.target == "article-list":
            return render(request, "annotations/project.html#article-list", context, status=status)
    elif roles.can_write(role):
        context["mine"] = finding.my_articles(request.user, project, "", {})
        context["my_counts"] = finding.my_counts(request.user, project)
    return render(request, "annotations/project.html", context, status=status)


@require_GET
def my_articles(request, slug):
    """The articles the user holds: assigned, in progress, submitted, skipped."""
    project, _role = project_page(request, slug, may=roles.can_write)
    chosen = request.GET.get("status", "")
    try:
        page = finding.my_articles(request.user, project, chosen, request.GET)
    except finding.FindingError:
        raise Http404("No such page") from None
    context = {
        "project": project,
        "page": page,
        "chosen": chosen,
        "my_counts": finding.my_counts(request.user, project),
        "statuses": finding.MY_STATUSES,
    }
    return render(request, "annotations/my_articles.html", context)


@require_GET
def review_queue(request, slug):
    project = _reviewer(request, slug)
    try:
        page = finding.review_queue(project, request.GET)
    except finding.FindingError:
        raise Http404("No such page") from None
    context = {"project": project, "page": page, "counts": finding.status_counts(project)}
    return render(request, "annotations/review_queue.html", context)


@require_GET
def next_to_review(request, slug):
    project = _reviewer(request, slug)
    article = finding.next_to_review(project)
    if article is None:
        return redirect("review_queue", slug=project.slug)
    return redirect("review", slug=project.slug, pk=article.pk)


def _reviewer(request, slug):
    project, _role = project_page(request, slug, may=roles.can_write_gold)
    return project
