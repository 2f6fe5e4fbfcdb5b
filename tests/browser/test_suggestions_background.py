"""The workspace never waits for suggestions: in Chromium, an article whose suggestions are
not computed yet shows "Computing suggestions…", and they appear once the background task
has run, without a reload."""

import pytest

from annotations.models import Role
from annotations.suggesting import stored
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_suggestions_appear_when_the_background_task_has_run(page, live_server):
    project = factories.make_project(slug="wire")
    article = factories.make_article(
        project, text="“The harbour will reopen on Monday,” Ines Moreau told reporters."
    )
    annotator = factories.add_member(project, factories.make_user("ann"), role=Role.REVIEWER)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.wait_for_selector("#suggestions >> text=Computing suggestions")
    # The text can be annotated meanwhile.
    assert "The harbour will reopen" in page.locator("#text").inner_text()

    stored.compute_for_articles([article.pk])  # what the worker runs
    page.wait_for_selector("#suggestions .suggestion", timeout=15_000)
    assert "Ines Moreau" in page.locator("#suggestions").inner_text()


def test_the_suggest_button_queues_a_run_and_the_panel_waits_for_it(page, live_server):
    project = factories.make_project(slug="desk")
    article = factories.make_article(project, text="“The answer is no,” Petrov said.")
    stored.compute_for_articles([article.pk])
    annotator = factories.add_member(project, factories.make_user("ed"), role=Role.REVIEWER)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.wait_for_selector("#suggestions .suggestion")
    assert "(new speaker)" in page.locator("#suggestions").inner_text()
    factories.make_speaker(project, "Ivan Petrov", aliases=["Petrov"])

    page.click("#suggest-now")
    page.wait_for_selector("#suggestions >> text=Computing suggestions")
    assert "Petrov" not in page.locator("#suggestions").inner_text()

    stored.compute_for_articles([article.pk])  # what the worker runs
    page.wait_for_selector("#suggestions >> text=Ivan Petrov", timeout=15_000)
    assert "(new speaker)" not in page.locator("#suggestions").inner_text()
