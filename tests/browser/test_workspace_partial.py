"""Speed by re-rendering only what changed, in Chromium: a speaker linked to the open quote
leaves the other quotes' rows and the text element itself in place (out-of-band swaps of the
touched parts), and the text keeps the focus."""

import pytest

from annotations import editing
from annotations.models import Label, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINE = "“Statement {n} stands,” Speaker {n} said.\n\n"
TEXT = "".join(LINE.format(n=n) for n in range(5))


def test_linking_a_speaker_swaps_only_the_touched_parts(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    article = factories.make_article(project, text=TEXT)
    annotation = factories.make_annotation(article, annotator, status=Status.IN_PROGRESS)
    quotes = []
    for n in range(5):
        start = TEXT.index(f"Statement {n}")
        content = editing.add_mention(
            annotation, label=Label.QUOTE, start=start, end=start + len(f"Statement {n} stands,")
        )
        quotes.append(editing.add_quote(annotation, content=content))
    login(page, live_server, annotator)
    page.goto(
        f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/?active={quotes[4].pk}"
    )
    page.evaluate(
        """() => { document.querySelectorAll('[data-quote-row]').forEach(r => r.__kept = true);
                   document.getElementById('text').__kept = true; }"""
    )
    page.locator("#text").focus()
    start = TEXT.index("Speaker 4")
    page.evaluate(
        """([start, end]) => { const text = document.getElementById('text');
           const a = NQOffsets.toDom(text, start), b = NQOffsets.toDom(text, end);
           getSelection().setBaseAndExtent(a.node, a.offset, b.node, b.offset); }""",
        [start, start + len("Speaker 4")],
    )
    version = page.get_attribute("#annotation", "data-version")
    page.keyboard.press("s")
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )
    page.wait_for_selector("#text .l-speaker")
    kept = page.evaluate(
        "() => [...document.querySelectorAll('[data-quote-row]')].map(r => Boolean(r.__kept))"
    )
    assert kept == [True, True, True, True, False]  # only the touched quote's row is new
    assert page.evaluate("document.getElementById('text').__kept") is True
    assert "Speaker 4" in page.inner_text(f"#quote-row-{quotes[4].pk}")
    assert page.evaluate("document.activeElement.id") == "text"
    assert annotation.quotes.get(pk=quotes[4].pk).speaker_mention.text == "Speaker 4"


def test_a_change_in_a_long_articles_last_paragraph_redraws_only_that_paragraph(page, live_server):
    """300 paragraphs after an emoji: a speaker marked in the last one swaps that paragraph
    and the open quote's row, nothing else; its offsets are code points; undo puts it back
    the same way."""
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    text = "🎉 Party.\n\n" + "".join(LINE.format(n=n) for n in range(300))
    article = factories.make_article(project, text=text)
    annotation = factories.make_annotation(article, annotator, status=Status.IN_PROGRESS)
    quotes = []
    for n in (0, 150, 299):
        start = text.index(f"Statement {n} ")
        content = editing.add_mention(
            annotation, label=Label.QUOTE, start=start, end=start + len(f"Statement {n} stands,")
        )
        quotes.append(editing.add_quote(annotation, content=content))
    login(page, live_server, annotator)
    page.goto(
        f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/?active={quotes[2].pk}"
    )
    keep = """() => { document.querySelectorAll('#text .para, [data-quote-row]')
                        .forEach(e => e.__kept = true); }"""
    page.evaluate(keep)
    page.locator("#text").focus()
    start = text.index("Speaker 299")
    page.evaluate(
        """([start, end]) => { const text = document.getElementById('text');
           const a = NQOffsets.toDom(text, start), b = NQOffsets.toDom(text, end);
           getSelection().setBaseAndExtent(a.node, a.offset, b.node, b.offset); }""",
        [start, start + len("Speaker 299")],
    )
    version = page.get_attribute("#annotation", "data-version")
    page.keyboard.press("s")
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )
    last = text.rindex("“")
    new = page.evaluate(
        "() => [...document.querySelectorAll('#text .para, [data-quote-row]')]"
        ".filter(e => !e.__kept).map(e => e.id)"
    )
    assert new == [f"para-{last}", f"quote-row-{quotes[2].pk}"]
    speaker = page.locator(f"#para-{last} .l-speaker")
    assert speaker.inner_text() == "Speaker 299"
    assert speaker.get_attribute("data-start") == str(start)  # code points, the emoji is one
    assert page.text_content("#text") == text
    assert page.evaluate("document.activeElement.id") == "text"
    assert "Speaker 299" in page.inner_text(f"#quote-row-{quotes[2].pk}")

    page.evaluate(keep)
    version = page.get_attribute("#annotation", "data-version")
    page.keyboard.press("Control+z")
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )
    new = page.evaluate(
        "() => [...document.querySelectorAll('#text .para, [data-quote-row]')]"
        ".filter(e => !e.__kept).map(e => e.id)"
    )
    assert f"para-{last}" in new and len([i for i in new if i.startswith("para-")]) == 1
    assert page.locator("#text .l-speaker").count() == 0
    assert page.text_content("#text") == text
    assert not annotation.mentions.filter(label=Label.SPEAKER).exists()
