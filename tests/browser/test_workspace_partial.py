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
