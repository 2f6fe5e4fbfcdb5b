"""Inviting an existing user: the manager learns nothing about which usernames exist, and the
user joins only by accepting the invitation on their home page."""

import pytest
from django.urls import reverse

from annotations.models import Membership, ProjectInvitation, Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(project, client):
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    return client


def _invite(manager_client, project, username: str):
    return manager_client.post(
        reverse("members", args=[project.slug]),
        {"action": "add", "username": username, "role": "annotator"},
        follow=True,
    )


def _said(response, name: str) -> list[str]:
    return [str(message).replace(name, "NAME") for message in response.context["messages"]]


def test_an_existing_and_an_unknown_name_get_the_same_answer(project, manager_client):
    factories.make_user("secb")
    existing = _invite(manager_client, project, "secb")
    unknown = _invite(manager_client, project, "nosuchuser-zz")
    assert existing.status_code == unknown.status_code == 200
    assert _said(existing, "secb") == _said(unknown, "nosuchuser-zz")
    assert "NAME is invited as annotator" in _said(existing, "secb")[0]
    assert "there is no user" not in unknown.content.decode()
    assert set(ProjectInvitation.objects.values_list("username", flat=True)) == {
        "secb",
        "nosuchuser-zz",
    }


def test_an_invited_user_is_not_a_member_until_they_accept(project, manager_client, client):
    user = factories.make_user("secb")
    _invite(manager_client, project, "secb")
    client.force_login(user)
    assert client.get(reverse("project_detail", args=[project.slug])).status_code == 404
    home = client.get(reverse("home")).content.decode()
    assert project.name in home and "Accept" in home
    invitation = ProjectInvitation.objects.get()
    response = client.post(reverse("answer_invitation", args=[invitation.pk, "accept"]))
    assert response.url == reverse("project_detail", args=[project.slug])
    assert Membership.objects.get(user=user, project=project).role == Role.ANNOTATOR
    assert not ProjectInvitation.objects.exists()


def test_a_declined_invitation_leaves_the_user_outside(project, manager_client, client):
    user = factories.make_user("secb")
    _invite(manager_client, project, "secb")
    client.force_login(user)
    invitation = ProjectInvitation.objects.get()
    client.post(reverse("answer_invitation", args=[invitation.pk, "decline"]))
    assert not Membership.objects.filter(user=user).exists()
    assert not ProjectInvitation.objects.exists()


def test_nobody_else_can_accept_an_invitation(project, manager_client, client):
    factories.make_user("secb")
    intruder = factories.make_user("mallory")
    _invite(manager_client, project, "secb")
    client.force_login(intruder)
    invitation = ProjectInvitation.objects.get()
    client.post(reverse("answer_invitation", args=[invitation.pk, "accept"]))
    assert not Membership.objects.filter(user=intruder).exists()
    assert ProjectInvitation.objects.exists()


def test_a_manager_withdraws_an_invitation(project, manager_client):
    _invite(manager_client, project, "secb")
    invitation = ProjectInvitation.objects.get()
    manager_client.post(
        reverse("members", args=[project.slug]),
        {"action": "withdraw", "invitation": invitation.pk},
    )
    assert not ProjectInvitation.objects.exists()


def test_accepting_needs_a_post(project, manager_client, client):
    user = factories.make_user("secb")
    _invite(manager_client, project, "secb")
    client.force_login(user)
    invitation = ProjectInvitation.objects.get()
    assert (
        client.get(reverse("answer_invitation", args=[invitation.pk, "accept"])).status_code == 405
    )
    assert not Membership.objects.filter(user=user).exists()
