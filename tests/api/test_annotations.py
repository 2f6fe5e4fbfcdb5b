"""Writing annotations through the API: nested mentions and quotes, versions and 409."""

import pytest

from annotations import editing
from annotations.models import AnnotationEvent, Role, Status
from tests.factories import WORLD_TEXT as TEXT
from tests.factories import api_client

pytestmark = pytest.mark.django_db


def url(world, annotation=None) -> str:
    base = f"/api/v1/projects/roles/articles/{world.article.pk}/annotations/"
    return f"{base}{annotation.pk}/" if annotation else base


def two_quotes(world) -> dict:
    return {
        "mentions": [
            {"id": 1, "label": "QUOTE", "start": 13, "end": 26, "text": "Hello, world."},
            {"id": 2, "label": "SPEAKER", "start": 0, "end": 5},
            {"id": 3, "label": "SPEAKER", "start": 28, "end": 31},
            {"id": 4, "label": "QUOTE", "start": 43, "end": 55},
        ],
        "quotes": [
            {"content": 1, "speaker_mention": 2, "speaker": world.speaker.pk},
            {"content": 4, "speaker_mention": 3, "type": "indirect"},
        ],
    }


def test_put_replaces_mentions_and_quotes_and_raises_the_version(world):
    client = api_client(world.users[Role.REVIEWER])
    body = {"version": world.gold.version, **two_quotes(world)}
    response = client.put(url(world, world.gold), body, content_type="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == world.gold.version + 1
    assert [m["text"] for m in data["mentions"]] == [
        "Alice",
        "Hello, world.",
        "Bob",
        "all was well",
    ]
    assert [(q["type"], q["speaker"]) for q in data["quotes"]] == [
        ("direct", world.speaker.pk),
        ("indirect", None),
    ]


def test_stale_version_gets_409_and_changes_nothing(world):
    client = api_client(world.users[Role.REVIEWER])
    before = editing.snapshot(world.gold)
    events = AnnotationEvent.objects.filter(annotation=world.gold).count()
    body = {"version": world.gold.version - 1, **two_quotes(world)}
    response = client.put(url(world, world.gold), body, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["current_version"] == world.gold.version
    world.gold.refresh_from_db()
    assert editing.snapshot(world.gold) == before
    assert AnnotationEvent.objects.filter(annotation=world.gold).count() == events


def test_if_match_header_carries_the_version(world):
    client = api_client(world.users[Role.REVIEWER])
    response = client.put(
        url(world, world.gold),
        two_quotes(world),
        content_type="application/json",
        headers={"If-Match": f'"{world.gold.version}"'},
    )
    assert response.status_code == 200
    assert response.json()["version"] == world.gold.version + 1
    world.gold.refresh_from_db()
    texts = sorted(world.gold.mentions.values_list("text", flat=True))
    assert texts == sorted(["Alice", "Hello, world.", "Bob", "all was well"])


def test_stale_if_match_header_gets_409(world):
    client = api_client(world.users[Role.REVIEWER])
    response = client.put(
        url(world, world.gold),
        two_quotes(world),
        content_type="application/json",
        headers={"If-Match": f'W/"{world.gold.version + 5}"'},
    )
    assert response.status_code == 409


def test_write_without_a_version_is_refused_naming_the_field(world):
    client = api_client(world.users[Role.REVIEWER])
    response = client.put(
        url(world, world.gold), two_quotes(world), content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "version"


def test_retrieve_sends_the_version_as_etag(world):
    response = api_client(world.users[Role.REVIEWER]).get(url(world, world.gold))
    assert response["ETag"] == f'"{world.gold.version}"'


def test_span_outside_the_text_is_refused_naming_field_and_offsets(world):
    client = api_client(world.users[Role.REVIEWER])
    body = {"version": world.gold.version, **two_quotes(world)}
    body["mentions"][3]["end"] = len(TEXT) + 10
    before = editing.snapshot(world.gold)
    response = client.put(url(world, world.gold), body, content_type="application/json")
    assert response.status_code == 400
    error = response.json()
    assert error["field"] == "mentions[3].end"
    assert f"43–{len(TEXT) + 10}" in error["detail"]
    assert editing.snapshot(world.gold) == before


def test_span_whose_text_does_not_match_is_refused(world):
    client = api_client(world.users[Role.REVIEWER])
    body = {"version": world.gold.version, **two_quotes(world)}
    body["mentions"][0]["text"] = "Goodbye"
    response = client.put(url(world, world.gold), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "mentions[0].text"


def test_quote_pointing_at_a_missing_mention_is_refused(world):
    client = api_client(world.users[Role.REVIEWER])
    body = {"version": world.gold.version, **two_quotes(world)}
    body["quotes"][0]["cue"] = 99
    response = client.put(url(world, world.gold), body, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "quotes[0].cue"


def test_duplicate_mention_is_refused_not_a_server_error(world):
    client = api_client(world.users[Role.REVIEWER])
    body = {"version": world.gold.version, **two_quotes(world)}
    body["mentions"].append({"id": 9, "label": "QUOTE", "start": 13, "end": 26})
    response = client.put(url(world, world.gold), body, content_type="application/json")
    assert response.status_code == 400 and "mentions" in response.json()


def test_patch_with_status_submits_and_keeps_the_contents(world):
    client = api_client(world.users[Role.ANNOTATOR])
    before = editing.snapshot(world.own)
    body = {"version": world.own.version, "status": "submitted"}
    response = client.patch(url(world, world.own), body, content_type="application/json")
    assert response.status_code == 200
    world.own.refresh_from_db()
    assert world.own.status == Status.SUBMITTED
    assert editing.snapshot(world.own) == before


def test_patch_with_only_quotes_keeps_the_mentions(world):
    client = api_client(world.users[Role.ANNOTATOR])
    snapshot = editing.snapshot(world.own)
    quotes = [{**snapshot["quotes"][0], "type": "mixed"}]
    body = {"version": world.own.version, "quotes": quotes}
    response = client.patch(url(world, world.own), body, content_type="application/json")
    assert response.status_code == 200
    assert [q["type"] for q in response.json()["quotes"]] == ["mixed"]
    assert len(response.json()["mentions"]) == len(snapshot["mentions"])


def test_reviewer_creates_their_own_annotation_with_contents(world):
    client = api_client(world.users[Role.REVIEWER])
    base = f"/api/v1/projects/roles/articles/{world.fresh_article.pk}/annotations/"
    response = client.post(base, two_quotes(world), content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    assert data["annotator"] == world.users[Role.REVIEWER].username
    assert len(data["quotes"]) == 2 and data["status"] == Status.IN_PROGRESS


def test_second_create_of_the_same_annotation_is_refused(world):
    client = api_client(world.users[Role.ANNOTATOR])
    response = client.post(url(world), {}, content_type="application/json")
    assert response.status_code == 409 and str(world.own.pk) in response.json()["detail"]


def test_viewer_sees_pseudonyms_not_usernames(world):
    response = api_client(world.users[Role.VIEWER]).get(url(world))
    names = {a["annotator"] for a in response.json()["results"]}
    assert None in names  # gold
    assert all(name is None or name.startswith("a-") for name in names)


def test_annotator_lists_only_their_own_version(world):
    response = api_client(world.users[Role.ANNOTATOR]).get(url(world))
    assert [a["id"] for a in response.json()["results"]] == [world.own.pk]


def test_annotation_list_queries_do_not_grow_with_the_versions(
    world, django_assert_max_num_queries
):
    client = api_client(world.users[Role.REVIEWER])
    with django_assert_max_num_queries(10):
        response = client.get(url(world))
    assert len(response.json()["results"]) == 3
