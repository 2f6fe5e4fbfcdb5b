"""Submitted work in Chromium: after Submit the version is read-only in the workspace, with a
banner, until a manager reopens it."""

import pytest

from annotations import assignment
from annotations.models import Annotation, Mention, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEXT = "Alice said: “Hello, world.” Bob added that it rained."
SELECT = """([start, end]) => {
  const node = document.querySelector('#text [data-start]').firstChild;
  const range = document.createRange();
  range.setStart(node, start);
  range.setEnd(node, end);
  getSelection().removeAllRanges();
  getSelection().addRange(range);
}"""


def test_submitted_version_is_read_only_until_a_manager_reopens_it(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    manager = factories.add_member(project, role=Role.MANAGER)
    article = factories.make_article(project, text=TEXT)
    factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    login(page, live_server, annotator)
    url = f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/"
    page.goto(url)
    assert page.locator("#read-only").count() == 0
    page.click("#submit")
    page.wait_for_url(lambda address: address != url)
    annotation = Annotation.objects.get(annotator=annotator)
    assert annotation.status == Status.SUBMITTED

    page.goto(url)
    banner = page.locator("#read-only")
    assert banner.is_visible()
    assert "read-only" in banner.inner_text() and "reopen" in banner.inner_text()
    assert page.locator(".toolbar").count() == 0
    page.evaluate(SELECT, [0, 5])
    page.keyboard.press("c")
    page.wait_for_timeout(300)
    assert not Mention.objects.filter(annotation=annotation).exists()
    assert "read-only" in page.inner_text("#message")
    # Sent anyway (a stale tab), the server refuses and says why.
    answer = page.request.post(
        f"{live_server.url}/projects/{project.slug}/annotations/{annotation.pk}/mentions/",
        form={"label": "CUE", "start": "6", "end": "10", "version": str(annotation.version)},
        headers={
            "X-CSRFToken": page.evaluate(
                "JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']"
            )
        },
    )
    assert answer.status == 403 and "read-only until a manager reopens it" in answer.text()
    assert not Mention.objects.filter(annotation=annotation).exists()

    assignment.reopen(annotation, actor=manager)
    page.reload()
    assert page.locator("#read-only").count() == 0
    page.evaluate(SELECT, [0, 5])
    page.keyboard.press("s")
    page.wait_for_function("() => document.querySelector('#text .l-speaker')")
    assert Mention.objects.get(annotation=annotation).text == "Alice"
