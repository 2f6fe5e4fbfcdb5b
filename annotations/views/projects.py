"""The home page: the user's projects and pending invitations (a project's own page is
`project_page`)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import assignment, members
from .. import projects as project_rules


@require_GET
def home(request):
    """My work: the user's projects, progress over their assigned articles, the next one."""
    context = {
        "rows": assignment.my_work(request.user),
        "invitations": members.pending_invitations(request.user),
        "may_create_project": project_rules.may_create(request.user),
    }
    return render(request, "annotations/home.html", context)
