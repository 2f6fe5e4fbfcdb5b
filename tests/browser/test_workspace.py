"""The annotation workspace in Chromium: real mouse selections and key presses, against the
live server, checked against what PostgreSQL stored."""

import json

import pytest
from django.contrib.auth import get_user_model

from annotations import demo, editing
from annotations.models import Annotation, Article, Label, Quote, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "demo-pass-word-1"

# Where code point `offset` of the article text is on screen: the left or right edge of that
# character, found through the segments' code-point `data-start`/`data-end`.
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
    """Select [start, end) of the article text by dragging the mouse over it."""
    first = page.evaluate(CHARACTER_BOX, [start, "left"])
    page.evaluate("([x, y]) => window.scrollTo(0, window.scrollY + y - 300)", [0, first["y"]])
    first = page.evaluate(CHARACTER_BOX, [start, "left"])
    last = page.evaluate(CHARACTER_BOX, [end - 1, "right"])
    page.mouse.move(first["x"], first["y"])
    page.mouse.down()
    page.mouse.move(last["x"], last["y"], steps=8)
    page.mouse.up()


def mark(page, start: int, end: int, key: str) -> None:
    """Select with the mouse, press the label's key, wait for the server's re-render."""
    version = page.get_attribute("#annotation", "data-version")
    drag_select(page, start, end)
    page.keyboard.press(key)
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )
    settled(page)


