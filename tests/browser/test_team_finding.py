"""Finding work in Chromium: a reviewer's article list (counts, status and member filters
swapped in by htmx, search, pages), "Next to review", the dashboard's completion; an
annotator's "My articles", whose every link opens."""

import pytest
from playwright.sync_api import expect

from annotations import editing
from annotations.models import Role, Status
from tests import factories
from tests.factories import HELLO, TEAM_TEXT, login, version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk():
    project = factories.make_project(slug="desk", overlap=2)
    ann = factories.add_member(project, factories.make_user("ann"))
    ben = factories.add_member(project, factories.make_user("ben"))
    reviewer = factories.add_member(project, factories.make_user("rita"), role=Role.REVIEWER)
    articles = [
        factories.make_article(
            project, text=TEAM_TEXT, external_id=f"desk-{n:02}", title=f"Story {n}", source="Wire"
        )
        for n in range(60)
    ]
    factories.make_article(project, text="The harbour strike went on.", external_id="harbour")
    version(articles[0], ann, [{"content": HELLO}])
    version(articles[0], ben, [{"content": HELLO}])
    version(articles[1], ann, [{"content": HELLO}], status=Status.IN_PROGRESS)
    editing.own_annotation(articles[2], ben)
    return project, ann, reviewer, articles


def test_reviewer_counts_filters_searches_and_pages(page, live_server, desk):
    project, ann, reviewer, _ = desk
    login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/projects/desk/")
    counts = page.inner_text("#status-counts")
    assert "all 61" in counts and "unassigned 58" in counts and "need review 1" in counts
    first = page.locator("#articles tbody tr[data-article=desk-00]")
    assert "ann · Submitted" in first.inner_text() and "ben · Submitted" in first.inner_text()
    page.evaluate("window.kept = true")  # survives only if htmx swaps without a reload
    page.select_option("#article-filters select[name=status]", "submitted")
    expect(page.locator("#articles tbody tr")).to_have_count(1)
    assert "desk-00" in page.inner_text("#articles") and page.evaluate("window.kept")
    assert "status=submitted" in page.url
    page.select_option("#article-filters select[name=status]", "")
    page.select_option("#article-filters select[name=member]", str(ann.pk))
    expect(page.locator("#articles tbody tr")).to_have_count(2)
    page.goto(f"{live_server.url}/projects/desk/?q=harbour")
    assert page.locator("#articles tbody tr").count() == 1
    assert "harbour" in page.inner_text("#articles")
    page.goto(f"{live_server.url}/projects/desk/")
    assert page.locator("#articles tbody tr").count() == 50
    page.click("a[rel=next]")
    page.wait_for_selector("#articles tbody tr[data-article=harbour]")
    assert page.locator("#articles tbody tr").count() == 11
    page.click("text=« first")
    page.wait_for_selector("#articles tbody tr[data-article=desk-00]")
    assert page.errors == []


def test_every_link_of_the_reviewers_list_opens(page, live_server, desk):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    _, _, reviewer, _ = desk
    login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/projects/desk/")
    hrefs = page.eval_on_selector_all(
        "#articles tbody tr[data-article=desk-00] a", "links => links.map(a => a.href)"
    )
    assert len(hrefs) == 4
    for href in hrefs:
        page.goto(href)
    assert failed == []


def test_next_to_review_opens_the_article_waiting_and_the_dashboard_shows_completion(
    page, live_server, desk
):
    _, _, reviewer, articles = desk
    login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/projects/desk/")
    page.click("#next-to-review")
    page.wait_for_url(f"**/articles/{articles[0].pk}/review/")
    page.goto(f"{live_server.url}/projects/desk/dashboard/")
    completion = page.inner_text("#completion")
    assert "0 of 61 articles have accepted gold" in completion
    assert "2 submitted versions of the 122" in completion
    assert "1 wait for review" in completion


def test_annotator_sees_my_articles_and_every_link_opens(page, live_server, desk):
    _, ann, _, _ = desk
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    login(page, live_server, ann)
    page.goto(f"{live_server.url}/projects/desk/")
    rows = page.locator("#my-articles tbody tr")
    assert rows.count() == 2
    assert "History" not in page.inner_text("main")  # no list of articles they cannot open
    page.click("text=all my articles")
    page.click("nav.tabs >> text=inprogress (1)")
    assert page.locator("#my-articles tbody tr").count() == 1
    page.click("#my-articles tbody a")
    page.wait_for_selector("#text")
    page.goto(f"{live_server.url}/projects/desk/mine/?status=submitted")
    page.click("#my-articles tbody a")
    page.wait_for_selector("#text")
    assert failed == []
