"""The dashboard page (SVG charts) and the agreement API give the same figures."""

import pytest
from django.urls import reverse

from annotations import editing
from annotations.models import Annotation, Role
from tests import factories
from tests.factories import FINE, HELLO, version
from tests.factories import TEAM_TEXT as TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(project):
    project.overlap = 2
    project.save()
    article = factories.make_article(project, text=TEXT)
    ann = factories.add_member(project, factories.make_user("ann"))
    ben = factories.add_member(project, factories.make_user("ben"))
    version(article, ann, [{"content": HELLO}])
    version(article, ben, [{"content": HELLO}, {"content": FINE}])
    return project


def test_dashboard_draws_both_charts(case, client):
    client.force_login(factories.add_member(case, role=Role.REVIEWER))
    body = client.get(reverse("dashboard", args=[case.slug])).content.decode()
    assert 'id="agreement-chart"' in body and 'id="progress-chart"' in body
    assert "ann – ben" in body and "0.667" in body


def test_dashboard_is_refused_to_annotators_as_in_the_api(case, client):
    client.force_login(factories.add_member(case))
    assert client.get(reverse("dashboard", args=[case.slug])).status_code == 403


def test_api_gives_the_pair_figures(case, client):
    client.force_login(factories.add_member(case, role=Role.MANAGER))
    answer = client.get(reverse("api-agreement", args=[case.slug])).json()
    (pair,) = answer["pairs"]
    assert pair["annotators"] == ["ann", "ben"] and pair["f1_exact"] == pytest.approx(2 / 3)
    assert answer["progress"]["ben"][0]["submitted"] == 1


def test_api_refuses_annotators(case, client):
    client.force_login(factories.add_member(case))
    assert client.get(reverse("api-agreement", args=[case.slug])).status_code == 403


def test_dashboard_queries_do_not_grow_with_quotes(case, client, django_assert_max_num_queries):
    client.force_login(factories.add_member(case, role=Role.REVIEWER))
    url = reverse("dashboard", args=[case.slug])
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for annotation in Annotation.objects.filter(article__project=case):
        for start, end in ((0, 5), (28, 31), (38, 52)):
            content = editing.add_mention(annotation, label="QUOTE", start=start, end=end)
            speaker = annotation.mentions.filter(label="SPEAKER").first() or editing.add_mention(
                annotation, label="SPEAKER", start=54, end=59
            )
            editing.add_quote(annotation, content=content, speaker_mention=speaker)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_api_hides_the_project_from_outsiders(case, client):
    client.force_login(factories.make_user())
    assert client.get(reverse("api-agreement", args=[case.slug])).status_code == 404
