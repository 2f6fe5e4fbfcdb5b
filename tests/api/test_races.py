"""Simultaneous writes through a real server: exactly one create wins, the others get 409,
and what a 201 acknowledged is what is stored (no lost write, no 500).

The requests go over loopback to `live_server` (one thread a request, one database
connection each), released together by a barrier."""

import threading

import pytest
import requests
from rest_framework.authtoken.models import Token

from annotations.models import Annotation, Mention, Role
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 6
TEXT = "Alice said: “Hello, world.” Bob added that all was well. " * 4


def _race(url: str, token: str, bodies: list[dict]) -> list[requests.Response]:
    """POST every body at once; the answers in the bodies' order."""
    barrier = threading.Barrier(len(bodies))
    answers: list = [None] * len(bodies)

    def post(index: int) -> None:
        with requests.Session() as session:
            session.headers["Authorization"] = f"Token {token}"
            barrier.wait(timeout=10)
            answers[index] = session.post(url, json=bodies[index], timeout=30)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def _one_quote_at(start: int) -> dict:
    return {
        "mentions": [{"id": 1, "label": "QUOTE", "start": start, "end": start + 5}],
        "quotes": [{"content": 1}],
    }


@pytest.fixture
def reviewer_world(live_server):
    project = factories.make_project()
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    article = factories.make_article(project, text=TEXT)
    token = Token.objects.create(user=reviewer).key
    base = f"{live_server.url}/api/v1/projects/{project.slug}/articles/{article.pk}/annotations/"
    return base, token, article, reviewer


@pytest.mark.parametrize("trial", range(3))
def test_simultaneous_creates_give_one_201_and_409_for_the_others(reviewer_world, trial):
    base, token, article, reviewer = reviewer_world
    bodies = [_one_quote_at(10 * k) for k in range(1, RACERS + 1)]
    answers = _race(base, token, bodies)
    codes = sorted(answer.status_code for answer in answers)
    assert codes == [201] + [409] * (RACERS - 1), [a.text[:200] for a in answers]
    winner = next(i for i, answer in enumerate(answers) if answer.status_code == 201)
    stored = Annotation.objects.get(article=article, annotator=reviewer)
    starts = list(Mention.objects.filter(annotation=stored).values_list("start", flat=True))
    assert starts == [10 * (winner + 1)], "the acknowledged create is what is stored"
    assert stored.version == answers[winner].json()["version"]
    for answer in answers:
        if answer.status_code == 409:
            assert f"id {stored.pk}" in answer.json()["detail"]


def test_simultaneous_gold_creates_give_one_201_and_409_for_the_others(reviewer_world):
    base, token, article, _reviewer = reviewer_world
    bodies = [{"gold": True, **_one_quote_at(10 * k)} for k in range(1, RACERS + 1)]
    answers = _race(base, token, bodies)
    assert sorted(a.status_code for a in answers) == [201] + [409] * (RACERS - 1)
    winner = next(i for i, answer in enumerate(answers) if answer.status_code == 201)
    gold = Annotation.objects.get(article=article, annotator=None)
    assert list(gold.mentions.values_list("start", flat=True)) == [10 * (winner + 1)]


def test_create_of_an_existing_annotation_answers_409_with_its_id_and_version(
    reviewer_world,
):
    base, token, article, reviewer = reviewer_world
    headers = {"Authorization": f"Token {token}"}
    first = requests.post(base, json=_one_quote_at(10), headers=headers, timeout=30)
    again = requests.post(base, json=_one_quote_at(20), headers=headers, timeout=30)
    assert (first.status_code, again.status_code) == (201, 409)
    assert again.json()["current_version"] == first.json()["version"]
    stored = Annotation.objects.get(article=article, annotator=reviewer)
    assert list(stored.mentions.values_list("start", flat=True)) == [10]
