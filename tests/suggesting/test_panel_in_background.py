"""The workspace never waits for suggestions: a missing set is computed by the background
task while the panel says so, and shows up on the panel's next poll."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from annotations.models import ArticleSuggestions
from annotations.suggesting import stored
from tests import factories

TASK = "annotations.tasks.suggest_articles"


@pytest.fixture
def annotation(project, annotator):
    article = factories.make_article(project, text="“We will appeal the ruling,” Ms. Ferraro said.")
    return factories.make_annotation(article, annotator)


@pytest.fixture
def panel(client, annotator, annotation):
    client.force_login(annotator)
    url = reverse("ws_suggestions", args=[annotation.article.project.slug, annotation.pk])
    return lambda query="": client.get(url + query).content.decode()


def test_missing_suggestions_are_queued_and_the_panel_says_computing(panel, annotation):
    body = panel()
    assert "Computing suggestions" in body
    assert 'hx-trigger="load delay:2s"' in body  # it asks again
    (task,) = DBTaskResult.objects.filter(task_path=TASK)
    assert task.args_kwargs["args"] == [[annotation.article_id]]
    assert not ArticleSuggestions.objects.filter(article=annotation.article).exists()


def test_polling_does_not_queue_the_article_again(panel):
    panel()
    panel("?waiting=1")
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1


def test_suggestions_show_once_the_task_has_run(panel, annotation):
    panel()
    stored.compute_for_articles([annotation.article_id])  # what the worker runs
    body = panel("?waiting=1")
    assert "Computing suggestions" not in body
    assert "We will appeal the ruling," in body
    assert "Ms. Ferraro" in body


def test_suggestions_from_an_older_suggester_are_computed_again_in_the_background(
    panel, annotation
):
    ArticleSuggestions.objects.create(article=annotation.article, suggester_version="rules-1")
    assert "Computing suggestions" in panel()
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
