"""The workspace without a mouse, in Chromium: Tab to the text, move a caret by word and
sentence, Shift to extend, Q/S/C; focus stays where it was after each swap; ↑/↓ through the
speaker options; a drag snaps to whole words unless Alt is held."""

import pytest

from annotations.models import Annotation, Quote, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Moscow, Monday. “We will not back down,” Peskov told reporters. Nothing else happened."


@pytest.fixture
def opened(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    factories.make_speaker(project, "Dmitry Peskov", aliases=["Peskov"])
    factories.make_speaker(project, "Dmitry Medvedev")
    article = factories.make_article(project, text=TEXT)
    factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.wait_for_selector("#text")
    return annotator


def _tab_to_text(page):
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "text":
            return
    raise AssertionError("Tab never reached the text")


def _press(page, key):
    version = page.get_attribute("#annotation", "data-version")
    page.keyboard.press(key)
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def test_a_whole_quote_marked_linked_and_submitted_with_keys_only(page, opened):
    _tab_to_text(page)
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("ArrowDown")  # the second sentence's first word: We (not “)
    page.keyboard.press("ArrowRight")  # will
    page.keyboard.press("ArrowLeft")  # back to We
    for _ in range(5):
        page.keyboard.press("Shift+ArrowRight")  # We will not back down
    page.keyboard.press("Shift+Alt+ArrowRight")  # and the comma, one character
    assert page.evaluate("getSelection().toString()") == "We will not back down,"
    _press(page, "q")
    assert page.evaluate("document.activeElement.id") == "text"  # focus stayed in the text
    page.keyboard.press("ArrowRight")  # ” Peskov
    page.keyboard.press("Shift+ArrowRight")
    assert page.evaluate("getSelection().toString()") == "Peskov"
    _press(page, "s")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    _press(page, "c")
    assert page.evaluate("document.activeElement.id") == "text"

    # Into the editor's speaker search, type, ↓ through the options, Enter.
    page.keyboard.press("Shift+Tab")
    for _ in range(30):
        if page.evaluate("document.activeElement.id") == "speaker-search":
            break
        page.keyboard.press("Tab")
    page.keyboard.type("dmitry", delay=30)
    page.wait_for_selector("#speaker-options .option.new")  # the answer to "dmitry"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.textContent").startswith("Dmitry Medvedev")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent").startswith("Dmitry Peskov")
    _press(page, "Enter")
    assert page.inner_text("#canonical-speaker") == "Dmitry Peskov"
    assert page.evaluate("document.activeElement.id") == "speaker-search"  # not the page body

    quote = Quote.objects.select_related("content", "speaker_mention", "cue", "speaker").get()
    assert quote.content.text == "We will not back down,"
    assert (quote.speaker_mention.text, quote.cue.text) == ("Peskov", "told reporters")
    assert quote.speaker.name == "Dmitry Peskov"

    # Esc closes the editor; focus goes back to the quote's row, then Submit is a few Tabs away.
    page.keyboard.press("Escape")
    page.wait_for_function(
        "id => !document.querySelector('.editor') && document.activeElement.dataset.quoteRow == id",
        arg=quote.pk,
    )
    page.locator("#submit").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "id => !location.pathname.endsWith(`/articles/${id}/`)",
        arg=quote.annotation.article_id,
    )
    assert Annotation.objects.get(pk=quote.annotation_id).status == Status.SUBMITTED


def test_a_drag_inside_words_snaps_to_them_and_alt_keeps_characters(page, opened):
    # Drag from inside "Peskov" to inside "told": both words whole.
    start, end = TEXT.index("eskov"), TEXT.index("old reporters") + 2
    _drag(page, start, end)
    _press(page, "s")
    assert Quote.objects.count() == 0
    annotation = Annotation.objects.get()
    assert [m.text for m in annotation.mentions.all()] == ["Peskov told"]
    # With Alt held, the characters dragged over, as they are.
    start = TEXT.index("ppened")
    _drag(page, start, start + 4, alt=True)
    _press(page, "c")
    assert sorted(m.text for m in annotation.mentions.all()) == ["Peskov told", "ppen"]


def _drag(page, start, end, alt=False):
    points = page.evaluate(
        """([start, end]) => {
          const text = document.getElementById('text');
          const at = o => { const p = NQOffsets.toDom(text, o); const r = document.createRange();
            r.setStart(p.node, p.offset);
            const b = r.getClientRects()[0] || r.getBoundingClientRect();
            return [b.left, b.top + b.height / 2]; };
          return [at(start), at(end)];
        }""",
        [start, end],
    )
    (x1, y1), (x2, y2) = points
    if alt:
        page.keyboard.down("Alt")
    page.mouse.move(x1 + 1, y1)
    page.mouse.down()
    page.mouse.move(x2 - 1, y2, steps=6)
    page.mouse.up()
    if alt:
        page.keyboard.up("Alt")
