"""Marking that does what is meant, in Chromium: an existing speaker selected again with a
quote open is linked to it; refusals are worded for the annotator, without field names."""

import pytest

from annotations import editing
from annotations.models import Label, Quote, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "“We stay,” Martin said. “We will not raise income tax this year,” he added."
SELECT = """([start, end]) => {
  const text = document.getElementById('text');
  const a = NQOffsets.toDom(text, start), b = NQOffsets.toDom(text, end);
  getSelection().setBaseAndExtent(a.node, a.offset, b.node, b.offset);
}"""


def _span(words):
    start = TEXT.index(words)
    return start, start + len(words)


def _press(page, key):
    version = page.get_attribute("#annotation", "data-version")
    page.keyboard.press(key)
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )


def test_selecting_an_existing_speaker_with_a_quote_open_links_it(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    article = factories.make_article(project, text=TEXT)
    annotation = factories.make_annotation(article, annotator, status=Status.IN_PROGRESS)
    martin = editing.add_mention(annotation, label=Label.SPEAKER, start=11, end=17)
    first = editing.add_quote(
        annotation,
        content=editing.add_mention(annotation, label=Label.QUOTE, start=1, end=9),
        speaker_mention=martin,
    )
    start, end = _span("We will not raise income tax this year,")
    second = editing.add_quote(
        annotation, content=editing.add_mention(annotation, label=Label.QUOTE, start=start, end=end)
    )
    login(page, live_server, annotator)
    page.goto(
        f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/?active={second.pk}"
    )
    page.evaluate(SELECT, list(_span("Martin")))
    _press(page, "s")
    assert page.inner_text("#message").startswith("Saved")
    second.refresh_from_db()
    assert second.speaker_mention_id == martin.pk
    assert Quote.objects.get(pk=first.pk).speaker_mention_id == martin.pk
    assert annotation.mentions.filter(label=Label.SPEAKER).count() == 1

    # Without an open quote the same selection is refused, in words, beside it.
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.editor')")
    page.evaluate(SELECT, list(_span("Martin")))
    page.keyboard.press("s")
    page.wait_for_selector("#bubble")
    message = page.inner_text("#message")
    assert message == "There already is a speaker mention at 11–17."
    assert page.inner_text("#bubble") == message
