"""Undo and redo in Chromium: Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y walk the annotation's history on
the server, a quote with its content is one step, and a reload keeps both stacks."""

import pytest

from annotations.models import Annotation, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "“We will not back down,” Peskov told reporters on Monday."
SELECT = """([start, end]) => {
  const text = document.getElementById('text');
  const a = NQOffsets.toDom(text, start), b = NQOffsets.toDom(text, end);
  getSelection().setBaseAndExtent(a.node, a.offset, b.node, b.offset);
}"""


def _press(page, key):
    version = page.get_attribute("#annotation", "data-version")
    page.keyboard.press(key)
    page.wait_for_function(
        "v => document.getElementById('annotation').dataset.version !== v", arg=version
    )


def _mark(page, word, key):
    start = TEXT.index(word)
    page.evaluate(SELECT, [start, start + len(word)])
    _press(page, key)


def _labels(annotation):
    return sorted(m.label for m in annotation.mentions.all())


def test_undo_redo_with_both_redo_keys_and_after_a_reload(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    article = factories.make_article(project, text=TEXT)
    annotation = factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")
    _mark(page, "We will not back down,", "q")
    _mark(page, "Peskov", "s")
    _mark(page, "told reporters", "c")
    annotation = Annotation.objects.get(pk=annotation.pk)
    assert _labels(annotation) == ["CUE", "QUOTE", "SPEAKER"]

    _press(page, "Control+z")
    assert _labels(annotation) == ["QUOTE", "SPEAKER"]
    _press(page, "Control+Shift+z")
    assert _labels(annotation) == ["CUE", "QUOTE", "SPEAKER"]
    assert page.locator("#text .l-cue").count() == 1
    _press(page, "Control+z")
    _press(page, "Control+y")
    assert _labels(annotation) == ["CUE", "QUOTE", "SPEAKER"]

    # A reload keeps the history: three undos take the quote away with its content, in one step.
    page.reload()
    for _ in range(3):
        _press(page, "Control+z")
    assert _labels(annotation) == []
    assert page.locator("[data-quote-row]").count() == 0
    page.keyboard.press("Control+z")
    page.wait_for_function("() => document.getElementById('message').textContent.includes('undo')")
    page.reload()
    _press(page, "Control+y")
    assert _labels(annotation) == ["QUOTE"]
    assert page.locator("[data-quote-row]").count() == 1
    # A new change empties the redo stack.
    _mark(page, "Monday", "c")
    page.keyboard.press("Control+y")
    page.wait_for_function("() => document.getElementById('message').textContent.includes('redo')")
    assert _labels(annotation) == ["CUE", "QUOTE"]
