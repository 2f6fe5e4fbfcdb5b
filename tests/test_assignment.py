"""Assignment: fair hand-out under the overlap, manager tools, and 20 concurrent requests."""

import threading
from collections import Counter

import pytest
from django.db import connection

from annotations import assignment, editing
from annotations.models import Annotation, Project, Role, Status
from tests import factories

pytestmark = pytest.mark.django_db


def _team(project, count: int, role: str = Role.ANNOTATOR) -> list:
    return [factories.add_member(project, role=role) for _ in range(count)]


def test_next_article_creates_an_assigned_annotation(project, annotator, article):
    assert assignment.next_article(annotator, project) == article
    annotation = Annotation.objects.get(article=article, annotator=annotator)
    assert annotation.status == Status.ASSIGNED


def test_next_article_returns_the_open_assignment_again(project, annotator):
    first = factories.make_article(project)
    factories.make_article(project)
    assert assignment.next_article(annotator, project) == first
    assert assignment.next_article(annotator, project) == first
    assert Annotation.objects.filter(annotator=annotator).count() == 1


def test_next_article_returns_the_oldest_open_version_of_this_project_only(project, annotator):
    # The annotator works in projects made before and after this one, with their articles'
    # ids on either side of this project's, and has open and finished versions in each.
    before, after = factories.make_project(), factories.make_project()
    for other in (before, after):
        factories.add_member(other, annotator)
    older = [factories.make_article(before) for _ in range(3)]
    finished = factories.make_article(project)
    between = factories.make_article(after)  # an id among this project's
    in_progress, assigned = factories.make_article(project), factories.make_article(project)
    newer = [factories.make_article(after) for _ in range(3)]
    for article in [*older, between, *newer]:
        factories.make_annotation(article, annotator, Status.IN_PROGRESS)
    factories.make_annotation(finished, annotator, Status.SUBMITTED)
    factories.make_annotation(assigned, annotator, Status.ASSIGNED)
    factories.make_annotation(in_progress, annotator, Status.IN_PROGRESS)

    assert assignment.next_article(annotator, project) == in_progress
    Annotation.objects.filter(article=in_progress).update(status=Status.SKIPPED)
    assert assignment.next_article(annotator, project) == assigned
    Annotation.objects.filter(article=assigned).update(status=Status.SUBMITTED)
    fresh = factories.make_article(project)  # nothing open left here: a new article comes
    assert assignment.next_article(annotator, project) == fresh
    assert assignment.next_article(annotator, after) == between


def test_next_article_prefers_articles_with_fewest_annotations(project):
    first, second = factories.make_article(project), factories.make_article(project)
    project.overlap = 2
    project.save()
    alice, bob = _team(project, 2)
    assert assignment.next_article(alice, project) == first
    assert assignment.next_article(bob, project) == second


def test_next_article_never_gives_the_same_article_twice(project, annotator, article):
    annotation = Annotation.objects.create(
        article=article, annotator=annotator, status=Status.SUBMITTED
    )
    assert annotation and assignment.next_article(annotator, project) is None


def test_next_article_never_goes_beyond_the_overlap(project, article):
    alice, bob = _team(project, 2)
    assert assignment.next_article(alice, project) == article
    assert assignment.next_article(bob, project) is None


def test_next_article_gives_nothing_to_a_viewer(project, article):
    (viewer,) = _team(project, 1, Role.VIEWER)
    assert assignment.next_article(viewer, project) is None
    assert not Annotation.objects.exists()


def test_assigned_articles_are_those_the_user_holds(project, annotator):
    held, other = factories.make_article(project), factories.make_article(project)
    Annotation.objects.create(article=held, annotator=annotator, status=Status.SUBMITTED)
    assert list(assignment.assigned_articles(annotator, project)) == [held]
    assert other not in assignment.assigned_articles(annotator, project)


def test_manager_assign_refuses_beyond_the_overlap(project, article):
    alice, bob = _team(project, 2)
    assignment.assign(article, alice)
    with pytest.raises(assignment.AssignmentError, match="overlap is 1"):
        assignment.assign(article, bob)
    assert Annotation.objects.filter(article=article).count() == 1


def test_manager_assign_refuses_a_viewer(project, article):
    (viewer,) = _team(project, 1, Role.VIEWER)
    with pytest.raises(assignment.AssignmentError) as error:
        assignment.assign(article, viewer)
    assert error.value.field == "user"


def test_reassign_moves_the_work_and_records_it(project, article):
    alice, bob = _team(project, 2)
    annotation = editing.own_annotation(article, alice)
    editing.add_mention(annotation, label="QUOTE", start=13, end=25)
    assignment.reassign(annotation, bob)
    annotation.refresh_from_db()
    assert annotation.annotator == bob and annotation.mentions.count() == 1
    assert annotation.events.filter(action="reassigned", detail__to=bob.username).exists()


def test_release_frees_the_place_for_someone_else(project, article):
    alice, bob = _team(project, 2)
    assignment.next_article(alice, project)
    assignment.release(Annotation.objects.get(annotator=alice))
    assert assignment.next_article(bob, project) == article


def test_release_refuses_started_work(project, article, annotator):
    annotation = editing.own_annotation(article, annotator)
    with pytest.raises(assignment.AssignmentError, match="untouched"):
        assignment.release(annotation)
    assert Annotation.objects.filter(pk=annotation.pk).exists()


def test_reopen_puts_a_submitted_version_back_in_progress(article, annotator):
    annotation = editing.own_annotation(article, annotator)
    editing.set_status(annotation, Status.SUBMITTED)
    assignment.reopen(annotation)
    annotation.refresh_from_db()
    assert annotation.status == Status.IN_PROGRESS
    assert annotation.events.filter(action="status_changed").count() == 2


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_requests_respect_overlap_and_never_repeat():
    """20 annotators ask at once for 6 articles with overlap 3: 18 places, each used once."""
    project = factories.make_project(overlap=3)
    articles = [factories.make_article(project) for _ in range(6)]
    team = _team(project, 20)
    barrier = threading.Barrier(len(team))
    handed: dict[int, int | None] = {}
    errors: list[BaseException] = []

    def ask(user) -> None:
        try:
            fresh = Project.objects.get(pk=project.pk)
            barrier.wait()
            article = assignment.next_article(user, fresh)
            handed[user.pk] = article.pk if article else None
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(user,)) for user in team]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    load = Counter(
        Annotation.objects.filter(article__in=articles).values_list("article_id", flat=True)
    )
    assert load == {article.pk: 3 for article in articles}
    assert sum(1 for got in handed.values() if got is None) == 2
    pairs = Annotation.objects.values_list("article_id", "annotator_id")
    assert len(set(pairs)) == len(pairs) == 18
