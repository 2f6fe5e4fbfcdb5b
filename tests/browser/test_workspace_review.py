"""The review page in Chromium: each quote whole, in its sentence, with the characters that
only some versions' quotes hold marked, so a one-comma boundary difference shows."""

import pytest

from annotations.models import Role
from tests import factories
from tests.factories import login, version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = (
    "The alliance is undoubtedly analysing the situation, and the conclusions it draws will "
    "shape how it positions itself for years to come, from the Baltic to the Black Sea, in "
    "its long and costly battle against Russia and its many allies and partners abroad,"
)
TEXT = f"Moscow, Monday. Officials met. He said: “{LONG}” he added. Then nothing happened."


def test_reviewer_sees_both_quotes_whole_and_the_comma_that_differs(page, live_server):
    project = factories.make_project(overlap=2)
    article = factories.make_article(project, text=TEXT)
    start = TEXT.index("The alliance")
    with_comma, without = (start, start + len(LONG)), (start, start + len(LONG) - 1)
    version(
        article,
        factories.add_member(project, factories.make_user("ann")),
        [{"content": with_comma}],
    )
    version(
        article, factories.add_member(project, factories.make_user("ben")), [{"content": without}]
    )
    reviewer = factories.add_member(project, factories.make_user("rita"), role=Role.REVIEWER)
    login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/review/")

    ann = page.locator('#review-table td[data-annotator="ann"]')
    ben = page.locator('#review-table td[data-annotator="ben"]')
    assert ann.locator(".quote-whole").inner_text() == LONG
    assert ben.locator(".quote-whole").inner_text() == LONG[:-1]
    assert ann.locator("mark.boundary").all_inner_texts() == [","]
    assert ben.locator("mark.boundary").count() == 0
    # The sentence around the quote, from the article.
    assert ann.locator(".context").first.inner_text() == "He said: “"
    assert ben.locator(".context").last.inner_text().startswith(",” he added.")
    mark = ann.locator("mark.boundary")
    box = mark.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert mark.evaluate("m => m.matches(':hover')")
    assert mark.get_attribute("title") == "not in every version's quote"
