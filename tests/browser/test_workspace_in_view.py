"""Everything in view, in Chromium: after Q in the last paragraph of a long article the
quote's editor and the "Saved" line are on screen; a refused change says so beside the
selection and keeps it; on a phone the touched quote's editor comes into view."""

import pytest

from annotations import editing
from annotations.models import Label, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPH = "Officials met on day {n} to discuss the plan and the budget of the city.\n\n"
LAST = "“We will sign the agreement and monitor it closely,” the minister said on Friday."
TEXT = "".join(PARAGRAPH.format(n=n) for n in range(80)) + LAST

SELECT = """([start, end]) => {
  const text = document.getElementById('text');
  const a = NQOffsets.toDom(text, start), b = NQOffsets.toDom(text, end);
  const selection = getSelection();
  selection.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
  const box = selection.getRangeAt(0).getBoundingClientRect();
  window.scrollBy(0, box.top - innerHeight / 2);
}"""
IN_VIEW = """selector => { const r = document.querySelector(selector).getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.top < innerHeight
    && r.left >= 0 && r.right <= innerWidth; }"""


@pytest.fixture
def long_article():
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    article = factories.make_article(project, text=TEXT)
    annotation = factories.make_annotation(article, annotator, status=Status.IN_PROGRESS)
    return project, annotator, article, annotation


def _open(page, live_server, project, annotator, article):
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.wait_for_selector("#text")


def _press_and_wait(page, key):
    version = page.get_attribute("#annotation", "data-version")
    page.keyboard.press(key)
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )


def test_editor_and_saved_line_are_in_view_after_q_at_the_end_of_a_long_article(
    page, live_server, long_article
):
    project, annotator, article, _annotation = long_article
    _open(page, live_server, project, annotator, article)
    start = TEXT.index("We will")
    page.evaluate(SELECT, [start, TEXT.index(",”") + 1])
    _press_and_wait(page, "q")
    assert page.evaluate("window.scrollY") > 2000  # still at the end of the article
    assert page.evaluate(IN_VIEW, ".editor")
    assert page.evaluate(IN_VIEW, "#message")
    assert page.inner_text("#message").startswith("Saved")
    # S then C from there: the editor stays in view and shows both.
    minister = TEXT.index("the minister")
    page.evaluate(SELECT, [minister, minister + len("the minister")])
    _press_and_wait(page, "s")
    said = TEXT.index("said on")
    page.evaluate(SELECT, [said, said + 4])
    _press_and_wait(page, "c")
    assert page.evaluate(IN_VIEW, ".editor")
    assert "the minister" in page.inner_text("#quote-speaker-mention")
    assert page.evaluate("document.querySelector('#quote-cue').selectedOptions[0].text").startswith(
        "said"
    )


def test_a_refused_change_speaks_beside_the_selection_and_keeps_it(page, live_server, long_article):
    project, annotator, article, annotation = long_article
    _open(page, live_server, project, annotator, article)
    # Another tab changes the annotation meanwhile.
    editing.add_mention(annotation, label=Label.SPEAKER, start=0, end=9)
    said = TEXT.index("said on")
    page.evaluate(SELECT, [said, said + 4])
    page.keyboard.press("c")
    page.wait_for_selector("#bubble")
    assert "changed elsewhere" in page.inner_text("#bubble")
    assert page.evaluate(IN_VIEW, "#bubble")
    assert page.evaluate(IN_VIEW, "#message")
    bubble = page.locator("#bubble").bounding_box()
    top, bottom = page.evaluate(
        "() => { const r = getSelection().getRangeAt(0).getBoundingClientRect();"
        " return [r.top, r.bottom]; }"
    )
    # Right under the selected word, or right above it when the screen ends below it.
    gap = min(abs(bubble["y"] - bottom), abs(top - (bubble["y"] + bubble["height"])))
    assert gap < 20
    assert page.evaluate("getSelection().toString()") == "said"
    assert not annotation.mentions.filter(label=Label.CUE).exists()


def test_on_a_phone_the_tapped_quote_editor_comes_into_view(browser, live_server, long_article):
    project, annotator, article, annotation = long_article
    start = TEXT.index("We will")
    content = editing.add_mention(annotation, label=Label.QUOTE, start=start, end=start + 20)
    editing.add_quote(annotation, content=content)
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    _open(page, live_server, project, annotator, article)
    quote = page.locator("#text [data-quote]").first
    quote.evaluate("q => window.scrollBy(0, q.getBoundingClientRect().top - innerHeight / 3)")
    # The middle of its first line: a quote that wraps has no text at its box's centre.
    line = quote.evaluate(
        "q => { const r = q.getClientRects()[0];"
        " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; }"
    )
    page.mouse.click(line["x"], line["y"])
    page.wait_for_selector(".editor")
    assert page.evaluate(IN_VIEW, ".editor")
    assert page.evaluate(IN_VIEW, "#text [data-quote]")  # the quote itself is still on screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
