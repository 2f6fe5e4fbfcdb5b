"""The members page (managers only) and the invitation page (no session needed)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from annotations.models import Membership, Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(project, client):
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    return client


def test_annotator_gets_403(project, client, annotator):
    client.force_login(annotator)
    assert client.get(reverse("members", args=[project.slug])).status_code == 403


def test_manager_invites_an_existing_user_who_joins_on_accepting(project, manager_client, client):
    olga = factories.make_user("olga")
    manager_client.post(
        reverse("members", args=[project.slug]),
        {"action": "add", "username": "olga", "role": "reviewer"},
    )
    assert not Membership.objects.filter(user=olga).exists()
    client.force_login(olga)
    invitation = olga_invitation = project.invitations.get()
    client.post(reverse("answer_invitation", args=[olga_invitation.pk, "accept"]))
    assert Membership.objects.get(user__username="olga").role == Role.REVIEWER
    assert invitation.role == Role.REVIEWER


def test_one_time_password_is_shown_once_and_works(project, manager_client, client):
    response = manager_client.post(
        reverse("members", args=[project.slug]),
        {"action": "create", "username": "pia", "role": "annotator", "mode": "password"},
    )
    password = re.search(r'class="secret">([^<]+)<', response.content.decode()).group(1)
    assert get_user_model().objects.get(username="pia").check_password(password)
    assert (
        password not in manager_client.get(reverse("members", args=[project.slug])).content.decode()
    )


def test_invitation_link_lets_the_invitee_set_a_password(project, manager_client):
    response = manager_client.post(
        reverse("members", args=[project.slug]),
        {"action": "create", "username": "quin", "role": "viewer", "mode": "invite"},
    )
    link = re.search(r'class="secret">http://testserver([^<]+)<', response.content.decode()).group(
        1
    )
    manager_client.logout()
    answer = manager_client.post(
        link, {"new_password1": "a-long-pass-phrase-9", "new_password2": "a-long-pass-phrase-9"}
    )
    assert answer.status_code == 302
    assert get_user_model().objects.get(username="quin").check_password("a-long-pass-phrase-9")
    assert manager_client.get(link).status_code == 400  # used once


def test_manager_changes_a_role(project, manager_client, annotator):
    membership = Membership.objects.get(user=annotator)
    manager_client.post(
        reverse("members", args=[project.slug]),
        {"action": "role", "membership": membership.pk, "role": "reviewer"},
    )
    assert Membership.objects.get(pk=membership.pk).role == Role.REVIEWER


@pytest.mark.parametrize("mode", ["password", "invite"])
def test_creating_a_taken_username_does_not_tell_a_stranger_it_exists(project, client, mode):
    factories.make_user("ruth")  # an account in no project of the asker's
    other = factories.make_project()
    client.force_login(factories.add_member(other, role=Role.MANAGER))
    response = client.post(
        reverse("members", args=[other.slug]),
        {"action": "create", "username": "ruth", "role": "annotator", "mode": mode},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "cannot be used for a new account: choose another username" in body
    assert "taken" not in body and "exists" not in body and "has an account" not in body
    assert not Membership.objects.filter(project=other, user__username="ruth").exists()


def test_creating_a_member_s_username_tells_their_manager(project, manager_client, annotator):
    response = manager_client.post(
        reverse("members", args=[project.slug]),
        {"action": "create", "username": annotator.username, "role": "viewer", "mode": "password"},
    )
    assert response.status_code == 400
    assert f"{annotator.username} already has an account" in response.content.decode()
