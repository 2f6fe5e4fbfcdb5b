"""The list endpoints: filters, PostgreSQL full-text search, alias search, cursor pagination."""

import pytest

from annotations.api import views
from annotations.models import Role
from tests import factories
from tests.factories import api_client

pytestmark = pytest.mark.django_db
V1 = "/api/v1/projects/roles"


@pytest.fixture
def reviewer(world):
    return api_client(world.users[Role.REVIEWER])


def ids(response) -> list:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_full_text_search_finds_articles_by_words_of_their_text(world, reviewer):
    other = factories.make_article(world.project, text="The minister denied everything.")
    assert ids(reviewer.get(f"{V1}/articles/", {"q": "minister denied"})) == [other.pk]


def test_full_text_search_finds_articles_by_title(world, reviewer):
    titled = factories.make_article(world.project, text="Nothing here.", title="Budget talks")
    assert ids(reviewer.get(f"{V1}/articles/", {"q": "budget"})) == [titled.pk]


def test_articles_filter_by_external_id_source_and_date(world, reviewer):
    article = world.article
    assert ids(reviewer.get(f"{V1}/articles/", {"external_id": article.external_id})) == [
        article.pk
    ]
    assert ids(reviewer.get(f"{V1}/articles/", {"source": "Wire"})) == [article.pk]
    dated = {"published_after": "2024-01-01", "published_before": "2024-01-02"}
    assert ids(reviewer.get(f"{V1}/articles/", dated)) == [article.pk]
    assert ids(reviewer.get(f"{V1}/articles/", {"published_after": "2024-01-03"})) == []


def test_article_list_leaves_the_text_out_and_the_detail_has_it(world, reviewer):
    listed = reviewer.get(f"{V1}/articles/").json()["results"][0]
    assert "text" not in listed
    detail = reviewer.get(f"{V1}/articles/{world.article.pk}/").json()
    assert detail["text"] == world.article.text


def test_speaker_search_matches_part_of_an_alias(world, reviewer):
    factories.make_speaker(world.project, name="Bob")
    assert ids(reviewer.get(f"{V1}/speakers/", {"q": "ms ali"})) == [world.speaker.pk]


def test_quote_list_filters_by_status_and_annotator(world, reviewer):
    gold = ids(reviewer.get(f"{V1}/quotes/", {"status": "gold"}))
    assert gold == list(world.gold.quotes.values_list("pk", flat=True))
    username = world.submitted.annotator.username
    theirs = ids(reviewer.get(f"{V1}/quotes/", {"annotator": username}))
    assert theirs == list(world.submitted.quotes.values_list("pk", flat=True))
    assert ids(reviewer.get(f"{V1}/quotes/", {"annotator": "gold"})) == gold


def test_quote_list_filters_by_speaker_type_article_and_date(world, reviewer):
    assert len(ids(reviewer.get(f"{V1}/quotes/", {"speaker": world.speaker.pk}))) == 3
    assert ids(reviewer.get(f"{V1}/quotes/", {"type": "indirect"})) == []
    assert len(ids(reviewer.get(f"{V1}/quotes/", {"article": world.article.external_id}))) == 3
    assert ids(reviewer.get(f"{V1}/quotes/", {"published_before": "2023-12-31"})) == []


def test_viewer_quote_list_holds_no_version_in_progress(world):
    viewer = api_client(world.users[Role.VIEWER])
    rows = viewer.get(f"{V1}/quotes/").json()["results"]
    assert sorted(row["status"] for row in rows) == ["gold", "submitted"]


def test_viewer_filters_by_the_pseudonym_they_see(world):
    viewer = api_client(world.users[Role.VIEWER])
    rows = viewer.get(f"{V1}/quotes/", {"status": "submitted"}).json()["results"]
    pseudonym = rows[0]["annotator"]
    assert pseudonym.startswith("a-")
    assert len(ids(viewer.get(f"{V1}/quotes/", {"annotator": pseudonym}))) == 1


def test_cursor_pagination_walks_every_quote_once(world, reviewer, monkeypatch):
    monkeypatch.setattr(views.ById, "page_size", 2)
    pages, seen, page = 0, [], f"{V1}/quotes/"
    while page:
        data = reviewer.get(page).json()
        seen += [row["id"] for row in data["results"]]
        page, pages = data["next"], pages + 1
    assert pages == 2
    assert sorted(seen) == sorted(world.article.annotations.values_list("quotes__pk", flat=True))


def test_quote_list_queries_do_not_grow_with_the_rows(
    world, reviewer, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = reviewer.get(f"{V1}/quotes/")
    assert len(response.json()["results"]) == 3


def test_updated_after_takes_any_offset_python_reads(world, reviewer):
    # PostgreSQL refuses offsets beyond ±15:59; the filter compares in UTC instead.
    everything = ids(reviewer.get(f"{V1}/quotes/"))
    since_2000 = {"updated_after": "2000-01-01T00:00:00+16:20"}
    assert everything and ids(reviewer.get(f"{V1}/quotes/", since_2000)) == everything
    assert ids(reviewer.get(f"{V1}/quotes/", {"updated_after": "2999-01-01T00:00:00-16:20"})) == []


def test_unreadable_date_time_filter_is_a_400_naming_the_field(world, reviewer):
    response = reviewer.get(f"{V1}/quotes/", {"updated_before": "yesterday"})
    assert response.status_code == 400 and "updated_before" in response.json()
