"""Notes and flags in Chromium: an annotator flags the open quote "unsure" with a note; the
reviewer sees it on the review page and finds the article with the project's flag filter;
the API carries it."""

import pytest
from playwright.sync_api import expect

from annotations import comments, editing
from annotations.models import Comment, Label, Role, Status
from tests import factories
from tests.factories import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "“We will not back down,” Peskov told reporters."


def test_an_unsure_flag_on_a_quote_reaches_the_reviewer(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    article = factories.make_article(project, text=TEXT, title="Peskov story")
    factories.make_article(project, title="Quiet story")
    annotation = factories.make_annotation(article, annotator, status=Status.IN_PROGRESS)
    content = editing.add_mention(annotation, label=Label.QUOTE, start=1, end=23)
    quote = editing.add_quote(annotation, content=content)
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/?active={quote.pk}")
    page.wait_for_selector("#note-text")
    page.click("#note-text")
    page.keyboard.type("Is this the spokesman or the minister?")
    page.click("#note-unsure")
    page.click("#note-on-quote")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#notes .note.flagged")
    assert "on the quote “We will not back down,”" in page.inner_text("#notes")
    note = Comment.objects.get()
    assert (note.flag, note.quote_id, note.text) == (
        "unsure",
        quote.pk,
        "Is this the spokesman or the minister?",
    )
    api = page.request.get(
        f"{live_server.url}/api/v1/projects/{project.slug}/articles/{article.pk}/annotations/"
    )
    assert api.ok
    body = api.json()
    results = body["results"] if isinstance(body, dict) else body
    assert results[0]["comments"][0]["flag"] == "unsure"
    here = page.url
    page.click("#submit")
    page.wait_for_url(lambda url: url != here)

    page.context.clear_cookies()
    login(page, live_server, reviewer)
    page.goto(f"{live_server.url}/projects/{project.slug}/")
    page.select_option("#article-filters select[name=flag]", "unsure")  # htmx swaps the list
    expect(page.locator("#articles tbody tr")).to_have_count(1)
    titles = page.locator("#articles tbody tr").all_inner_texts()
    assert len(titles) == 1 and "Peskov story" in titles[0]
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/review/")
    cell = page.locator(f'#review-table td[data-annotator="{annotator.username}"]')
    assert "⚑ Unsure Is this the spokesman or the minister?" in cell.inner_text()


def test_the_author_edits_and_deletes_a_note_and_a_manager_deletes_one(page, live_server):
    project = factories.make_project()
    annotator = factories.add_member(project, role=Role.ANNOTATOR)
    manager = factories.add_member(project, role=Role.MANAGER)
    article = factories.make_article(project, text=TEXT)
    annotation = factories.make_annotation(article, annotator, status=Status.IN_PROGRESS)
    first = comments.add(annotation, author=annotator, text="Spokesman?")
    comments.add(annotation, author=annotator, text="Wire copy.")
    login(page, live_server, annotator)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/")

    page.click(f'[data-edit-note="{first.pk}"]')
    editor = page.locator(f"#note-edit-{first.pk}")
    expect(editor).to_have_value("Spokesman?")
    editor.fill("The Kremlin spokesman.")
    page.locator(f"#note-{first.pk}").get_by_label("Unsure").check()
    page.click("text=Save note")
    edited = page.locator(f"#note-{first.pk}")
    expect(edited).to_contain_text("⚑ Unsure The Kremlin spokesman.")
    expect(edited).to_contain_text("edited")
    assert "Spokesman?" not in page.inner_text("#notes")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f'[data-delete-note="{first.pk}"]')
    expect(page.locator(f"#note-{first.pk}")).to_have_count(0)
    expect(page.locator("#notes")).to_contain_text("Wire copy.")
    assert list(Comment.objects.values_list("text", flat=True)) == ["Wire copy."]
    annotation.refresh_from_db()
    assert annotation.version == 1  # notes are not part of the annotation

    here = page.url
    page.click("#submit")  # handed in: the notes are read-only for their author now
    page.wait_for_url(lambda url: url != here)
    page.goto(here)
    expect(page.locator("#notes")).to_contain_text("Wire copy.")
    expect(page.locator("#notes [data-delete-note], #notes [data-edit-note]")).to_have_count(0)

    page.context.clear_cookies()
    login(page, live_server, manager)
    page.goto(f"{live_server.url}/projects/{project.slug}/articles/{article.pk}/review/")
    cell = page.locator(f'#review-table th:has-text("{annotator.username}")')
    expect(cell).to_contain_text("Wire copy.")
    cell.locator("[data-delete-note]").click()
    expect(page.locator(".messages")).to_contain_text("The note was deleted.")
    expect(page.locator("#review-table")).not_to_contain_text("Wire copy.")
    assert not Comment.objects.exists()
