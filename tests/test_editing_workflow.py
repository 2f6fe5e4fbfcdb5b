"""The workflow rules that live in `editing` (status table, saving a whole annotation, speaker
creation), `members` and `roles`, and the same answer from the page and the API."""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from annotations import editing, members, roles
from annotations.importing.writing import ensure_speakers
from annotations.models import Annotation, Label, Role, Speaker, Status
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "Alice said: “Hello, world.” Bob added that all was well."


def _api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


def _submitted(project, user) -> Annotation:
    article = factories.make_article(project, text=TEXT)
    annotation = editing.own_annotation(article, user)
    editing.add_mention(annotation, label=Label.QUOTE, start=13, end=26)
    editing.set_status(annotation, Status.SUBMITTED)
    annotation.refresh_from_db()
    return annotation


def test_an_annotator_cannot_reopen_their_submitted_version_through_the_api(project, annotator):
    annotation = _submitted(project, annotator)
    url = (
        f"/api/v1/projects/{project.slug}/articles/{annotation.article_id}"
        f"/annotations/{annotation.pk}/"
    )
    response = _api(annotator).patch(
        url,
        {"version": annotation.version, "status": "in_progress"},
        content_type="application/json",
    )
    # A submitted version is read-only for its annotator until a manager reopens it.
    assert response.status_code == 403
    assert "until a manager reopens it" in response.json()["detail"]
    annotation.refresh_from_db()
    assert annotation.status == Status.SUBMITTED


def test_the_page_refuses_the_same_reopen_with_the_same_message(client, project, annotator):
    annotation = _submitted(project, annotator)
    client.force_login(annotator)
    response = client.post(
        reverse("ws_status", args=[project.slug, annotation.pk]),
        {"status": "in_progress", "version": annotation.version},
    )
    assert response.status_code == 403
    assert "read-only until a manager reopens it" in response.content.decode()
    annotation.refresh_from_db()
    assert annotation.status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("role", "current", "target", "allowed"),
    [
        (Role.ANNOTATOR, Status.IN_PROGRESS, Status.SUBMITTED, True),
        (Role.ANNOTATOR, Status.ASSIGNED, Status.SKIPPED, True),
        (Role.ANNOTATOR, Status.SUBMITTED, Status.IN_PROGRESS, False),
        (Role.ANNOTATOR, Status.SKIPPED, Status.SUBMITTED, False),
        (Role.REVIEWER, Status.SUBMITTED, Status.IN_PROGRESS, False),
        (Role.MANAGER, Status.SUBMITTED, Status.IN_PROGRESS, True),
        (Role.VIEWER, Status.IN_PROGRESS, Status.SUBMITTED, False),
    ],
)
def test_the_status_table(role, current, target, allowed):
    assert editing.may_move(role, current, target) is allowed


