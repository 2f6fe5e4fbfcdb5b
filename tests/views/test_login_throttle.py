"""Failed logins are throttled per account and per address: after a few failures the login
page says it is locked, even to the right password, until the lock expires. API tokens
are not affected, and every lockout is logged."""

import datetime
import logging

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "right-pass-123"
LIMIT = settings.AXES_FAILURE_LIMIT


def _login(username: str, password: str, address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def _logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


@pytest.fixture
def user():
    return factories.make_user("reviewer", password=PASSWORD)


def test_wrong_passwords_under_the_limit_show_the_form_again(user):
    for _ in range(LIMIT - 1):
        response = _login("reviewer", "wrong")
        assert response.status_code == 200
        assert "didn't match" in response.content.decode()
    assert _logged_in(_login("reviewer", PASSWORD))


def test_after_the_limit_even_the_right_password_is_refused_with_a_message(user):
    for _ in range(LIMIT):
        _login("reviewer", "wrong")
    response = _login("reviewer", PASSWORD)
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert "Too many failed logins" in page and "locked for 15 minutes" in page
    assert not _logged_in(response)


def test_the_account_is_locked_whatever_the_address(user):
    for number in range(LIMIT):
        _login("reviewer", "wrong", address=f"10.0.1.{number}")
    assert _login("reviewer", PASSWORD, address="10.0.2.1").status_code == 429


def test_the_address_is_locked_whatever_the_account(user):
    other = factories.make_user("someone-else", password=PASSWORD)
    for number in range(LIMIT):
        _login(f"guess{number}", "wrong", address="10.0.3.3")
    assert _login(other.username, PASSWORD, address="10.0.3.3").status_code == 429
    assert _logged_in(_login(other.username, PASSWORD, address="10.0.3.4"))


def test_the_lock_expires(user):
    for _ in range(LIMIT):
        _login("reviewer", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _logged_in(_login("reviewer", PASSWORD))


def test_a_locked_account_keeps_using_its_api_token(user):
    for _ in range(LIMIT):
        _login("reviewer", "wrong")
    token = Token.objects.create(user=user)
    api = Client(REMOTE_ADDR="10.0.0.1", headers={"Authorization": f"Token {token.key}"})
    assert api.get("/api/v1/projects/").status_code == 200


def test_a_lockout_is_logged_with_account_and_address(user, caplog):
    with caplog.at_level(logging.WARNING):
        for _ in range(LIMIT + 1):
            _login("reviewer", "wrong", address="10.0.4.4")
    assert any(
        "reviewer" in record.getMessage() and "10.0.4.4" in record.getMessage()
        for record in caplog.records
    )


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(user, settings):
    settings.TRUSTED_PROXIES = 1
    for _ in range(LIMIT):
        Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.5").post(
            "/login/", {"username": f"guess{_}", "password": "wrong"}
        )
    behind_same = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.5")
    behind_other = Client(REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="203.0.113.6")
    credentials = {"username": "reviewer", "password": PASSWORD}
    assert behind_same.post("/login/", credentials).status_code == 429
    assert behind_other.post("/login/", credentials).status_code == 302
