"""The home page (the user's projects) and a project's page."""

from django.shortcuts import render

from .. import roles, selectors


def home(request):
    projects = selectors.projects_with_progress(request.user)
    return render(request, "annotations/home.html", {"projects": projects})


def project_detail(request, slug):
    project, role = roles.project_for(request.user, slug)
    context = {
        "project": project,
        "role": role,
        "can_manage": roles.can_manage(role),
        "can_export": roles.can_export(role),
        "articles": selectors.articles_of(project).order_by("id")[:200],
    }
    return render(request, "annotations/project.html", context)