def test_a_manager_reopens_their_own_submitted_version_through_the_api(project):
    manager = factories.add_member(project, role=Role.MANAGER)
    annotation = _submitted(project, manager)
    url = (
        f"/api/v1/projects/{project.slug}/articles/{annotation.article_id}"
        f"/annotations/{annotation.pk}/"
    )
    response = _api(manager).patch(
        url,
        {"version": annotation.version, "status": "in_progress"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "in_progress"


def test_save_annotation_replaces_contents_and_submits_in_one_go(project, annotator):
    article = factories.make_article(project, text=TEXT)
    annotation = editing.own_annotation(article, annotator)
    # Time spent is bounded by the time since the annotation started: it started a minute ago.
    Annotation.objects.filter(pk=annotation.pk).update(
        started_at=timezone.now() - timedelta(minutes=1)
    )
    annotation.refresh_from_db()
    contents = {"mentions": [{"id": 1, "label": "QUOTE", "start": 13, "end": 26}], "quotes": []}
    contents["quotes"] = [{"content": 1, "type": "direct"}]
    editing.save_annotation(
        annotation,
        contents=contents,
        status=Status.SUBMITTED,
        time_spent=30,
        actor=annotator,
        role=Role.ANNOTATOR,
        expected_version=annotation.version,
    )
    annotation.refresh_from_db()
    assert annotation.status == Status.SUBMITTED and annotation.time_spent == 30
    assert [q.content.text for q in annotation.quotes.all()] == ["Hello, world."]


def test_save_annotation_with_a_stale_version_changes_nothing(project, annotator):
    article = factories.make_article(project, text=TEXT)
    annotation = editing.own_annotation(article, annotator)
    editing.add_mention(annotation, label=Label.CUE, start=6, end=10)
    annotation.refresh_from_db()
    with pytest.raises(editing.StaleVersion):
        editing.save_annotation(
            annotation,
            status=Status.SUBMITTED,
            actor=annotator,
            role=Role.ANNOTATOR,
            expected_version=annotation.version - 1,
        )
    annotation.refresh_from_db()
    assert annotation.status == Status.IN_PROGRESS and annotation.mentions.count() == 1


def test_every_speaker_creator_normalises_the_name_the_same_way(project, annotator):
    typed = editing.ensure_speaker(project, "  Ada \t Lovelace ")
    imported = ensure_speakers(project.pk, {"Ada  Lovelace": {"name": "Ada  Lovelace"}})
    assert typed.name == "Ada Lovelace"
    assert imported == {"Ada  Lovelace": typed.pk}
    assert Speaker.objects.filter(project=project).count() == 1


@pytest.mark.parametrize(("name", "problem"), [(" \n ", "type"), ("x" * 256, "255")])
def test_a_speaker_name_must_be_short_and_not_blank(project, name, problem):
    with pytest.raises(editing.EditError, match=problem):
        editing.ensure_speaker(project, name)
    assert not Speaker.objects.exists()


def test_update_quote_names_a_new_speaker_in_the_same_change(project, annotator):
    article = factories.make_article(project, text=TEXT)
    annotation = editing.own_annotation(article, annotator)
    _, quote = editing.mark_span(
        annotation,
        label=Label.QUOTE,
        start=13,
        end=26,
        text=None,
        quote=None,
        actor=annotator,
        expected_version=annotation.version,
    )
    with pytest.raises(editing.StaleVersion):
        editing.update_quote(annotation, quote, expected_version=1, new_speaker_name="Bob")
    assert not Speaker.objects.exists()
    editing.update_quote(
        annotation, quote, expected_version=annotation.version, new_speaker_name=" Bob  Smith"
    )
    quote.refresh_from_db()
    assert quote.speaker.name == "Bob Smith"


def test_an_invitation_link_is_refused_for_a_member_with_a_password(project, annotator):
    membership = annotator.memberships.get(project=project)
    with pytest.raises(members.MemberError, match="already has a password"):
        members.invitation_link_for(membership)
    annotator.set_unusable_password()
    annotator.save()
    assert members.invitation_link_for(membership).startswith("/invite/")


def test_annotation_for_hides_other_annotators_versions(project, annotator):
    other = factories.add_member(project, role=Role.ANNOTATOR)
    theirs = _submitted(project, other)
    with pytest.raises(Http404):
        roles.annotation_for(annotator, project.slug, theirs.pk)
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    _, role, found = roles.annotation_for(reviewer, project.slug, theirs.pk)
    assert (role, found) == (Role.REVIEWER, theirs)


def _counters(annotation: Annotation) -> tuple:
    """What PostgreSQL's counters (columns the models do not declare) say of the annotation's
    article and of its annotator's membership."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT holders, submitted_versions FROM annotations_article WHERE id = %s",
            [annotation.article_id],
        )
        article = cursor.fetchone()
        cursor.execute(
            "SELECT n_assigned, n_in_progress, n_submitted FROM annotations_membership"
            " WHERE project_id = %s AND user_id = %s",
            [annotation.article.project_id, annotation.annotator_id],
        )
        return article, cursor.fetchone()


def test_counters_follow_status_moves_and_not_contents_changes(project, annotator):
    """A change of contents raises only the version (the counters' trigger leaves at once);
    the first change of an assigned version and a submit move the counts."""
    article = factories.make_article(project, text=TEXT)
    annotation = factories.make_annotation(article, annotator, status=Status.ASSIGNED)
    assert _counters(annotation) == ((1, 0), (1, 0, 0))
    editing.add_mention(annotation, label=Label.QUOTE, start=13, end=26)
    assert _counters(annotation) == ((1, 0), (0, 1, 0))  # assigned → in progress
    editing.add_mention(annotation, label=Label.SPEAKER, start=0, end=5)
    assert _counters(annotation) == ((1, 0), (0, 1, 0))
    editing.set_status(annotation, Status.SUBMITTED)
    assert _counters(annotation) == ((1, 1), (0, 0, 1))
