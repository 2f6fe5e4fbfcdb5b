"""Notes and flags through the API: added to a version its writer may change, edited by their
author, deleted by their author or a manager; the annotation's own answer reflects each, and
its version and history do not move."""

import pytest

from annotations import comments, editing
from annotations.models import Comment, Label, Role, Status
from tests import factories
from tests.factories import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(project, annotator):
    article = factories.make_article(project, text="“We stay,” Martin said.")
    annotation = factories.make_annotation(article, annotator, status=Status.IN_PROGRESS)
    quote = editing.add_quote(
        annotation, content=editing.add_mention(annotation, label=Label.QUOTE, start=1, end=9)
    )
    annotation.refresh_from_db()
    return annotation, quote


def notes_url(annotation, note=None) -> str:
    base = (
        f"/api/v1/projects/{annotation.article.project.slug}/articles/{annotation.article_id}"
        f"/annotations/{annotation.pk}/"
    )
    return f"{base}comments/{note}/" if note else f"{base}comments/"


def annotation_comments(client, annotation) -> list:
    return client.get(notes_url(annotation).removesuffix("comments/")).json()["comments"]


def test_the_author_adds_edits_and_deletes_a_note(team, annotator):
    annotation, quote = team
    before = (annotation.version, annotation.events.count())
    client = api_client(annotator)
    added = client.post(
        notes_url(annotation),
        {"text": "Who is Martin?", "flag": "unsure", "quote": quote.pk},
        content_type="application/json",
    )
    assert added.status_code == 201
    note = added.json()
    assert (note["text"], note["flag"], note["quote"], note["edited_at"]) == (
        "Who is Martin?",
        "unsure",
        quote.pk,
        None,
    )
    edited = client.patch(
        notes_url(annotation, note["id"]), {"text": "Martin is the mayor."}, "application/json"
    )
    assert edited.status_code == 200
    assert edited.json()["text"] == "Martin is the mayor." and edited.json()["flag"] == "unsure"
    assert edited.json()["edited_at"] is not None
    (shown,) = annotation_comments(client, annotation)
    assert (shown["text"], shown["edited_at"]) == (
        "Martin is the mayor.",
        edited.json()["edited_at"],
    )
    assert client.delete(notes_url(annotation, note["id"])).status_code == 204
    assert annotation_comments(client, annotation) == []
    assert client.get(notes_url(annotation, note["id"])).status_code == 404
    annotation.refresh_from_db()
    assert (annotation.version, annotation.events.count()) == before


def test_a_manager_deletes_anothers_note_but_may_not_edit_it(team, annotator, project):
    annotation, _quote = team
    note = comments.add(annotation, author=annotator, text="hm")
    manager = api_client(factories.add_member(project, role=Role.MANAGER))
    refused = manager.patch(notes_url(annotation, note.pk), {"text": "x"}, "application/json")
    assert refused.status_code == 403 and "author" in refused.json()["detail"]
    assert manager.delete(notes_url(annotation, note.pk)).status_code == 204
    assert not Comment.objects.exists()


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.VIEWER])
def test_other_members_may_neither_edit_nor_delete(team, annotator, project, role):
    annotation, _quote = team
    note = comments.add(annotation, author=annotator, text="hm")
    client = api_client(factories.add_member(project, role=role))
    patched = client.patch(notes_url(annotation, note.pk), {"text": "x"}, "application/json")
    deleted = client.delete(notes_url(annotation, note.pk))
    # A viewer does not see an annotation in progress at all.
    expected = 403 if role == Role.REVIEWER else 404
    assert (patched.status_code, deleted.status_code) == (expected, expected)
    assert Comment.objects.get().text == "hm"


def test_a_submitted_version_s_notes_are_read_only_for_their_author(team, annotator):
    annotation, _quote = team
    note = comments.add(annotation, author=annotator, text="hm")
    annotation.status = Status.SUBMITTED
    annotation.save(update_fields=["status"])
    client = api_client(annotator)
    assert (
        client.patch(notes_url(annotation, note.pk), {"text": "x"}, "application/json").status_code
        == 403
    )
    assert client.delete(notes_url(annotation, note.pk)).status_code == 403
    assert client.post(notes_url(annotation), {"text": "y"}, "application/json").status_code == 403
    assert Comment.objects.get().text == "hm"


@pytest.mark.parametrize(
    ("body", "field"),
    [({"text": " "}, "text"), ({"text": "x" * 2001}, "text"), ({"flag": "maybe"}, "flag"),
     ({"text": 5}, "text")],
)  # fmt: skip
def test_a_bad_edit_is_400_naming_the_field_and_changes_nothing(team, annotator, body, field):
    annotation, _quote = team
    note = comments.add(annotation, author=annotator, text="hm")
    answer = api_client(annotator).patch(notes_url(annotation, note.pk), body, "application/json")
    assert answer.status_code == 400 and field in answer.json()
    note.refresh_from_db()
    assert (note.text, note.flag, note.edited_at) == ("hm", "", None)


def test_a_quote_of_another_annotation_is_400(team, annotator, project):
    annotation, _quote = team
    other = factories.make_annotation(annotation.article, None)
    foreign = editing.add_quote(
        other, content=editing.add_mention(other, label=Label.QUOTE, start=1, end=9)
    )
    answer = api_client(annotator).post(
        notes_url(annotation), {"text": "x", "quote": foreign.pk}, "application/json"
    )
    assert answer.status_code == 400 and answer.json()["field"] == "quote"
    assert not Comment.objects.exists()


def test_an_outsider_gets_404(team, annotator):
    annotation, _quote = team
    note = comments.add(annotation, author=annotator, text="hm")
    outsider = api_client(factories.make_user())
    assert outsider.delete(notes_url(annotation, note.pk)).status_code == 404
    assert outsider.get(notes_url(annotation)).status_code == 404
    assert Comment.objects.exists()
