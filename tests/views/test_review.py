"""The review page: who may open it, what it shows, and its moves into gold (409 if stale)."""

import pytest
from django.urls import reverse

from annotations import editing
from annotations.models import Role
from tests import factories
from tests.factories import ALICE, BOB, HELLO, version
from tests.factories import TEAM_TEXT as TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(project, client):
    project.overlap = 2
    project.save()
    article = factories.make_article(project, text=TEXT)
    alice, bob = factories.make_speaker(project, "Alice"), factories.make_speaker(project, "Bob")
    ann = factories.add_member(project, factories.make_user("ann"))
    ben = factories.add_member(project, factories.make_user("ben"))
    version(article, ann, [{"content": HELLO, "speaker": alice, "mention": ALICE}])
    version(article, ben, [{"content": HELLO, "speaker": bob, "mention": BOB}])
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    client.force_login(reviewer)
    return project, article, ann, ben


def _url(name, project, article):
    return reverse(name, args=[project.slug, article.pk])


def test_reviewer_sees_both_versions_with_the_speaker_difference(case, client):
    project, article, *_ = case
    response = client.get(_url("review", project, article))
    body = response.content.decode()
    assert response.status_code == 200
    assert "other speaker" in body and "Alice" in body and "Bob" in body


def test_annotator_gets_403(case, client):
    project, article, ann, _ = case
    client.force_login(ann)
    assert client.get(_url("review", project, article)).status_code == 403


def test_outsider_gets_404(case, client):
    project, article, *_ = case
    client.force_login(factories.make_user())
    assert client.get(_url("review", project, article)).status_code == 404


def test_take_quote_puts_the_chosen_speaker_into_gold(case, client):
    project, article, _, ben = case
    quote = article.annotations.get(annotator=ben).quotes.get()
    response = client.post(
        _url("review_take_quote", project, article), {"quote": quote.pk, "version": 1}
    )
    assert response.status_code == 302
    gold = editing.gold_annotation(article)
    assert gold.quotes.get().speaker.name == "Bob"


def test_a_stale_gold_version_gets_409_and_a_message(case, client):
    project, article, ann, ben = case
    client.post(
        _url("review_take_version", project, article),
        {"annotation": article.annotations.get(annotator=ann).pk, "version": 1},
    )
    quote = article.annotations.get(annotator=ben).quotes.get()
    response = client.post(
        _url("review_take_quote", project, article), {"quote": quote.pk, "version": 1}
    )
    assert response.status_code == 409
    assert "changed elsewhere" in response.content.decode()
    assert editing.gold_annotation(article).quotes.get().speaker.name == "Alice"


def test_accept_gold_marks_the_article_done(case, client):
    project, article, *_ = case
    client.post(_url("review_accept", project, article), {"version": 1})
    assert editing.gold_annotation(article).accepted_at is not None


def test_review_page_queries_do_not_grow_with_quotes(case, client, django_assert_max_num_queries):
    project, article, ann, ben = case
    url = _url("review", project, article)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for user in (ann, ben):
        annotation = article.annotations.get(annotator=user)
        for start, end in ((28, 31), (38, 52), (68, 73)):
            quote = editing.add_mention(annotation, label="QUOTE", start=start, end=end)
            editing.add_quote(annotation, content=quote)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
