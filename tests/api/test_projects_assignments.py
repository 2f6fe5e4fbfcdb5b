"""Bulk assignment and Next article at the service level: the overlap holds, history is
kept, and PostgreSQL's per-article counters follow every change."""

import pytest
from django.db import connection

from annotations import assignment, bulk_assignment, editing, finding
from annotations.models import Annotation, AnnotationEvent, Article, Role, Status
from tests import factories

pytestmark = pytest.mark.django_db


def counters(article):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT holders, submitted_versions, gold_accepted, needs_review "
            "FROM annotations_article WHERE id = %s",
            [article.pk],
        )
        return cursor.fetchone()


@pytest.fixture
def desk():
    project = factories.make_project(overlap=2)
    ann, ben = factories.add_member(project), factories.add_member(project)
    articles = [factories.make_article(project, external_id=f"a{n}") for n in range(6)]
    return project, ann, ben, articles


def test_counters_follow_assign_submit_accept_and_release(desk):
    project, ann, ben, articles = desk
    article = articles[0]
    assert counters(article) == (0, 0, False, False)
    mine = editing.own_annotation(article, ann)
    editing.set_status(mine, Status.SUBMITTED)
    assert counters(article) == (1, 1, False, False)
    theirs = assignment.assign(article, ben)
    assert counters(article) == (2, 1, False, False)
    editing.set_status(theirs, Status.SUBMITTED)
    assert counters(article) == (2, 2, False, True)
    assert finding.next_to_review(project) == article
    gold = editing.gold_annotation(article)
    Annotation.objects.filter(pk=gold.pk).update(accepted_at="2026-12-01T00:00:00Z")
    assert counters(article) == (2, 2, True, False)
    assert finding.next_to_review(project) is None


def test_lowering_the_overlap_refreshes_the_review_queue(desk):
    from annotations import projects

    project, ann, _, articles = desk
    editing.set_status(editing.own_annotation(articles[0], ann), Status.SUBMITTED)
    assert finding.next_to_review(project) is None
    settings = projects.current_settings(project)
    settings.overlap = 1
    projects.update_project(project, settings)
    assert finding.next_to_review(project) == articles[0]


def test_next_article_hands_out_the_least_held_first(desk):
    project, ann, ben, articles = desk
    assignment.assign(articles[0], ann)
    carl = factories.add_member(project)
    assert assignment.next_article(carl, project) == articles[1]  # nobody holds it
    editing.set_status(Annotation.objects.get(annotator=carl), Status.SUBMITTED)
    # a0 and a1 are held once, a2 by nobody: the least-held comes first
    assert assignment.next_article(ben, project) == articles[2]


def test_assign_next_gives_unassigned_articles_with_history(desk):
    project, ann, ben, articles = desk
    assignment.assign(articles[0], ben)
    assert bulk_assignment.assign_next(project, ann, 3, actor=ben) == 3
    held = Annotation.objects.filter(annotator=ann).values_list("article__external_id", flat=True)
    assert sorted(held) == ["a1", "a2", "a3"]
    event = AnnotationEvent.objects.filter(annotation__annotator=ann).first()
    assert event.action == "assigned" and event.actor == ben


def test_assign_matching_respects_the_overlap_and_skips_what_the_member_holds(desk):
    project, ann, ben, articles = desk
    carl = factories.add_member(project)
    assignment.assign(articles[0], ben)
    assignment.assign(articles[0], carl)  # full: overlap 2
    assignment.assign(articles[1], ann)  # ann holds it already
    everything = finding.filtered_articles(project, finding.ArticleFilters())
    assert bulk_assignment.assign_matching(project, ann, everything) == 4
    assert Annotation.objects.filter(article=articles[0]).count() == 2


def test_release_keeps_started_work_and_reassign_moves_it(desk):
    project, ann, ben, articles = desk
    bulk_assignment.assign_next(project, ann, 3)
    started = Annotation.objects.get(annotator=ann, article=articles[0])
    editing.set_status(started, Status.IN_PROGRESS)
    everything = finding.filtered_articles(project, finding.ArticleFilters())
    assert bulk_assignment.release_matching(project, ann, everything) == 2
    assert bulk_assignment.reassign_matching(project, ann, ben, everything) == 1
    started.refresh_from_db()
    assert started.annotator == ben and counters(articles[0])[0] == 1
    assert started.events.filter(action="reassigned").exists()


