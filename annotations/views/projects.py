"""The home page: the user's projects (a project's own page is `project_page`)."""

from django.shortcuts import render

from .. import projects as project_rules
from .. import workspace


def home(request):
    """My work: the user's projects, progress over their assigned articles, the next one."""
    context = {
        "rows": workspace.my_work(request.user),
        "may_create_project": project_rules.may_create(request.user),
    }
    return render(request, "annotations/home.html", context)
