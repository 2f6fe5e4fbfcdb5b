"""The assignments page (managers) and the next-article API."""

import pytest
from django.urls import reverse

from annotations import editing
from annotations.models import Annotation, Role, Status
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(project, client):
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    return client


def test_page_shows_who_holds_what(project, manager_client, annotator, article):
    Annotation.objects.create(article=article, annotator=annotator, status=Status.ASSIGNED)
    body = manager_client.get(reverse("assignments", args=[project.slug])).content.decode()
    assert f"{annotator.username} · Assigned" in body


def test_manager_assigns_an_article(project, manager_client, annotator, article):
    manager_client.post(
        reverse("assignments", args=[project.slug]),
        {"action": "assign", "article": article.pk, "user": annotator.pk},
    )
    assert Annotation.objects.filter(article=article, annotator=annotator).exists()


def test_assigning_beyond_the_overlap_shows_an_error(project, manager_client, article):
    first, second = factories.add_member(project), factories.add_member(project)
    url = reverse("assignments", args=[project.slug])
    manager_client.post(url, {"action": "assign", "article": article.pk, "user": first.pk})
    response = manager_client.post(
        url, {"action": "assign", "article": article.pk, "user": second.pk}
    )
    assert response.status_code == 400 and "overlap is 1" in response.content.decode()


def test_manager_reopens_a_submitted_version(project, manager_client, annotator, article):
    annotation = editing.own_annotation(article, annotator)
    editing.set_status(annotation, Status.SUBMITTED)
    manager_client.post(
        reverse("assignments", args=[project.slug]),
        {"action": "reopen", "annotation": annotation.pk},
    )
    annotation.refresh_from_db()
    assert annotation.status == Status.IN_PROGRESS


def test_annotator_gets_403(project, client, annotator):
    client.force_login(annotator)
    assert client.get(reverse("assignments", args=[project.slug])).status_code == 403


def test_next_article_api_hands_out_an_article(project, client, annotator, article):
    client.force_login(annotator)
    answer = client.post(reverse("api-next-article", args=[project.slug])).json()
    assert answer["article"] == article.pk
