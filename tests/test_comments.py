"""Comments and flags: refused when empty or foreign, listed for flagged articles, and
carried by the JSONL export (quote by its number)."""

import json

import pytest

from annotations import comments, editing, exporting
from annotations.errors import FieldError
from annotations.models import Annotation, Label, Status
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
