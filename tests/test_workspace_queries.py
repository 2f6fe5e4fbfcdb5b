"""The workspace page loads in a fixed number of queries, however many quotes it shows."""

import pytest
from django.urls import reverse

from annotations import editing
from annotations.models import Label, Status
from tests import builders

# Session, user, membership (with project), article, annotation, mentions (with their
# quotes and speakers), and the place in the annotator's queue.
PAGE_QUERIES = 7
# Saving: the request's reads, the write through `editing` (version bump,
# duplicate check, insert, history event with its snapshot), and one read to re-render.
SAVE_QUERIES = 11
SENTENCE = "“Words {n} here,” Alice said.\n"


def _article_with_quotes(project, annotator, count: int):
    """An article of `count` sentences, each a quote with speaker mention, cue and speaker."""
    lines = [SENTENCE.format(n=n) for n in range(count)]
    article = builders.make_article(project, text="".join(lines))
    builders.make_annotation(article, annotator, status=Status.ASSIGNED)
    annotation = editing.own_annotation(article, annotator)
    speaker = builders.make_speaker(project, f"Alice {count}")
    offset = 0
    for n, line in enumerate(lines):
        content_end = offset + 1 + len(f"Words {n} here,")
        content = editing.add_mention(
            annotation, label=Label.QUOTE, start=offset + 1, end=content_end
        )
        name = offset + line.index("Alice")
        who = editing.add_mention(annotation, label=Label.SPEAKER, start=name, end=name + 5)
        cue = editing.add_mention(annotation, label=Label.CUE, start=name + 6, end=name + 10)
        editing.add_quote(
            annotation, content=content, speaker_mention=who, cue=cue, speaker=speaker
        )
        offset += len(line)
    return article


@pytest.mark.parametrize("count", [1, 30])
def test_workspace_page_query_count_does_not_grow_with_quotes(
    client, project, annotator, count, django_assert_num_queries
):
    article = _article_with_quotes(project, annotator, count)
    client.force_login(annotator)
    url = reverse("workspace", args=[project.slug, article.pk])
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url)
    assert response.content.decode().count("data-quote-row=") == count


@pytest.mark.parametrize("count", [1, 30])
def test_saved_mention_answer_query_count_does_not_grow_with_quotes(
    client, project, annotator, count, django_assert_num_queries
):
    """Saving re-renders the annotation; that too must not query per quote."""
    article = _article_with_quotes(project, annotator, count)
    annotation = editing.own_annotation(article, annotator)
    client.force_login(annotator)
    url = reverse("ws_mentions", args=[project.slug, annotation.pk])
    data = {"label": "CUE", "start": 0, "end": 1, "version": annotation.version}
    with django_assert_num_queries(SAVE_QUERIES):
        response = client.post(url, data)
    assert response.status_code == 200
