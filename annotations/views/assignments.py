"""The assignments screen (managers), at any size: keyset pages of the articles that a
filter keeps, who holds each; per row one member choice for "assign" and "reassign", and
release and reopen; bulk actions over the next N unassigned articles or the filter's
articles. htmx swaps the row (or the list) in place; without JavaScript, forms post and
the page reloads."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from .. import assignment, bulk_assignment, finding, roles
from ..errors import FieldError
from ..models import Annotation, Article
from .decorators import error_text, project_page


@require_http_methods(["GET", "POST"])
def assignments_page(request, slug):
    project = _managed(request, slug)
    if request.method == "POST":  # a row's form posted to the page (scripts, older forms)
        data = request.POST.copy()
        if "op" not in data:
            data["op"] = f"{data.get('action', '')}:{data.get('annotation', '')}".rstrip(":")
        article_id = data.get("article") or (
            Annotation.objects.filter(pk=data.get("annotation") or 0, article__project=project)
            .values_list("article_id", flat=True)
            .first()
        )
        request.POST = data
        return row_action(request, slug, article_id or 0)
    return _list(request, project)


@require_http_methods(["GET", "POST"])
def row_action(request, slug, article_id):
    """One row's action; answers the re-rendered row (htmx) or redirects back."""
    project = _managed(request, slug)
    article = get_object_or_404(Article.objects.without_text(), project=project, pk=article_id)
    error, done = "", ""
    if request.method == "POST":
        try:
            done = _row_act(request, project, article)
        except FieldError as error_:
            error = error_text(error_)
    if not request.htmx:
        return _answer_without_htmx(request, project, error, done)
    context = {
        "project": project,
        "rows_url": _rows_url(project),
        "article": _with_holders(project, [article])[0],
        "writers": assignment.writers(project),
        "row_error": error,
        "row_done": done,
    }
    return render(request, "annotations/assignments.html#row", context)


@require_http_methods(["GET", "POST"])
def bulk_action(request, slug):
    project = _managed(request, slug)
    if request.method != "POST":
        return redirect("assignments", slug=project.slug)
    data = request.POST
    error, done = "", ""
    try:
        filters = finding.filters_from(data, project)
        done = _bulk_act(request, project, filters)
    except FieldError as error_:
        error = error_text(error_)
    if not request.htmx:
        return _answer_without_htmx(request, project, error, done)
    return _list(request, project, params=data, bulk_error=error, bulk_done=done, partial=True)


def _answer_without_htmx(request, project, error: str, done: str):
    """A form posted without htmx: the list again with the error, or back to where it was."""
    if error:
        return _list(request, project, error=error)
    messages.success(request, done)
    url = reverse("assignments", kwargs={"slug": project.slug})
    return redirect(f"{url}?{request.POST.get('back', '')}")


def _list(request, project, *, params=None, bulk_error="", bulk_done="", partial=False, error=""):
    params = params if params is not None else request.GET
    try:
        filters = finding.filters_from(params, project)
    except finding.FindingError as error_:
        filters, error = finding.ArticleFilters(), error_text(error_)
    page = finding.keyset_page(
        finding.filtered_articles(project, filters), filters.sort, {} if partial else params
    )
    page.rows = _with_holders(project, page.rows)
    page.params = filters.as_params()
    context = {
        "project": project,
        "rows_url": _rows_url(project),
        "page": page,
        "filters": filters,
        "back": urlencode(filters.as_params()),
        "writers": assignment.writers(project),
        "members": finding.members(project),
        "sources": finding.sources(project),
        "statuses": finding.ARTICLE_STATUSES,
        "counts": finding.status_counts(project),
        "bulk_limit": bulk_assignment.BULK_LIMIT,
        "error": error,
        "bulk_error": bulk_error,
        "bulk_done": bulk_done,
    }
    if partial or (request.htmx and request.htmx.target == "assignment-list"):
        return render(request, "annotations/assignments.html#assignment-list", context)
    return render(request, "annotations/assignments.html", context, status=400 if error else 200)


def _row_act(request, project, article) -> str:
    op, _, annotation_id = request.POST.get("op", "").partition(":")
    if op == "assign":
        user = _row_member(project, request.POST)
        assignment.assign(article, user, actor=request.user)
        return f"{user.username} now holds {article.external_id}."
    annotation = get_object_or_404(
        Annotation.objects.select_related("article", "annotator"),
        article=article,
        annotator__isnull=False,
        pk=annotation_id or 0,
    )
    if op == "reassign":
        user = _row_member(project, request.POST)
        assignment.reassign(annotation, user, actor=request.user)
        return f"{article.external_id} now belongs to {user.username}."
    if op == "release":
        assignment.release(annotation, actor=request.user)
        return f"Released {article.external_id} from {annotation.annotator.username}."
    if op == "reopen":
        assignment.reopen(annotation, actor=request.user)
        return f"Reopened {annotation.annotator.username}'s version of {article.external_id}."
    raise assignment.AssignmentError("op", f"unknown action {op!r}")


def _bulk_act(request, project, filters) -> str:
    data = request.POST
    action = data.get("action")
    user = _member(project, data.get("user"))
    articles = finding.filtered_articles(project, filters)
    if action == "assign_next":
        n = bulk_assignment.assign_next(project, user, data.get("count"), actor=request.user)
        return f"{user.username} now holds {n} more article{'s' if n != 1 else ''}."
    if action == "assign_matching":
        n = bulk_assignment.assign_matching(project, user, articles, actor=request.user)
        return f"{user.username} now holds {n} more of the matching articles."
    if action == "release":
        n = bulk_assignment.release_matching(project, user, articles)
        return f"Released {n} untouched assignment{'s' if n != 1 else ''} of {user.username}."
    if action == "reassign":
        to = _member(project, data.get("to_user"), field="to_user")
        n = bulk_assignment.reassign_matching(project, user, to, articles, actor=request.user)
        return (
            f"Moved {n} open version{'s' if n != 1 else ''} from {user.username} to {to.username}."
        )
    raise assignment.AssignmentError("action", f"unknown action {action!r}")


def _rows_url(project) -> str:
    """The prefix of the rows' action URLs (one reverse, not two a row)."""
    return reverse("assignments", kwargs={"slug": project.slug}) + "row/"


def _with_holders(project, articles: list) -> list:
    holders: dict[int, list[Annotation]] = {}
    for annotation in (
        Annotation.objects.filter(article_id__in=[a.pk for a in articles], annotator__isnull=False)
        .select_related("annotator")
        .only("id", "article_id", "status", "annotator__username")
        .order_by("article_id", "annotator__username")
    ):
        holders.setdefault(annotation.article_id, []).append(annotation)
    for article in articles:
        article.holders = holders.get(article.pk, [])
        article.free_places = max(0, project.overlap - len(article.holders))
    return articles


def _row_member(project, data):
    """The row's one member choice: a username typed or picked from the list (or, from
    scripts, a user id as `user`)."""
    name = (data.get("member") or "").strip()
    if not name:
        return _member(project, data.get("user"), field="member")
    user = get_user_model().objects.filter(username=name, memberships__project=project).first()
    if user is None:
        raise assignment.AssignmentError("member", f"{name!r} is not a member of this project")
    return user


def _member(project, user_id, field: str = "user"):
    user = get_user_model().objects.filter(pk=user_id or 0, memberships__project=project).first()
    if user is None:
        raise assignment.AssignmentError(field, "choose a member of this project")
    return user


def _managed(request, slug):
    project, _role = project_page(request, slug, may=roles.can_manage)
    return project
