"""Help in the workspace, in Chromium: the key overlay on ?, the guidelines in a drawer beside
the text on G, and where the annotator is in their queue."""

import pytest

from annotations.models import Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUIDELINES = "# Quote guidelines\n\nMark the **whole** quote, its speaker and its cue."


@pytest.fixture
def queue():
    project = factories.make_project(guidelines=GUIDELINES)
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    articles = [factories.make_article(project) for _ in range(3)]
    for number, article in enumerate(articles):
        status = Status.SUBMITTED if number == 0 else Status.ASSIGNED
        factories.make_annotation(article, annotator, status=status)
    return project, annotator, articles


def test_the_workspace_says_which_article_of_the_queue_this_is(page, live_server, queue):
    project, annotator, articles = queue
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{articles[1].pk}/")
    assert page.inner_text("#position") == "Article 2 of 3 assigned · 1 submitted"


def test_question_mark_opens_the_key_help_and_escape_closes_it(page, live_server, queue):
    project, annotator, articles = queue
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{articles[1].pk}/")
    page.locator("#text").focus()
    page.keyboard.press("?")
    help_box = page.locator("#key-help")
    assert help_box.is_visible()
    assert "Ctrl+Y" in help_box.inner_text().replace(" ", "")
    page.keyboard.press("Escape")
    assert not help_box.is_visible()
    # The button opens it too.
    page.click("#key-help-toggle")
    assert help_box.is_visible()


def test_g_opens_the_guidelines_beside_the_text_and_escape_gives_focus_back(
    page, live_server, queue
):
    project, annotator, articles = queue
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{articles[1].pk}/")
    drawer = page.locator("#guidelines")
    assert not drawer.is_visible()
    page.locator("#text").focus()
    page.keyboard.press("g")
    assert drawer.is_visible()
    assert "Mark the whole quote" in drawer.inner_text()
    text_box, drawer_box = page.locator("#text").bounding_box(), drawer.bounding_box()
    assert text_box["x"] + 100 < drawer_box["x"]  # the text is still there, left of it
    assert drawer_box["y"] == 0  # in view wherever the page is scrolled
    # The guidelines' own title is not a second page title.
    sizes = page.evaluate(
        "[...document.querySelectorAll('h1')].map(h => parseFloat(getComputedStyle(h).fontSize))"
    )
    assert sizes[1] < sizes[0]
    page.keyboard.press("Escape")
    assert not drawer.is_visible()
    assert page.evaluate("document.activeElement.id") == "text"
    page.mouse.click(10, 10)
    page.click("#guidelines-toggle")
    assert drawer.is_visible()
