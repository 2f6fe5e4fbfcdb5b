"""Suggestions in Chromium: accept one with the A key, reject one with X, reload; the accepted
one is an ordinary quote of the annotation, marked with the rule that proposed it."""

import pytest
from playwright.sync_api import expect

from annotations import editing
from annotations.models import Quote, Role, SuggestionDecision
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Finance Minister Rachel Reeves presented the budget on Wednesday.\n\n"
    "“We will not borrow to pay for everyday spending,” Reeves told reporters.\n\n"
    "She added that growth would return by the spring."
)


@pytest.fixture
def assigned():
    project = factories.make_project(slug="budget")
    factories.make_speaker(project, "Rachel Reeves", aliases=["Reeves"])
    article = factories.make_article(project, text=TEXT, external_id="budget-1")
    annotator = factories.add_member(project, factories.make_user("ann"), role=Role.REVIEWER)
    return project, article, annotator


def open_workspace(page, live_server, project, article):
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.wait_for_selector("#suggestions .suggestion")


def test_accept_with_a_reject_with_x_and_the_quote_stays_after_reload(page, live_server, assigned):
    project, article, annotator = assigned
    login(page, live_server, annotator)
    open_workspace(page, live_server, project, article)
    cards = page.locator("#suggestions .suggestion")
    assert cards.count() == 2
    # The suggested spans are marked in the text itself, without changing its DOM.
    assert page.evaluate("CSS.highlights.get('suggested').size") == 2

    cards.first.focus()
    assert "We will not borrow" in cards.first.inner_text()
    with page.expect_response(lambda r: "/accept/" in r.url):
        page.keyboard.press("a")
    page.wait_for_selector("#text [data-quote]")
    expect(page.locator("#suggestions .suggestion")).to_have_count(1)

    # The next suggestion has the focus: X rejects it.
    assert page.evaluate("document.activeElement.dataset.key") is not None
    with page.expect_response(lambda r: "/reject/" in r.url):
        page.keyboard.press("x")
    page.wait_for_selector("#suggestions >> text=No pending suggestions.")

    page.reload()
    page.wait_for_selector("#suggestions >> text=No pending suggestions.")
    row = page.locator("[data-quote-row]")
    assert row.count() == 1
    assert "Rachel Reeves" in row.inner_text() and "told reporters" in row.inner_text()
    assert page.errors == []

    annotation = editing.own_annotation(article, annotator)
    quote = Quote.objects.select_related("content", "speaker").get(annotation=annotation)
    assert quote.origin == "direct_marks_after"
    assert quote.content.text == "We will not borrow to pay for everyday spending,"
    assert quote.speaker.name == "Rachel Reeves"
    decisions = dict(SuggestionDecision.objects.values_list("kind", "decision"))
    assert decisions == {"direct_marks_after": "accepted", "indirect_that": "rejected"}


def test_accept_all_button(page, live_server, assigned):
    project, article, annotator = assigned
    login(page, live_server, annotator)
    open_workspace(page, live_server, project, article)
    page.get_by_role("button", name="Accept all").click()
    page.wait_for_selector("#suggestions >> text=No pending suggestions.")
    expect(page.locator("[data-quote-row]")).to_have_count(2)
    assert sorted(Quote.objects.values_list("origin", flat=True)) == [
        "direct_marks_after",
        "indirect_that",
    ]
    assert page.errors == []
