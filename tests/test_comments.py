"""Comments and flags: refused when empty or foreign, listed for flagged articles, edited by
their author and deleted by their author or a manager (neither touches the annotation's version
or history), and carried by the JSONL export (quote by its number)."""

import json

import pytest

from annotations import comments, editing, exporting, roles
from annotations.errors import FieldError
from annotations.models import Annotation, Label, Role, Status
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "“We stay,” Martin said."


@pytest.fixture
def version():
    project = factories.make_project()
    article = factories.make_article(project, text=TEXT)
    user = factories.add_member(project)
    annotation = factories.make_annotation(article, user, status=Status.IN_PROGRESS)
    quote = editing.add_quote(
        annotation,
        content=editing.add_mention(annotation, label=Label.QUOTE, start=1, end=9),
    )
    return project, article, annotation, quote


def test_an_empty_note_without_a_flag_is_refused(version):
    _project, _article, annotation, _quote = version
    with pytest.raises(FieldError) as refused:
        comments.add(annotation, author=None, text="  ")
    assert refused.value.field == "text"
    assert not annotation.comments.exists()


def test_a_quote_of_another_annotation_is_refused(version):
    project, article, annotation, _quote = version
    other = factories.make_annotation(article, None)
    foreign = editing.add_quote(
        other, content=editing.add_mention(other, label=Label.QUOTE, start=1, end=9)
    )
    with pytest.raises(FieldError):
        comments.add(annotation, author=None, text="hm", quote=foreign)


def test_flagged_articles_lists_only_flagged_ones(version):
    project, article, annotation, _quote = version
    factories.make_article(project)
    comments.add(annotation, author=None, text="just a comment")
    assert list(comments.flagged_articles(project)) == []
    comments.add(annotation, author=None, text="", flag="unsure")
    assert list(comments.flagged_articles(project)) == [article]


def test_jsonl_export_carries_notes_with_the_quote_number(version):
    project, _article, annotation, quote = version
    comments.add(annotation, author=None, text="who is Martin?", flag="unsure", quote=quote)
    comments.add(annotation, author=None, text="wire copy")
    records = list(exporting.article_records(project, Annotation.objects.filter(pk=annotation.pk)))
    notes = records[0]["annotations"][0]["comments"]
    assert [(n["flag"], n["text"], n["quote"]) for n in notes] == [
        ("unsure", "who is Martin?", 1),
        ("", "wire copy", None),
    ]
    json.dumps(records)  # plain JSON


def test_the_author_edits_a_note_without_touching_the_annotations_version_or_history(version):
    _project, _article, annotation, _quote = version
    author = annotation.annotator
    note = comments.add(annotation, author=author, text="who?")
    before = (annotation.version, annotation.events.count())
    comments.edit(note, text=" who is Martin? ", flag="unsure")
    note.refresh_from_db()
    assert (note.text, note.flag) == ("who is Martin?", "unsure")
    assert note.edited_at is not None and note.edited_at >= note.created_at
    annotation.refresh_from_db()
    assert (annotation.version, annotation.events.count()) == before


def test_an_edit_that_empties_a_note_is_refused_and_changes_nothing(version):
    _project, _article, annotation, _quote = version
    note = comments.add(annotation, author=annotation.annotator, text="who?")
    with pytest.raises(FieldError) as refused:
        comments.edit(note, text=" ", flag="")
    assert refused.value.field == "text"
    note.refresh_from_db()
    assert (note.text, note.edited_at) == ("who?", None)


def test_who_may_edit_and_delete_a_note(version):
    project, _article, annotation, _quote = version
    author = annotation.annotator
    other = factories.add_member(project)
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    manager = factories.add_member(project, role=Role.MANAGER)
    note = comments.add(annotation, author=author, text="who?")
    note.annotation = annotation

    def may(user, role):
        return roles.may_edit_comment(user, role, note), roles.may_delete_comment(user, role, note)

    assert may(author, Role.ANNOTATOR) == (True, True)
    assert may(other, Role.ANNOTATOR) == (False, False)
    assert may(reviewer, Role.REVIEWER) == (False, False)
    assert may(manager, Role.MANAGER) == (False, True)
    annotation.status = Status.SUBMITTED  # read-only for its annotator until reopened
    assert may(author, Role.ANNOTATOR) == (False, False)
    assert may(manager, Role.MANAGER) == (False, True)


def test_jsonl_export_carries_an_edit_and_drops_a_deleted_note(version):
    project, _article, annotation, _quote = version
    kept = comments.add(annotation, author=None, text="wire copy")
    gone = comments.add(annotation, author=None, text="typo", flag="unsure")
    comments.edit(kept, text="wire copy, shortened", flag="")
    comments.delete(gone)
    records = list(exporting.article_records(project, Annotation.objects.filter(pk=annotation.pk)))
    (note,) = records[0]["annotations"][0]["comments"]
    assert (note["text"], note["flag"]) == ("wire copy, shortened", "")
    kept.refresh_from_db()
    assert note["edited_at"] == kept.edited_at.isoformat()


def test_a_quote_sent_by_id_must_be_one_of_the_annotation(version):
    project, article, annotation, quote = version
    other = factories.make_annotation(article, None)
    foreign = editing.add_quote(
        other, content=editing.add_mention(other, label=Label.QUOTE, start=1, end=9)
    )
    with pytest.raises(FieldError) as refused:
        comments.add(annotation, author=None, text="hm", quote=foreign.pk)
    assert refused.value.field == "quote"
    assert comments.add(annotation, author=None, text="hm", quote=quote.pk).quote == quote
