"""Creating a project (users with the permission), and a project's settings, archive and
delete (its managers). The rules are `annotations.projects`; these views parse and render."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.views.decorators.http import require_POST

from .. import projects, roles
from ..models import Project
from ..workspace import guidelines_html
from .decorators import project_page


def new_project(request):
    """The "New project" form on the home page's link; 404 without the permission."""
    if not projects.may_create(request.user):
        raise Http404("No such page")
    values = projects.ProjectSettings(name="")
    error, status = None, 200
    if request.method == "POST":
        try:
            values = projects.settings_from(request.POST)
            project = projects.create_project(values, request.user)
        except projects.ProjectError as error_:
            error, status = error_, 400
        else:
            messages.success(request, f"Project {project.name} created: you are its manager.")
            return redirect("project_detail", slug=project.slug)
    context = {"values": values, "error": error, "creating": True}
    return render(request, "annotations/project_settings.html", context, status=status)


def project_settings(request, slug):
    project = _managed(request, slug)
    values = projects.current_settings(project)
    error, status = None, 200
    if request.method == "POST":
        try:
            values = projects.settings_from(request.POST, defaults=values)
            projects.update_project(project, values)
        except projects.ProjectError as error_:
            error, status = error_, 400
            project.refresh_from_db()
        else:
            messages.success(request, "Settings saved.")
            return redirect("project_settings", slug=project.slug)
    context = {"project": project, "values": values, "error": error, "creating": False}
    return render(request, "annotations/project_settings.html", context, status=status)


@require_POST
def archive(request, slug):
    project = _managed(request, slug)
    if request.POST.get("archived") == "0":
        projects.unarchive(project)
        messages.success(request, "The project is active again.")
    else:
        projects.archive(project)
        messages.success(request, "Archived: annotators no longer see it on their home page.")
    return redirect("project_settings", slug=project.slug)


def delete(request, slug):
    """Ask for the slug again, and offer the export first."""
    project = _managed(request, slug)
    error, status = None, 200
    if request.method == "POST":
        try:
            projects.delete_project(project, request.POST.get("confirm_slug", ""))
        except projects.ProjectError as error_:
            error, status = error_, 400
        else:
            messages.success(request, f"Project {project.name} and all its data were deleted.")
            return redirect("home")
    context = {"project": project, "error": error, "article_count": project.articles.count()}
    return render(request, "annotations/project_delete.html", context, status=status)


@require_POST
def guidelines_preview(request):
    """The guidelines as annotators will see them (htmx), cleaned as in the workspace."""
    if not (projects.may_create(request.user) or _manages_any(request.user)):
        raise Http404("No such page")
    html = guidelines_html(Project(guidelines=request.POST.get("guidelines", "")))
    return HttpResponse(html or f'<p class="meta">{escape("Nothing to show yet.")}</p>')


def _managed(request, slug) -> Project:
    project, _role = project_page(request, slug, may=roles.can_manage)
    return project


def _manages_any(user) -> bool:
    return user.is_authenticated and user.memberships.filter(role="manager").exists()
