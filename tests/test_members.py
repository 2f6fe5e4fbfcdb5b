"""Members: adding users, new accounts with a one-time password or an invitation, roles."""

import pytest
from django.contrib.auth import authenticate

from annotations import members
from annotations.models import Membership, Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_adding_an_existing_user_invites_them_without_making_them_a_member(project):
    user = factories.make_user("carla")
    invitation = members.add_member(project, " carla ", Role.REVIEWER)
    assert (invitation.username, invitation.role) == ("carla", Role.REVIEWER)
    assert not Membership.objects.filter(user=user).exists()
    members.accept_invitation(user, invitation.pk)
    assert Membership.objects.get(user=user).role == Role.REVIEWER


def test_adding_twice_is_refused(project, annotator):
    with pytest.raises(members.MemberError, match="already a member"):
        members.add_member(project, annotator.username, Role.ANNOTATOR)


def test_unknown_role_is_refused_and_changes_nothing(project):
    factories.make_user("dora")
    with pytest.raises(members.MemberError) as error:
        members.add_member(project, "dora", "boss")
    assert error.value.field == "role" and not Membership.objects.exists()


def test_new_account_logs_in_with_the_one_time_password(project):
    membership, password = members.create_account(project, "erik", Role.ANNOTATOR)
    assert authenticate(username="erik", password=password) == membership.user


def test_a_taken_username_is_named_as_an_account_only_to_a_manager_of_its_projects(
    project, annotator
):
    manager = factories.add_member(project, role=Role.MANAGER)
    with pytest.raises(members.MemberError) as refused:
        members.create_account(project, annotator.username, Role.ANNOTATOR, asker=manager)
    assert refused.value.field == "username"
    assert "already has an account" in refused.value.message


def test_a_taken_username_is_refused_without_saying_that_it_exists(project, annotator):
    elsewhere = factories.make_project()
    stranger = factories.add_member(elsewhere, role=Role.MANAGER)
    outsider = factories.make_user("quiet")  # in no project at all
    for taken in (annotator.username, outsider.username):
        with pytest.raises(members.MemberError) as refused:
            members.create_account(elsewhere, taken, Role.ANNOTATOR, asker=stranger)
        assert refused.value.message == (
            f"{taken!r} cannot be used for a new account: choose another username"
        )
    assert not Membership.objects.filter(project=elsewhere).exclude(user=stranger).exists()


def test_invitation_token_leads_to_the_membership(project):
    membership, password = members.create_account(project, "fay", Role.VIEWER, invite=True)
    assert password is None and not membership.user.has_usable_password()
    assert members.invited_membership(members.invitation_token(membership)) == membership


def test_a_used_invitation_is_refused(project):
    membership, _ = members.create_account(project, "gus", Role.VIEWER, invite=True)
    token = members.invitation_token(membership)
    membership.user.set_password("chosen-pass-123")
    membership.user.save()
    with pytest.raises(members.MemberError, match="already used"):
        members.invited_membership(token)


def test_a_tampered_invitation_is_refused(project):
    membership, _ = members.create_account(project, "hal", Role.VIEWER, invite=True)
    with pytest.raises(members.MemberError, match="not valid"):
        members.invited_membership(members.invitation_token(membership) + "x")


def test_an_expired_invitation_is_refused(project, monkeypatch):
    membership, _ = members.create_account(project, "ida", Role.VIEWER, invite=True)
    token = members.invitation_token(membership)
    monkeypatch.setattr(members, "INVITATION_DAYS", -1)
    with pytest.raises(members.MemberError, match="expired"):
        members.invited_membership(token)


def test_the_last_manager_cannot_step_down(project):
    manager = factories.add_member(project, role=Role.MANAGER)
    membership = Membership.objects.get(user=manager)
    with pytest.raises(members.MemberError, match="at least one manager"):
        members.set_role(project, membership, Role.ANNOTATOR)
    with pytest.raises(members.MemberError):
        members.remove_member(project, membership)


def test_set_role_changes_what_the_member_may_do(project, annotator):
    membership = Membership.objects.get(user=annotator)
    members.set_role(project, membership, Role.REVIEWER)
    assert Membership.objects.get(user=annotator).role == Role.REVIEWER
