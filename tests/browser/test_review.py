"""Review in Chromium: two annotators disagree on a speaker, the reviewer picks one on the
review page, and the gold export names that speaker."""

import csv
import io

import pytest

from annotations import editing
from annotations.models import Role
from tests import factories
from tests.factories import ALICE, BOB, HELLO, login, version
from tests.factories import TEAM_TEXT as TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def disagreement():
    project = factories.make_project(slug="wire", overlap=2)
    article = factories.make_article(project, text=TEXT, external_id="wire-1")
    alice, bob = factories.make_speaker(project, "Alice"), factories.make_speaker(project, "Bob")
    ann = factories.add_member(project, factories.make_user("ann"))
    ben = factories.add_member(project, factories.make_user("ben"))
    version(article, ann, [{"content": HELLO, "speaker": alice, "mention": ALICE}])
    version(article, ben, [{"content": HELLO, "speaker": bob, "mention": BOB}])
    reviewer = factories.add_member(project, factories.make_user("rita"), role=Role.REVIEWER)
    return project, article, reviewer


def test_reviewer_picks_a_speaker_and_the_gold_export_shows_it(page, live_server, disagreement):
    project, article, reviewer = disagreement
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status == 404 else None)
    login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/review/")
    row = page.locator("#review-table tbody tr").first
    assert "other speaker" in row.inner_text()
    ben_cell = row.locator('td[data-annotator="ben"]')
    assert "Bob" in ben_cell.locator(".speaker").inner_text()

    ben_cell.get_by_role("button", name="take this quote").click()
    page.wait_for_load_state()
    gold_cell = page.locator('#review-table tbody tr td[data-annotator="gold"]').first
    assert "Bob (“Bob”)" in gold_cell.locator(".speaker").inner_text()
    assert "Gold took ben" in page.locator(".messages").inner_text()

    page.get_by_role("button", name="Accept gold").click()
    page.wait_for_load_state()
    assert "accepted" in page.locator(".review-bar").inner_text()

    answer = page.request.get(f"{live_server.url}/api/v1/projects/{project.slug}/export.csv")
    assert answer.ok
    rows = list(csv.DictReader(io.StringIO(answer.text())))
    assert [(r["status"], r["quote_text"], r["speaker_name"]) for r in rows] == [
        ("gold", "Hello, world.", "Bob")
    ]
    assert rows[0]["speaker_mention_text"] == "Bob"
    gold = editing.gold_annotation(article)
    assert gold.accepted_at is not None and gold.quotes.get().speaker.name == "Bob"
    # No script or style refused by the CSP, no missing stylesheet (the browser's own
    # favicon request is the one 404 a page without a favicon gets).
    assert [url for url in failed if not url.endswith("/favicon.ico")] == []
    assert [e for e in page.errors if "404" not in e] == []


def test_a_second_reviewer_with_a_stale_page_gets_a_message(page, live_server, disagreement):
    project, article, reviewer = disagreement
    login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/review/")
    editing.add_mention(editing.gold_annotation(article), label="CUE", start=6, end=10)
    page.locator('td[data-annotator="ann"]').get_by_role("button", name="take this quote").click()
    page.wait_for_load_state()
    assert "changed elsewhere" in page.locator("#review-error").inner_text()
    assert editing.gold_annotation(article).quotes.count() == 0
