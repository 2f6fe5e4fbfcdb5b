"""Suggestions beside the text, in Chromium: decided where they are (a click on the suggested
span, then A), the panel refreshed after marking by hand, Accept all merging into an
identical hand-made quote, and an undone accept coming back."""

import pytest
from playwright.sync_api import expect

from annotations.models import Quote, Role, Status
from annotations.suggesting import stored
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Finance Minister Rachel Reeves presented the budget on Wednesday.\n\n"
    "“We will not borrow to pay for everyday spending,” Reeves told reporters.\n\n"
    "“Growth will return by the spring,” Reeves said."
)
FIRST = "We will not borrow to pay for everyday spending,"
SECOND = "Growth will return by the spring,"
SELECT = """([start, end]) => {
  const text = document.getElementById('text');
  const a = NQOffsets.toDom(text, start), b = NQOffsets.toDom(text, end);
  getSelection().setBaseAndExtent(a.node, a.offset, b.node, b.offset);
}"""


@pytest.fixture
def opened(page, live_server):
    project = factories.make_project()
    factories.make_speaker(project, "Rachel Reeves", aliases=["Reeves"])
    article = factories.make_article(project, text=TEXT)
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    annotation = factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    stored.compute_for_article(article)  # as the import's background task does
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.wait_for_selector("#suggestions .suggestion")
    return annotation


def _cards(page):
    return page.locator("#suggestions .suggestion")


def _press(page, key):
    version = page.get_attribute("#annotation", "data-version")
    page.keyboard.press(key)
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )


def _quote_by_hand(page, words):
    start = TEXT.index(words)
    page.evaluate(SELECT, [start, start + len(words)])
    _press(page, "q")


def test_the_panel_sits_beside_the_text_and_a_click_in_the_text_then_a_accepts(page, opened):
    assert _cards(page).count() == 2
    text, panel = page.locator("#text").bounding_box(), page.locator("#suggestions").bounding_box()
    assert panel["x"] > text["x"] + text["width"] - 5  # beside, not below
    assert panel["y"] < 900
    word = page.evaluate(
        """o => { const p = NQOffsets.toDom(document.getElementById('text'), o);
           const r = document.createRange(); r.setStart(p.node, p.offset);
           r.setEnd(p.node, p.offset + 4); const b = r.getBoundingClientRect();
           return [b.left + b.width / 2, b.top + b.height / 2]; }""",
        TEXT.index("Growth"),
    )
    page.mouse.click(*word)
    assert SECOND in page.evaluate("document.activeElement.textContent")
    with page.expect_response(lambda r: "/accept/" in r.url):
        page.keyboard.press("a")
    page.wait_for_selector("#text [data-quote]")
    assert Quote.objects.get(annotation=opened).content.text == SECOND
    expect(_cards(page)).to_have_count(1)


def test_marking_a_suggested_quote_by_hand_refreshes_the_panel(page, opened):
    _quote_by_hand(page, FIRST)
    expect(_cards(page)).to_have_count(1)
    assert "(1 pending)" in page.inner_text("#suggestions h2")


def test_accept_all_merges_speaker_and_cue_into_the_identical_hand_made_quote(page, opened):
    _quote_by_hand(page, FIRST)
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.editor')")
    with page.expect_response(lambda r: "accept-all" in r.url):
        page.click("#accept-all")
    page.wait_for_selector("#suggestions >> text=No pending suggestions.")
    quotes = Quote.objects.filter(annotation=opened).select_related(
        "content", "speaker_mention", "cue", "speaker"
    )
    assert quotes.count() == 2
    first = quotes.get(content__text=FIRST)
    assert (first.speaker_mention.text, first.cue.text) == ("Reeves", "told reporters")
    assert first.speaker.name == "Rachel Reeves"


def test_undoing_an_accept_brings_the_suggestion_back(page, opened):
    _cards(page).first.focus()
    with page.expect_response(lambda r: "/accept/" in r.url):
        page.keyboard.press("a")
    expect(_cards(page)).to_have_count(1)
    page.wait_for_selector("#text [data-quote]")
    page.locator("#text").focus()
    _press(page, "Control+z")
    assert not Quote.objects.filter(annotation=opened).exists()
    expect(_cards(page)).to_have_count(2)
    page.reload()
    expect(_cards(page)).to_have_count(2)


def test_a_split_suggestion_accepted_is_one_quote_in_two_fragments(page, live_server):
    text = "“We will not give up,” Anna Weber said on Monday, “and we will win.”"
    project = factories.make_project()
    article = factories.make_article(project, text=text)
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    annotation = factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    stored.compute_for_article(article)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.wait_for_selector("#suggestions .suggestion")
    joined = "We will not give up, … and we will win."
    expect(_cards(page)).to_have_count(1)
    expect(_cards(page).first).to_contain_text(joined)
    with page.expect_response(lambda r: "/accept/" in r.url):
        _cards(page).first.locator("button.accept").click()
    expect(page.locator("#quote-rows")).to_contain_text(joined)
    quote = Quote.objects.get(annotation=annotation)
    assert quote.fragments_text == joined
    assert (quote.speaker_mention.text, quote.cue.text) == ("Anna Weber", "said")
    expect(_cards(page)).to_have_count(0)
