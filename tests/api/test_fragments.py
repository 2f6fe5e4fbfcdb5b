"""The API's quotes in fragments: `content` takes one mention id or a list, answers carry
the list, the flat quote list spans the whole quote, and the schema shows a split quote."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import editing
from annotations.models import Role
from tests import factories

pytestmark = pytest.mark.django_db
TEXT = "“We will not give up,” he said, “and we will win.” She agreed."
MENTIONS = [
    {"id": 1, "label": "QUOTE", "start": 1, "end": 21, "text": "We will not give up,"},
    {"id": 2, "label": "SPEAKER", "start": 23, "end": 25, "text": "he"},
    {"id": 3, "label": "CUE", "start": 26, "end": 30, "text": "said"},
    {"id": 4, "label": "QUOTE", "start": 33, "end": 49, "text": "and we will win."},
]


@pytest.fixture
def world(project):
    article = factories.make_article(project, text=TEXT)
    manager = factories.add_member(project, role=Role.MANAGER)
    client = APIClient()
    client.force_authenticate(manager)
    return project, article, client


def gold_url(project, article, annotation=None):
    base = reverse("api-annotations", args=[project.slug, article.pk])
    if annotation is None:
        return base
    return reverse("api-annotation", args=[project.slug, article.pk, annotation.pk])


def test_a_quote_sent_as_a_list_of_fragments_is_stored_and_answered(world):
    project, article, client = world
    body = {"gold": True, "mentions": MENTIONS,
            "quotes": [{"content": [4, 1], "speaker_mention": 2, "cue": 3}]}  # fmt: skip
    response = client.post(gold_url(project, article), body, format="json")
    assert response.status_code == 201, response.json()
    (quote,) = response.json()["quotes"]
    by_id = {m["id"]: (m["start"], m["end"]) for m in response.json()["mentions"]}
    assert [by_id[m] for m in quote["content"]] == [(1, 21), (33, 49)]
    gold = editing.gold_annotation(article)
    assert gold.quotes.get().fragment_spans == ((1, 21), (33, 49))


def test_a_quote_sent_with_one_id_is_answered_with_a_list(world):
    project, article, client = world
    body = {"gold": True, "mentions": MENTIONS[:1], "quotes": [{"content": 1}]}
    response = client.post(gold_url(project, article), body, format="json")
    (quote,) = response.json()["quotes"]
    assert quote["content"] == [response.json()["mentions"][0]["id"]]


@pytest.mark.parametrize(
    "content,message",
    [
        ([1, 2], "needs a QUOTE mention, not a SPEAKER mention"),
        ([], "must be a mention id or a list of 1 to 100 mention ids"),
        (["x"], "must be a mention id or a list of 1 to 100 mention ids"),
    ],
)
def test_bad_fragments_are_refused_naming_the_field(world, content, message):
    project, article, client = world
    body = {"gold": True, "mentions": MENTIONS, "quotes": [{"content": content}]}
    response = client.post(gold_url(project, article), body, format="json")
    assert response.status_code == 400
    assert message in str(response.json())


def test_overlapping_fragments_are_refused(world):
    project, article, client = world
    mentions = MENTIONS + [{"id": 5, "label": "QUOTE", "start": 10, "end": 25}]
    body = {"gold": True, "mentions": mentions, "quotes": [{"content": [1, 5]}]}
    response = client.post(gold_url(project, article), body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "quotes[0].content"
    assert "its fragments overlap at 10–25" in response.json()["detail"]


def test_the_quote_list_spans_the_whole_split_quote(world):
    project, article, client = world
    body = {"gold": True, "mentions": MENTIONS, "quotes": [{"content": [1, 4]}]}
    client.post(gold_url(project, article), body, format="json")
    (row,) = client.get(reverse("api-quotes", args=[project.slug])).json()["results"]
    assert (row["quote_start"], row["quote_end"]) == (1, 49)
    assert row["quote_text"] == "We will not give up, … and we will win."
    assert row["quote_fragments"] == "1-21;33-49"


def test_the_schema_documents_content_as_an_id_or_a_list_with_a_split_example(client):
    schema = client.get("/api/schema/?format=json").json()
    content = schema["components"]["schemas"]["Quote"]["properties"]["content"]
    assert [option["type"] for option in content["oneOf"]] == ["integer", "array"]
    text = str(schema)
    assert "A quote in two fragments" in text and "'content': [1, 4]" in text
