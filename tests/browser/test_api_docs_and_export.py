"""Swagger UI under our CSP, and the export page's count, in Chromium."""

import pytest
from playwright.sync_api import expect

from annotations import demo
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_every_operation_without_csp_errors(page, live_server):
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 12
    assert page.errors == []


def test_export_page_updates_the_quote_count_when_the_status_changes(page, live_server):
    demo.load_demo(password="demo-pass-123")
    from django.contrib.auth import get_user_model

    login(page, live_server, get_user_model().objects.get(username="viewer"), "demo-pass-123")
    page.goto(f"{live_server.url}/projects/kremlin-nato/export/")
    assert page.locator("#quote-count strong").inner_text() == "11"
    page.select_option("#export-status", "submitted")
    # Polled from Python: wait_for_function's string predicate went through eval in the page,
    # which the page's CSP (no 'unsafe-eval') refused when the count came back slowly.
    expect(page.locator("#quote-count strong")).to_have_text("0")
    assert page.errors == []
