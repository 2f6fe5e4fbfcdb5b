"""The assignments screen (managers): who holds which article; assign, reassign, release,
reopen."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .. import assignment, roles
from ..errors import FieldError
from ..models import Annotation, Article
from .decorators import error_text, project_page


@require_http_methods(["GET", "POST"])
def assignments_page(request, slug):
    project, _role = project_page(request, slug, may=roles.can_manage)
    error, status = "", 200
    if request.method == "POST":
        try:
            messages.success(request, _act(request, project))
            return redirect("assignments", slug=project.slug)
        except FieldError as error_:
            error, status = error_text(error_), 400
    context = {
        "project": project,
        "holdings": assignment.holdings(project),
        "writers": assignment.writers(project),
        "error": error,
    }
    return render(request, "annotations/assignments.html", context, status=status)


def _act(request, project) -> str:
    data = request.POST
    action = data.get("action")
    if action == "assign":
        article = get_object_or_404(Article, project=project, pk=data.get("article") or 0)
        user = _member(project, data.get("user"))
        assignment.assign(article, user, actor=request.user)
        return f"{user.username} now holds {article.external_id}."
    annotation = get_object_or_404(
        Annotation.objects.select_related("article", "annotator"),
        article__project=project,
        annotator__isnull=False,
        pk=data.get("annotation") or 0,
    )
    if action == "reassign":
        user = _member(project, data.get("user"))
        assignment.reassign(annotation, user, actor=request.user)
        return f"{annotation.article.external_id} now belongs to {user.username}."
    if action == "release":
        assignment.release(annotation, actor=request.user)
        return f"Released {annotation.article.external_id} from {annotation.annotator.username}."
    if action == "reopen":
        assignment.reopen(annotation, actor=request.user)
        who, which = annotation.annotator.username, annotation.article.external_id
        return f"Reopened {who}'s version of {which}."
    raise assignment.AssignmentError("action", f"unknown action {action!r}")


def _member(project, user_id):
    user = get_user_model().objects.filter(pk=user_id or 0, memberships__project=project).first()
    if user is None:
        raise assignment.AssignmentError("user", "choose a member of this project")
    return user
