"""Calibrated confidence: each suggestion carries its rule's confidence, stored and shown; a
manager sets a per-project threshold below which the workspace hides suggestions."""

import pytest
from django.urls import reverse

from annotations.models import ArticleSuggestions, Role
from annotations.suggesting import stored
from annotations.suggesting.confidence import CONFIDENCE
from tests import factories

TEXT = (
    "“We will not borrow for everyday spending,” Jonas Brandt told reporters. "
    "“Every family deserves a fair hearing from this council and from its mayor.”"
)


@pytest.fixture
def annotation(project, annotator):
    article = factories.make_article(project, text=TEXT)
    stored.compute_for_article(article)
    return factories.make_annotation(article, annotator)


@pytest.fixture
def manager(client, project):
    user = factories.add_member(project, role=Role.MANAGER)
    client.force_login(user)
    return client


def threshold_url(project):
    return reverse("project_suggestion_threshold", args=[project.slug])


def test_stored_suggestions_carry_their_rules_confidence(annotation):
    quotes = ArticleSuggestions.objects.get(article=annotation.article).quotes
    assert [q["confidence"] for q in quotes] == [CONFIDENCE[q["kind"]] for q in quotes]


def test_the_panel_shows_each_confidence(client, annotator, annotation):
    client.force_login(annotator)
    body = client.get(
        reverse("ws_suggestions", args=[annotation.article.project.slug, annotation.pk])
    ).content.decode()
    assert f"confidence {CONFIDENCE['direct_marks_after']:.2f}" in body


def test_suggestions_below_the_threshold_are_hidden(project, annotation):
    kinds = {s.kind for s in stored.pending_for(annotation)}
    assert kinds == {"direct_marks_after", "direct_marks_continued"}
    project.suggestion_threshold = (
        CONFIDENCE["direct_marks_continued"] + CONFIDENCE["direct_marks_after"]
    ) / 2
    project.save()
    annotation.article.project.refresh_from_db()
    assert [s.kind for s in stored.pending_for(annotation)] == ["direct_marks_after"]


def test_a_manager_sets_the_threshold_from_the_project_page(manager, project):
    assert (
        'name="suggestion_threshold"'
        in manager.get(reverse("project_detail", args=[project.slug])).content.decode()
    )
    response = manager.post(threshold_url(project), {"suggestion_threshold": "0.85"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.suggestion_threshold == 0.85
    page = manager.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert 'value="0.85"' in page


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high", ""])
def test_a_threshold_outside_0_to_1_is_refused_and_changes_nothing(manager, project, value):
    response = manager.post(threshold_url(project), {"suggestion_threshold": value})
    assert response.status_code == 400
    assert "suggestion_threshold" in response.content.decode()
    project.refresh_from_db()
    assert project.suggestion_threshold == 0.0


def test_annotators_are_refused_the_threshold(client, annotator, project):
    client.force_login(annotator)
    assert client.post(threshold_url(project), {"suggestion_threshold": "0.9"}).status_code == 403
    assert (
        'name="suggestion_threshold"'
        not in client.get(reverse("project_detail", args=[project.slug])).content.decode()
    )
    project.refresh_from_db()
    assert project.suggestion_threshold == 0.0
