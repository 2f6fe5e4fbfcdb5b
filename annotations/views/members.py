"""The members screen (managers): add users, create accounts, invitations, roles; and the
invitation page, the one team page reachable without a session."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import members, roles
from ..errors import FieldError
from ..models import Membership, Role
from .decorators import error_text, int_param, project_page


@require_http_methods(["GET", "POST"])
def members_page(request, slug):
    project, _role = project_page(request, slug, may=roles.can_manage)
    context: dict = {}
    if request.method == "POST":
        try:
            context = _act(request, project)
        except FieldError as error:
            context = {"error": error_text(error), "status": 400}
        if not context:
            return redirect("members", slug=project.slug)
    return _page(request, project, **context)


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Choose a password for an invited account, then go to the project."""
    try:
        membership = members.invited_membership(token)
    except members.MemberError as error:
        return render(request, "annotations/invite.html", {"error": str(error)}, status=400)
    form = SetPasswordForm(membership.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to {membership.project.name}.")
        return redirect("project_detail", slug=membership.project.slug)
    return render(request, "annotations/invite.html", {"form": form, "membership": membership})


def _act(request, project) -> dict:
    """Do what the posted form asks; a dict of what to show once, or {} to redirect."""
    action = request.POST.get("action")
    data = request.POST
    if action == "add":
        invitation = members.add_member(
            project, data.get("username", ""), data.get("role", ""), invited_by=request.user
        )
        messages.success(
            request,
            f"{invitation.username} is invited as {invitation.role}. If an account of that name "
            "exists, its user sees the invitation on their home page and joins on accepting it.",
        )
        return {}
    if action == "withdraw":
        members.withdraw_invitation(project, int_param(data, "invitation"))
        return {}
    if action == "create":
        invite = data.get("mode") == "invite"
        membership, password = members.create_account(
            project,
            data.get("username", ""),
            data.get("role", ""),
            email=data.get("email", ""),
            invite=invite,
            asker=request.user,
        )
        shown = {"created": membership}
        if invite:
            shown["link"] = request.build_absolute_uri(members.invitation_link_for(membership))
        else:
            shown["password"] = password
        return shown
    membership = get_object_or_404(Membership, project=project, pk=data.get("membership") or 0)
    if action == "role":
        members.set_role(project, membership, data.get("role", ""))
        messages.success(request, f"{membership.user.username} is now {membership.role}.")
    elif action == "remove":
        members.remove_member(project, membership)
        messages.success(request, f"{membership.user.username} left the project.")
    elif action == "invite":
        link = request.build_absolute_uri(members.invitation_link_for(membership))
        return {"created": membership, "link": link}
    else:
        raise members.MemberError("action", f"unknown action {action!r}")
    return {}


def _page(request, project, *, status: int = 200, **shown):
    context = {
        "project": project,
        "members": members.members(project),
        "invitations": members.invitations(project),
        "roles": Role.choices,
        **shown,
    }
    return render(request, "annotations/members.html", context, status=status)


@require_POST
def answer_invitation(request, invitation_id, answer):
    """Accept (join the project) or decline an invitation shown on the home page."""
    if answer not in ("accept", "decline"):
        raise Http404("No such answer")
    try:
        if answer == "accept":
            membership = members.accept_invitation(request.user, invitation_id)
            messages.success(request, f"Welcome to {membership.project.name}.")
            return redirect("project_detail", slug=membership.project.slug)
        members.decline_invitation(request.user, invitation_id)
        messages.info(request, "Invitation declined.")
    except members.MemberError as error:
        messages.error(request, str(error))
    return redirect("home")
