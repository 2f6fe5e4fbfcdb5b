"""Your own account in Chromium: change your password; reset a forgotten one by email."""

import re

import pytest
from django.core import mail

from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_user_changes_their_password(page, live_server):
    user = factories.make_user("rosa")
    login(page, live_server, user)
    page.click("a.who")
    page.fill("#id_old_password", "pass-word-123")
    page.fill("#id_new_password1", "a-new-pass-2026")
    page.fill("#id_new_password2", "a-new-pass-2026")
    page.click("#password-change button[type=submit]")
    page.wait_for_selector("text=Your password was changed")
    user.refresh_from_db()
    assert user.check_password("a-new-pass-2026")
    assert page.errors == []


def test_a_wrong_old_password_is_refused(page, live_server):
    user = factories.make_user("rosa")
    login(page, live_server, user)
    page.goto(f"{live_server.url}/account/password/")
    page.fill("#id_old_password", "not-it")
    page.fill("#id_new_password1", "a-new-pass-2026")
    page.fill("#id_new_password2", "a-new-pass-2026")
    page.click("#password-change button[type=submit]")
    assert "old password was entered incorrectly" in page.inner_text("main")
    user.refresh_from_db()
    assert user.check_password("pass-word-123")


def test_password_reset_by_email(page, live_server):
    user = factories.make_user("tom", email="tom@example.org")
    page.goto(f"{live_server.url}/login/")
    page.click("text=Forgot your password?")
    page.fill("#id_email", "tom@example.org")
    page.click("#password-reset button[type=submit]")
    page.wait_for_selector("#reset-sent")
    assert len(mail.outbox) == 1 and "tom" in mail.outbox[0].body
    link = re.search(r"https?://\S+/account/password/reset/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.fill("#id_new_password1", "tom-new-pass-2026")
    page.fill("#id_new_password2", "tom-new-pass-2026")
    page.click("#password-reset-confirm button[type=submit]")
    page.wait_for_selector("#reset-complete")
    user.refresh_from_db()
    assert user.check_password("tom-new-pass-2026")
    page.goto(link)
    assert "not valid any more" in page.inner_text("main")
    assert page.errors == []
