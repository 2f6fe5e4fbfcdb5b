"""What a writer may send: annotators write only the articles handed to them, and time spent,
skip reasons and account fields are bounded (a 400 naming the field, nothing stored)."""

import datetime
import math

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from annotations import editing, limits, members
from annotations.models import Annotation, Role, Status
from tests import factories
from tests.factories import make_annotation

pytestmark = pytest.mark.django_db


def _api(user):

    token, _ = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


def _annotations_url(article, annotation=None) -> str:
    base = f"/api/v1/projects/{article.project.slug}/articles/{article.pk}/annotations/"
    return f"{base}{annotation.pk}/" if annotation else base


QUOTE = {
    "mentions": [{"id": 1, "label": "QUOTE", "start": 0, "end": 5}],
    "quotes": [{"content": 1}],
}


def test_annotator_cannot_create_an_annotation_of_an_article_not_assigned_to_them(
    project, annotator, article
):
    response = _api(annotator).post(
        _annotations_url(article), QUOTE, content_type="application/json"
    )
    assert response.status_code == 403
    assert "not assigned to you" in response.json()["detail"]
    assert not Annotation.objects.filter(article=article).exists()


def test_annotator_holding_the_article_is_told_to_put_their_assigned_annotation(
    project, annotator, article
):
    held = Annotation.objects.create(article=article, annotator=annotator, status=Status.ASSIGNED)
    response = _api(annotator).post(
        _annotations_url(article), QUOTE, content_type="application/json"
    )
    assert response.status_code == 409 and f"id {held.pk}" in response.json()["detail"]
    body = {"version": held.version, **QUOTE}
    put = _api(annotator).put(
        _annotations_url(article, held), body, content_type="application/json"
    )
    assert put.status_code == 200 and len(put.json()["mentions"]) == 1


def test_reviewer_may_still_annotate_any_article_of_the_project(project, article):
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    response = _api(reviewer).post(
        _annotations_url(article), QUOTE, content_type="application/json"
    )
    assert response.status_code == 201


def test_workspace_of_an_article_not_assigned_is_not_found_for_an_annotator(
    client, project, annotator, article
):
    client.force_login(annotator)
    response = client.get(f"/projects/{project.slug}/articles/{article.pk}/")
    assert response.status_code == 404
    assert not Annotation.objects.filter(article=article).exists()


@pytest.fixture
def own(annotator, article):
    annotation = make_annotation(article, annotator)
    # Started two hours ago: at most 7,200 seconds can have been spent on it.
    started = timezone.now() - datetime.timedelta(hours=2)
    Annotation.objects.filter(pk=annotation.pk).update(started_at=started, created_at=started)
    annotation.refresh_from_db()
    return annotation


def _seconds_since_the_start(annotation) -> float:
    """The most time that can have been spent on it (whole seconds, rounded up), however
    slowly the test ran."""
    return math.ceil((timezone.now() - annotation.started_at).total_seconds())


def test_time_spent_over_an_hour_in_one_report_is_refused_naming_the_field(annotator, own):
    body = {"version": own.version, "time_spent": 2**70}
    response = _api(annotator).patch(
        _annotations_url(own.article, own), body, content_type="application/json"
    )
    assert response.status_code == 400 and "time_spent" in response.json()
    own.refresh_from_db()
    assert own.time_spent == 0


def test_repeated_time_reports_never_exceed_the_time_since_the_start(annotator, own):
    for _ in range(5):
        own.refresh_from_db()
        body = {"version": own.version, "time_spent": 3600}
        response = _api(annotator).patch(
            _annotations_url(own.article, own), body, content_type="application/json"
        )
        assert response.status_code == 200
    own.refresh_from_db()
    assert 7200 <= own.time_spent <= _seconds_since_the_start(own)


def test_workspace_heartbeat_is_bounded_by_the_time_since_the_start(client, annotator, own):
    client.force_login(annotator)
    url = f"/projects/{own.article.project.slug}/annotations/{own.pk}/time/"
    for _ in range(4):
        assert client.post(url, {"time_spent": 10**9}).status_code == 204
    own.refresh_from_db()
    assert 7200 <= own.time_spent <= _seconds_since_the_start(own)


def test_submitting_counts_time_within_the_time_since_the_start(annotator, own):
    editing.set_status(own, Status.SUBMITTED, time_spent=10**9)
    own.refresh_from_db()
    assert own.time_spent <= limits.MAX_SECONDS_PER_REPORT


def test_a_skip_reason_over_the_limit_is_refused_through_the_api(annotator, own):
    body = {"version": own.version, "status": "skipped", "skip_reason": "x" * 1_000_000}
    response = _api(annotator).patch(
        _annotations_url(own.article, own), body, content_type="application/json"
    )
    assert response.status_code == 400 and "skip_reason" in response.json()
    own.refresh_from_db()
    assert own.status == Status.IN_PROGRESS and own.skip_reason == ""


def test_a_skip_reason_over_the_limit_is_refused_in_the_workspace(client, annotator, own):
    client.force_login(annotator)
    url = f"/projects/{own.article.project.slug}/annotations/{own.pk}/status/"
    body = {"version": own.version, "status": "skipped", "skip_reason": "x" * 5000}
    response = client.post(url, body)
    assert response.status_code == 400 and "reason for skipping" in response.content.decode()
    own.refresh_from_db()
    assert own.status == Status.IN_PROGRESS


def test_a_username_over_the_limit_is_refused_naming_the_field(project):
    with pytest.raises(members.MemberError) as refused:
        members.create_account(project, "u" * 1000, Role.ANNOTATOR)
    assert refused.value.field == "username"


def test_an_email_over_the_limit_is_refused_naming_the_field(project):
    with pytest.raises(members.MemberError) as refused:
        members.create_account(project, "someone", Role.ANNOTATOR, email="a" * 300 + "@example.org")
    assert refused.value.field == "email"
