"""The history page: who sees what, and the manager's restore."""

import pytest
from django.urls import reverse

from annotations import editing
from annotations.models import Role
from tests import factories
from tests.factories import FINE, HELLO, version
from tests.factories import TEAM_TEXT as TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(project, annotator):
    article = factories.make_article(project, text=TEXT)
    annotation = version(article, annotator, [{"content": HELLO}], status="in_progress")
    return project, article, annotation


def test_history_lists_changes_with_who(case, client, annotator):
    project, article, annotation = case
    editing.add_mention(annotation, label="QUOTE", start=FINE[0], end=FINE[1], actor=annotator)
    client.force_login(annotator)
    body = client.get(reverse("article_history", args=[project.slug, article.pk])).content
    assert "added a span: QUOTE “Fine.” (68–73)" in body.decode()
    assert annotator.username in body.decode()


def test_annotator_cannot_restore(case, client, annotator):
    project, article, annotation = case
    client.force_login(annotator)
    response = client.post(
        reverse("article_history_restore", args=[project.slug, article.pk]),
        {"event": annotation.events.first().pk, "version": annotation.version},
    )
    assert response.status_code == 403


def test_manager_restores_an_earlier_state(case, client):
    project, article, annotation = case
    first = annotation.events.order_by("id").first()  # the span, before it became a quote
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    response = client.post(
        reverse("article_history_restore", args=[project.slug, article.pk]),
        {"event": first.pk, "version": annotation.version},
    )
    assert response.status_code == 302
    assert annotation.quotes.count() == 0 and annotation.mentions.count() == 1


def test_restore_with_a_stale_version_gets_409(case, client):
    project, article, annotation = case
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    response = client.post(
        reverse("article_history_restore", args=[project.slug, article.pk]),
        {"event": annotation.events.first().pk, "version": 1},
    )
    assert response.status_code == 409
    assert annotation.quotes.count() == 1
