"""A quote in several fragments in the workspace, in Chromium: Shift+Q (or the toolbar's
Fragment button) adds the selection to the open quote, its fragments share one badge and
colour, one can be removed, and a reload shows the same; an emoji before the quote shifts no
offset."""

import pytest

from annotations import editing
from annotations.models import Annotation, Label, Quote, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "🎉 Match news 👍🏽.\n\n“We will not give up,” he said, “and we will win.”\nThe end.\n"
FIRST = (TEXT.index("We will"), TEXT.index("up,") + 3)
SECOND = (TEXT.index("and we"), TEXT.index("win.") + 4)

# Where code point `offset` of the article text is on screen (as in test_workspace).
CHARACTER_BOX = """([offset, side]) => {
  for (const segment of document.querySelectorAll('#text [data-start]')) {
    const start = Number(segment.dataset.start), end = Number(segment.dataset.end);
    if (offset < start || offset >= end) continue;
    const node = segment.firstChild;
    const characters = Array.from(node.data);
    const from = characters.slice(0, offset - start).join('').length;
    const range = document.createRange();
    range.setStart(node, from);
    range.setEnd(node, from + characters[offset - start].length);
    const box = range.getClientRects()[0];
    return {x: side === 'left' ? box.left + 1 : box.right - 1, y: box.top + box.height / 2};
  }
  return null;
}"""


def drag_select(page, start: int, end: int) -> None:
    first = page.evaluate(CHARACTER_BOX, [start, "left"])
    last = page.evaluate(CHARACTER_BOX, [end - 1, "right"])
    page.mouse.move(first["x"], first["y"])
    page.mouse.down()
    page.mouse.move(last["x"], last["y"], steps=8)
    page.mouse.up()


def changed(page, version: str) -> None:
    """Wait for the server's re-render of the annotation after version `version`."""
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def mark(page, span: tuple[int, int], key: str) -> None:
    version = page.get_attribute("#annotation", "data-version")
    drag_select(page, *span)
    page.keyboard.press(key)
    changed(page, version)


def badges(page) -> list[tuple[str, str]]:
    """The badge and colour class of each highlighted quote piece that opens a mention."""
    found = page.eval_on_selector_all(
        "#text .l-quote[data-badge]",
        "els => els.map(e => [e.dataset.badge, [...e.classList].filter(c => /^fc/.test(c))[0]"
        " || ''])",
    )
    return [tuple(pair) for pair in found]


@pytest.fixture
def workspace(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    article = factories.make_article(project, text=TEXT, title="Cup 🏆")
    factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    return page


def test_shift_q_adds_a_fragment_to_the_open_quote(workspace):
    page = workspace
    mark(page, FIRST, "q")
    mark(page, SECOND, "Shift+Q")
    quote = Quote.objects.get()
    assert quote.fragment_spans == (FIRST, SECOND)
    assert [m.text for m in quote.fragments] == ["We will not give up,", "and we will win."]
    assert badges(page) == [("Q1", "fc1"), ("Q1", "fc1")]
    assert page.inner_text("[data-quote-row] td >> nth=0") == (
        "We will not give up, … and we will win."
    )
    assert page.errors == []


def test_the_toolbar_button_adds_a_fragment_too(workspace):
    page = workspace
    mark(page, FIRST, "q")
    version = page.get_attribute("#annotation", "data-version")
    drag_select(page, *SECOND)
    page.click(".toolbar [data-fragment='1']")
    changed(page, version)
    assert Quote.objects.get().fragment_spans == (FIRST, SECOND)


def test_shift_q_without_an_open_quote_says_what_to_do(workspace):
    page = workspace
    drag_select(page, *SECOND)
    page.keyboard.press("Shift+Q")
    assert "Open a quote first" in page.inner_text("#message")
    assert not Quote.objects.exists()


def test_a_fragment_is_removed_from_the_editor(workspace):
    page = workspace
    mark(page, FIRST, "q")
    mark(page, SECOND, "Shift+Q")
    version = page.get_attribute("#annotation", "data-version")
    page.click(f".editor .fragments [aria-label='Remove the fragment {FIRST[0]}–{FIRST[1]}']")
    changed(page, version)
    assert Quote.objects.get().fragment_spans == (SECOND,)
    assert badges(page) == [("Q", "")]


def test_a_split_quote_reads_the_same_after_a_reload(workspace):
    page = workspace
    annotation = Annotation.objects.get()
    first = editing.add_mention(annotation, label=Label.QUOTE, start=FIRST[0], end=FIRST[1])
    quote = editing.add_quote(annotation, content=first)
    second = editing.add_mention(annotation, label=Label.QUOTE, start=SECOND[0], end=SECOND[1])
    editing.add_fragment(annotation, quote, second)
    page.reload()
    assert badges(page) == [("Q1", "fc1"), ("Q1", "fc1")]
    page.locator("[data-quote-row]").click()
    page.wait_for_selector(".editor .fragments")
    assert page.locator(".editor .fragments li").count() == 2
    assert page.inner_text(".editor h2") == f"Quote {FIRST[0]}–{SECOND[1]}"
    texts = page.eval_on_selector_all(
        "#text [data-quote]", "els => els.map(e => e.textContent).join('|')"
    )
    assert texts == "We will not give up,|and we will win."
