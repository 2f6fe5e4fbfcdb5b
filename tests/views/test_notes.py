"""The workspace's notes panel: authors edit and delete their notes, managers delete any;
everyone else is refused and nothing changes."""

import pytest
from django.urls import reverse

from annotations import comments
from annotations.models import Comment, Role, Status
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def note(project, annotator):
    article = factories.make_article(project)
    annotation = factories.make_annotation(article, annotator, status=Status.IN_PROGRESS)
    return comments.add(annotation, author=annotator, text="Is this Reeves?")


def url(name, note):
    annotation = note.annotation
    args = [annotation.article.project.slug, annotation.pk]
    return reverse(name, args=args if name == "ws_notes" else [*args, note.pk])


def test_the_author_sees_edit_and_delete_and_edits_in_place(client, annotator, note):
    client.force_login(annotator)
    panel = client.get(url("ws_notes", note)).content.decode()
    assert f'data-edit-note="{note.pk}"' in panel and f'data-delete-note="{note.pk}"' in panel
    editor = client.get(url("ws_note_edit", note)).content.decode()
    assert "Is this Reeves?</textarea>" in editor
    answer = client.post(url("ws_note_edit", note), {"text": "It is Reeves.", "unsure": "1"})
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "It is Reeves." in body and "Is this Reeves?" not in body and "edited" in body
    note.refresh_from_db()
    assert (note.text, note.flag) == ("It is Reeves.", "unsure")
    annotation = note.annotation
    annotation.refresh_from_db()
    assert annotation.version == 1 and not annotation.events.exists()


def test_an_empty_edit_is_refused_with_a_message_and_changes_nothing(client, annotator, note):
    client.force_login(annotator)
    answer = client.post(url("ws_note_edit", note), {"text": "  "})
    assert answer.status_code == 400
    assert "Write a note or flag it as unsure." in answer.content.decode()
    assert Comment.objects.get().text == "Is this Reeves?"


def test_the_author_deletes_their_note(client, annotator, note):
    client.force_login(annotator)
    body = client.post(url("ws_note_delete", note), headers=HTMX).content.decode()
    assert "Is this Reeves?" not in body and "No notes." in body
    assert not Comment.objects.exists()


def test_a_manager_deletes_any_note_but_edits_none(client, project, note):
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    panel = client.get(url("ws_notes", note)).content.decode()
    assert f'data-delete-note="{note.pk}"' in panel and "data-edit-note" not in panel
    assert client.post(url("ws_note_edit", note), {"text": "mine now"}).status_code == 403
    assert client.post(url("ws_note_delete", note), headers=HTMX).status_code == 200
    assert not Comment.objects.exists()


def test_a_reviewer_may_neither_edit_nor_delete_anothers_note(client, project, note):
    client.force_login(factories.add_member(project, role=Role.REVIEWER))
    panel = client.get(url("ws_notes", note)).content.decode()
    assert "data-edit-note" not in panel and "data-delete-note" not in panel
    assert client.post(url("ws_note_edit", note), {"text": "x"}).status_code == 403
    assert client.post(url("ws_note_delete", note), headers=HTMX).status_code == 403
    assert Comment.objects.get().text == "Is this Reeves?"


def test_after_submitting_the_author_no_longer_edits_or_deletes(client, annotator, note):
    note.annotation.status = Status.SUBMITTED
    note.annotation.save(update_fields=["status"])
    client.force_login(annotator)
    assert client.post(url("ws_note_edit", note), {"text": "later"}).status_code == 403
    assert client.post(url("ws_note_delete", note), headers=HTMX).status_code == 403
    assert Comment.objects.get().text == "Is this Reeves?"


def test_an_outsider_gets_404(client, note):
    client.force_login(factories.make_user())
    assert client.post(url("ws_note_delete", note), headers=HTMX).status_code == 404
    assert Comment.objects.exists()


def test_a_manager_deletes_a_note_from_the_review_page_and_is_sent_back_to_it(
    client, project, note
):
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    article = note.annotation.article
    answer = client.post(url("ws_note_delete", note))  # a plain form, not htmx
    assert answer.status_code == 302
    assert answer["Location"] == reverse("review", args=[project.slug, article.pk])
    assert not Comment.objects.exists()


def test_the_review_page_offers_delete_to_managers_only(client, project, note):
    note.annotation.status = Status.SUBMITTED
    note.annotation.save(update_fields=["status"])
    review = reverse("review", args=[project.slug, note.annotation.article_id])
    client.force_login(factories.add_member(project, role=Role.REVIEWER))
    body = client.get(review).content.decode()
    assert "Is this Reeves?" in body and "data-delete-note" not in body
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    assert f'data-delete-note="{note.pk}"' in client.get(review).content.decode()
