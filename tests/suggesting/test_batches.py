"""Suggestions for an import are computed in batches, the first articles first."""

import pytest

from annotations import tasks
from annotations.models import ArticleSuggestions
from annotations.suggesting import stored
from tests.factories import make_article, make_project, make_speaker

pytestmark = pytest.mark.django_db


def test_batches_start_small_cover_every_id_once_in_order():
    ids = list(range(1, 3001))
    batches = tasks.suggestion_batches(ids)
    assert len(batches[0]) == tasks.FIRST_TASK_IDS
    assert max(len(b) for b in batches) == tasks.IDS_PER_TASK
    assert [i for batch in batches for i in batch] == ids


def test_compute_for_articles_stores_every_article_and_replaces_older_results():
    project = make_project()
    make_speaker(project, name="Dmitry Peskov", aliases=["Peskov"])
    articles = [
        make_article(project, text=f"Peskov told reporters: “Plan {n} will work.”")
        for n in range(7)
    ]
    ids = [a.pk for a in articles]
    assert stored.compute_for_articles(ids, batch_size=3) == 7
    assert stored.compute_for_articles(ids[:2], batch_size=3) == 2
    rows = ArticleSuggestions.objects.filter(article_id__in=ids)
    assert rows.count() == 7
    first = rows.get(article_id=ids[0]).quotes
    assert first and first[0]["content"]["text"] == "Plan 0 will work."