def settled(page) -> None:
    """Wait until htmx has swapped and processed the server's answer."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def choose_speaker(page, typed: str, name: str) -> None:
    page.locator("#speaker-search").press_sequentially(typed, delay=40)
    page.locator(".options .option", has_text=name).first.click()
    page.wait_for_function(
        "n => document.getElementById('canonical-speaker').textContent === n", arg=name
    )


def _reference_quotes():
    reference = json.loads((demo.FIXTURES / "peskov_nato.gold.json").read_text(encoding="utf-8"))
    return reference["quotes"][:2]


def _stored(annotation) -> list[dict]:
    quotes = Quote.objects.filter(annotation=annotation).select_related(
        "content", "speaker_mention", "cue", "speaker"
    )
    return [
        {
            "type": quote.type,
            "content": [quote.content.start, quote.content.end],
            "speaker_mention": [quote.speaker_mention.start, quote.speaker_mention.end],
            "cue": [quote.cue.start, quote.cue.end],
            "speaker": quote.speaker.name,
        }
        for quote in quotes.order_by("content__start")
    ]


def _expected(reference_quotes) -> list[dict]:
    return [
        {
            "type": quote["type"],
            "content": [quote["content"]["start"], quote["content"]["end"]],
            "speaker_mention": [
                quote["speaker_mention"]["start"],
                quote["speaker_mention"]["end"],
            ],
            "cue": [quote["cue"]["start"], quote["cue"]["end"]],
            "speaker": quote["speaker"],
        }
        for quote in reference_quotes
    ]


def test_annotator_marks_the_two_direct_peskov_quotes_and_finds_them_after_reload(
    page, live_server
):
    demo.load_demo(PASSWORD)
    annotator = get_user_model().objects.get(username="annotator1")
    login(page, live_server, annotator, PASSWORD)
    page.get_by_role("button", name="Next article").click()
    page.wait_for_selector("#text")
    for quote in _reference_quotes():
        mark(page, quote["content"]["start"], quote["content"]["end"], "q")
        speaker, cue = quote["speaker_mention"], quote["cue"]
        mark(page, speaker["start"], speaker["end"], "s")
        mark(page, cue["start"], cue["end"], "c")
        choose_speaker(page, "pesk", quote["speaker"])

    page.reload()
    rows = page.locator("[data-quote-row]")
    assert rows.count() == 2
    assert "Peskov" in rows.nth(0).inner_text() and "told reporters" in rows.nth(0).inner_text()
    assert "Dmitry Peskov" in rows.nth(1).inner_text() and "added" in rows.nth(1).inner_text()
    annotation = Annotation.objects.get(annotator=annotator)
    assert _stored(annotation) == _expected(_reference_quotes())
    assert page.errors == []


def test_offsets_are_code_points_when_an_emoji_precedes_the_quote(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    factories.make_speaker(project, "Alice Jones", aliases=["Alice"])
    text = "🎉🎉 Party news 👍🏽.\n\n“We won the cup,” Alice said.\n"
    article = factories.make_article(project, text=text, title="Cup 🏆")
    factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    quote_start = text.index("We won")
    quote_end = quote_start + len("We won the cup,")
    mark(page, quote_start, quote_end, "q")
    mark(page, text.index("Alice"), text.index("Alice") + 5, "s")
    mark(page, text.index("said"), text.index("said") + 4, "c")
    choose_speaker(page, "ali", "Alice Jones")

    page.reload()
    assert page.locator("[data-quote-row]").count() == 1
    quote = Quote.objects.select_related("content", "speaker_mention", "cue").get()
    assert (quote.content.start, quote.content.end) == (quote_start, quote_end)
    assert quote.content.text == "We won the cup,"
    assert (quote.speaker_mention.text, quote.cue.text, quote.type) == ("Alice", "said", "direct")


def test_second_annotator_sees_none_of_the_first_ones_work(page, live_server):
    demo.load_demo(PASSWORD)
    User = get_user_model()
    first, second = User.objects.get(username="annotator1"), User.objects.get(username="annotator2")
    article = Article.objects.get(external_id=demo.ARTICLE_ID)
    mine = editing.own_annotation(article, first)
    content = editing.add_mention(mine, label=Label.QUOTE, start=419, end=681)
    editing.add_quote(mine, content=content)
    editing.add_mention(mine, label=Label.SPEAKER, start=683, end=689)

    login(page, live_server, second, PASSWORD)
    page.get_by_role("button", name="Next article").click()
    page.wait_for_selector("#text")
    assert page.locator("#text .m").count() == 0
    assert page.locator("[data-quote-row]").count() == 0
    assert "No quotes yet" in page.inner_text(".quotes")
    response = page.goto(f"{live_server.url}/projects/{demo.PROJECT_SLUG}/annotations/{mine.pk}/")
    assert response.status == 404


def test_script_in_title_and_text_shows_as_text_and_runs_nothing(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    title = "<script>alert('title')</script> News"
    text = "Intro <img src=x onerror=alert('img')> and <script>alert('text')</script> end."
    article = factories.make_article(project, text=text, title=title)
    factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    assert page.inner_text("h1") == title
    assert page.text_content("#text") == text
    assert page.locator("#text img, #text script").count() == 0
    # Marked and re-rendered by the server, the text is still only text.
    start = text.index("<img")
    mark(page, start, text.index(">", start) + 1, "q")
    assert page.locator("#text img").count() == 0
    assert page.locator("[data-quote-row]").inner_text().startswith("<img src=x")
    page.wait_for_timeout(300)
    assert dialogs == []


STORY = "“Go home,” Alice said to Bob.\n"
ALICE = (STORY.index("Alice"), STORY.index("Alice") + 5)
SAID = (STORY.index("said"), STORY.index("said") + 4)


def _one_article(annotator_role=Role.ANNOTATOR, text=STORY):
    project = factories.make_project()
    annotator = factories.add_member(project, role=annotator_role)
    article = factories.make_article(project, text=text)
    factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    return project, annotator, article


def test_toolbar_button_marks_and_ctrl_z_undoes_the_last_change(page, live_server):
    project, annotator, article = _one_article()
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    mark(page, *ALICE, "s")
    version = page.get_attribute("#annotation", "data-version")
    drag_select(page, *SAID)
    page.get_by_role("button", name="Cue").click()
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )
    settled(page)
    assert page.locator("#text .l-cue").inner_text() == "said"
    version = page.get_attribute("#annotation", "data-version")
    page.keyboard.press("Control+z")
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )
    assert page.locator("#text .l-cue").count() == 0
    page.reload()
    assert page.locator("#text .l-cue").count() == 0
    assert page.locator("#text .l-speaker").inner_text() == "Alice"


def test_change_from_a_stale_tab_is_refused_with_a_message(page, live_server):
    project, annotator, article = _one_article()
    login(page, live_server, annotator)
    url = f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/"
    page.goto(url)
    other_tab = page.context.new_page()
    other_tab.goto(url)
    mark(other_tab, *ALICE, "s")
    drag_select(page, *SAID)
    page.keyboard.press("c")
    page.wait_for_function("() => document.getElementById('message').textContent.length > 0")
    assert "changed elsewhere" in page.inner_text("#message")
    assert page.locator("#text .l-cue").count() == 0
    annotation = Annotation.objects.get(annotator=annotator)
    assert list(annotation.mentions.values_list("text", flat=True)) == ["Alice"]


def test_shift_arrow_extends_a_mouse_selection_before_marking(page, live_server):
    project, annotator, article = _one_article()
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    version = page.get_attribute("#annotation", "data-version")
    drag_select(page, ALICE[0], ALICE[1] - 2)  # "Ali"
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("s")
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )
    mention = Annotation.objects.get(annotator=annotator).mentions.get()
    assert (mention.start, mention.end, mention.text) == (*ALICE, "Alice")


def test_clicking_a_quote_row_opens_its_editor_and_flashes_the_quote(page, live_server):
    project, annotator, article = _one_article()
    annotation = Annotation.objects.get(annotator=annotator)
    content = editing.add_mention(annotation, label=Label.QUOTE, start=1, end=9)
    editing.add_quote(annotation, content=content)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.locator("[data-quote-row]").click()
    page.wait_for_selector("#text .flash")
    assert page.inner_text("#text .flash") == "Go home,"
    assert page.locator(".editor").is_visible()
    assert page.input_value("#quote-type") == "direct"


def test_submit_records_the_time_spent_and_opens_the_next_article(page, live_server):
    project, annotator, article = _one_article()
    following = factories.make_article(project, text="Another text.", title="Following")
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(f"**/projects/{project.slug}/articles/{following.pk}/")
    submitted = Annotation.objects.get(annotator=annotator, article=article)
    assert submitted.status == Status.SUBMITTED
    assert submitted.time_spent >= 2


def test_skip_needs_a_reason_and_records_it(page, live_server):
    project, annotator, article = _one_article()
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    page.fill("input[name=skip_reason]", "Not a news article")
    page.get_by_role("button", name="Skip").click()
    page.wait_for_url(lambda url: f"/articles/{article.pk}/" not in url)
    skipped = Annotation.objects.get(annotator=annotator, article=article)
    assert (skipped.status, skipped.skip_reason) == (Status.SKIPPED, "Not a news article")


def test_speaker_inside_a_quote_and_a_quote_inside_a_quote_keep_exact_offsets(page, live_server):
    text = "She said: “My 👶 told me ‘we go home’ and I agreed,” Maria said.\n"
    project, annotator, article = _one_article(text=text)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    outer = (text.index("My"), text.index("agreed,") + len("agreed,"))
    inner = (text.index("we go"), text.index("home") + 4)
    mark(page, *outer, "q")
    mark(page, *inner, "q")
    mark(page, text.index("told"), text.index("told") + 4, "c")
    baby = text.index("👶")
    mark(page, baby, baby + 1, "s")
    stored = Annotation.objects.get(annotator=annotator).mentions.order_by("start", "-end")
    assert [(m.label, m.start, m.end, m.text) for m in stored] == [
        ("QUOTE", *outer, "My 👶 told me ‘we go home’ and I agreed,"),
        ("SPEAKER", baby, baby + 1, "👶"),
        ("CUE", text.index("told"), text.index("told") + 4, "told"),
        ("QUOTE", *inner, "we go home"),
    ]
    assert page.locator("#text .nested").inner_text() == "we go home"
    assert page.locator("#text .l-speaker").inner_text().endswith("👶")