def test_a_viewer_cannot_be_given_articles(desk):
    project, _, _, _ = desk
    viewer = factories.add_member(project, role=Role.VIEWER)
    with pytest.raises(assignment.AssignmentError) as error:
        bulk_assignment.assign_next(project, viewer, 2)
    assert error.value.field == "user" and not Annotation.objects.exists()


def test_status_counts_are_exact_for_a_small_project_and_estimated_past_the_limit(
    desk, monkeypatch
):
    project, ann, _, articles = desk
    editing.set_status(editing.own_annotation(articles[0], ann), Status.SUBMITTED)
    counts = finding.status_counts(project)
    assert str(counts["articles"]) == "6" and counts["unassigned"].value == 5
    assert counts["submitted"].value == 1 and not counts["articles"].estimated
    monkeypatch.setattr(finding, "EXACT_COUNT_LIMIT", 0)
    assert finding.status_counts(project)["articles"].estimated
    assert str(finding.status_counts(project)["articles"]).startswith("≈ ")


def test_keyset_pages_cover_every_article_once_in_both_directions(desk):
    project, _, _, articles = desk
    for n in range(6, 130):
        factories.make_article(
            project, external_id=f"a{n}", published=None if n % 3 else "2024-01-0" + str(1 + n % 9)
        )
    everything = finding.filtered_articles(project, finding.ArticleFilters())
    for sort in finding.SORTS:
        seen, params = [], {}
        while True:
            page = finding.keyset_page(everything, sort, params, size=50)
            seen += [a.pk for a in page.rows]
            if not page.after:
                break
            params = {"after": page.after}
        assert sorted(seen) == sorted(
            Article.objects.filter(project=project).values_list("pk", flat=True)
        )
        backwards, params = [], {"last": "1"}
        while True:
            page = finding.keyset_page(everything, sort, params, size=50)
            backwards = [a.pk for a in page.rows] + backwards
            if not page.before:
                break
            params = {"before": page.before}
        assert backwards == seen, sort


def test_member_counters_follow_their_versions_and_a_returning_member(desk):
    from annotations.models import Membership

    project, ann, ben, articles = desk
    bulk_assignment.assign_next(project, ann, 3)
    editing.set_status(Annotation.objects.filter(annotator=ann).first(), Status.SUBMITTED)
    assert finding.my_counts(ann, project) == {
        "assigned": 2,
        "in_progress": 0,
        "submitted": 1,
        "skipped": 0,
    }
    [row] = [m for m in assignment.progress(ann) if m.project == project]
    assert (row.held, row.submitted) == (3, 1)
    Membership.objects.get(project=project, user=ann).delete()
    factories.add_member(project, ann)
    assert finding.my_counts(ann, project)["assigned"] == 2  # counted again on return


def test_my_articles_lists_this_projects_versions_only_in_article_order(desk):
    project, ann, _, articles = desk
    other = factories.make_project()
    factories.add_member(other, ann)
    # Articles of another project before, among and after this project's.
    elsewhere = [factories.make_article(other) for _ in range(3)]
    for article in elsewhere:
        factories.make_annotation(article, ann, Status.SUBMITTED)
    late = factories.make_article(project)
    for article in [articles[1], articles[4], late]:
        factories.make_annotation(article, ann, Status.SUBMITTED)
    factories.make_annotation(articles[2], ann, Status.ASSIGNED)

    page = finding.my_articles(ann, project, "", {})
    assert [v.article for v in page.rows] == [articles[1], articles[2], articles[4], late]
    page = finding.my_articles(ann, project, Status.SUBMITTED, {"after": str(articles[1].pk)})
    assert [v.article for v in page.rows] == [articles[4], late]
    empty = factories.make_project()
    factories.add_member(empty, ann)
    assert finding.my_articles(ann, empty, "", {}).rows == []
