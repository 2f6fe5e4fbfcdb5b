"""A project's team: inviting existing users, creating accounts, invitations, roles, removal.

Managers only (the views check `roles.can_manage`). A new account gets either a one-time
password, shown once to the manager (the user must change it at first login), or an
invitation link: a signed token that lets the invitee choose a password, once, within
`INVITATION_DAYS`.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse

from . import accounts, limits
from .errors import FieldError
from .models import Membership, Project, ProjectInvitation, Role

INVITATION_DAYS = 7
INVITATION_SALT = "newsquotes.invitation"


class MemberError(FieldError):
    """A change to the team that cannot be made; `field` names what to fix."""


def members(project: Project) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(project=project).select_related("user").order_by("user__username")
    )


def add_member(project: Project, username: str, role: str, *, invited_by=None):
    """Invite an existing account by username; it joins when its user accepts.

    The answer is the same whether or not an account of that name exists (a manager must
    not learn which usernames exist): the invitation is kept by name, and only a user of
    that name ever sees it.
    """
    _check_role(role)
    username = username.strip()
    if not username:
        raise MemberError("username", "a username is needed")
    if len(username) > limits.MAX_USERNAME:
        raise MemberError("username", f"at most {limits.MAX_USERNAME} characters")
    if Membership.objects.filter(project=project, user__username=username).exists():
        raise MemberError("username", f"{username} is already a member")
    invitation, _ = ProjectInvitation.objects.update_or_create(
        project=project, username=username, defaults={"role": role, "invited_by": invited_by}
    )
    return invitation


def invitations(project: Project) -> QuerySet[ProjectInvitation]:
    """The project's invitations not yet accepted (by name: accounts may not exist)."""
    return ProjectInvitation.objects.filter(project=project).order_by("username")


def pending_invitations(user) -> QuerySet[ProjectInvitation]:
    """The invitations waiting for this user's answer."""
    return (
        ProjectInvitation.objects.filter(username=user.username)
        .exclude(project__memberships__user=user)
        .select_related("project", "invited_by")
        .order_by("created_at")
    )


def accept_invitation(user, invitation_id: int) -> Membership:
    """The user joins the project in the invited role."""
    with transaction.atomic():
        invitation = _own_invitation(user, invitation_id)
        membership, _ = Membership.objects.get_or_create(
            project=invitation.project, user=user, defaults={"role": invitation.role}
        )
        invitation.delete()
    return membership


def decline_invitation(user, invitation_id: int) -> None:
    _own_invitation(user, invitation_id).delete()


def withdraw_invitation(project: Project, invitation_id: int) -> None:
    ProjectInvitation.objects.filter(project=project, pk=invitation_id).delete()


def _own_invitation(user, invitation_id: int) -> ProjectInvitation:
    invitation = (
        ProjectInvitation.objects.select_for_update()
        .select_related("project")
        .filter(pk=invitation_id, username=user.username)
        .first()
    )
    if invitation is None:
        raise MemberError("invitation", "this invitation was withdrawn or already answered")
    return invitation


def create_account(
    project: Project,
    username: str,
    role: str,
    *,
    email: str = "",
    invite: bool = False,
    asker=None,
) -> tuple[Membership, str | None]:
    """Create a user and membership; returns the one-time password (None when invited).

    A taken username is refused without saying that an account of that name exists, unless
    `asker` manages a project that account belongs to (they see it on their members pages).
    """
    _check_role(role)
    username = username.strip()
    if not username:
        raise MemberError("username", "a username is needed")
    if len(username) > limits.MAX_USERNAME:
        raise MemberError("username", f"at most {limits.MAX_USERNAME} characters")
    if len(email.strip()) > limits.MAX_EMAIL:
        raise MemberError("email", f"at most {limits.MAX_EMAIL} characters")
    User = get_user_model()
    try:
        User.username_validator(username)
    except Exception as error:  # Django's ValidationError: keep its wording
        raise MemberError("username", " ".join(getattr(error, "messages", [str(error)]))) from error
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        raise _unusable(username, existing, asker)
    password = None if invite else secrets.token_urlsafe(12)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, email=email.strip(), password=password
            )
            membership = Membership.objects.create(project=project, user=user, role=role)
            if password is not None:
                accounts.require_new_password(user)
    except IntegrityError:  # created meanwhile by another request
        raise _unusable(username, None, asker) from None
    return membership, password


def _unusable(username: str, existing, asker) -> MemberError:
    """The refusal of a taken username: it says an account exists only to a manager of one
    of that account's projects; anyone else is told only that the name cannot be used."""
    if existing is not None and asker is not None and _manages_a_project_of(asker, existing):
        return MemberError(
            "username",
            f"{username} already has an account: invite them under Invite an existing user",
        )
    return MemberError(
        "username", f"{username!r} cannot be used for a new account: choose another username"
    )


def _manages_a_project_of(asker, user) -> bool:
    return Membership.objects.filter(
        user=user,
        project__memberships__user=asker,
        project__memberships__role=Role.MANAGER,
    ).exists()


def invitation_token(membership: Membership) -> str:
    """A signed token naming the invited user and project, for the invitation link."""
    return signing.dumps(
        {"user": membership.user_id, "project": membership.project_id}, salt=INVITATION_SALT
    )


def invitation_link_for(membership: Membership) -> str:
    """The path of the invitation page for a member who has no password yet; MemberError for
    one who has (they log in, and an invitation would let anyone with the link reset it)."""
    if membership.user.has_usable_password():
        raise MemberError("membership", "this member already has a password")
    return reverse("invitation", args=[invitation_token(membership)])


def invited_membership(token: str) -> Membership:
    """The membership an invitation token stands for, if still valid and unused."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 86400)
    except signing.SignatureExpired as error:
        raise MemberError("token", "this invitation has expired: ask for a new one") from error
    except signing.BadSignature as error:
        raise MemberError("token", "this invitation link is not valid") from error
    membership = (
        Membership.objects.select_related("user", "project")
        .filter(user_id=data.get("user"), project_id=data.get("project"))
        .first()
    )
    if membership is None:
        raise MemberError("token", "this invitation was withdrawn")
    if membership.user.has_usable_password():
        raise MemberError("token", "this invitation was already used: log in instead")
    return membership


def set_role(project: Project, membership: Membership, role: str) -> Membership:
    """Change a member's role; a project always keeps at least one manager."""
    _check_role(role)
    if membership.role == Role.MANAGER and role != Role.MANAGER:
        _keep_a_manager(project, membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def remove_member(project: Project, membership: Membership) -> None:
    """Take a member out of the project; their annotations stay, under their name."""
    if membership.role == Role.MANAGER:
        _keep_a_manager(project, membership)
    membership.delete()


def _keep_a_manager(project: Project, leaving: Membership) -> None:
    others = Membership.objects.filter(project=project, role=Role.MANAGER).exclude(pk=leaving.pk)
    if not others.exists():
        raise MemberError("role", "a project needs at least one manager")


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise MemberError("role", f"unknown role {role!r}: use {', '.join(Role.values)}")
