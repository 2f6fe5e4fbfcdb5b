"""A change of one mention costs the same whatever the annotation's size: only the rows that
differ are written, and history still holds every state."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotations import editing, history
from annotations.models import AnnotationEvent, Mention, Quote, Role
from tests.factories import add_member, make_article, make_project

pytestmark = pytest.mark.django_db

SENTENCE = "Minister {n} said: “The plan for {n} will work.” "


def contents_of(text: str, size: int) -> dict:
    """`size` mentions: SPEAKER, CUE and QUOTE of each sentence, linked into quotes."""
    mentions, quotes, position = [], [], 0
    while len(mentions) < size:
        end = text.index("” ", position) + 2
        sentence = text[position:end]
        cue = sentence.index(" said") + 1
        spans = [
            ("SPEAKER", position, position + len("Minister")),
            ("CUE", position + cue, position + cue + 4),
            ("QUOTE", position + sentence.index("“") + 1, position + sentence.index("”")),
        ][: size - len(mentions)]
        first = len(mentions) + 1
        mentions += [
            {"id": first + k, "label": label, "start": s, "end": e}
            for k, (label, s, e) in enumerate(spans)
        ]
        if len(spans) == 3:
            quotes.append({"content": first + 2, "speaker_mention": first, "cue": first + 1})
        position = end
    return {"mentions": mentions, "quotes": quotes}


@pytest.fixture
def setup():
    project = make_project(slug="cost")
    user = add_member(project, role=Role.ANNOTATOR)
    client = APIClient()
    client.force_authenticate(user)
    text = "".join(SENTENCE.format(n=n) for n in range(40))
    annotations = {}
    for size in (1, 60):
        article = make_article(project, text=text)
        annotation = editing.own_annotation(article, user)
        editing.replace_contents(annotation, contents_of(text, size))
        annotations[size] = annotation
    return client, annotations


def path(annotation) -> str:
    return f"/api/v1/projects/cost/articles/{annotation.article_id}/annotations/{annotation.pk}/"


def add_one_mention(client, annotation) -> dict:
    current = client.get(path(annotation)).json()
    text = annotation.article.text
    start = text.rindex("The plan")
    extra = {"id": -1, "label": "CUE", "start": start, "end": start + 8}
    body = {"version": current["version"], "mentions": [*current["mentions"], extra]}
    response = client.patch(path(annotation), body, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_adding_one_mention_makes_as_many_queries_at_1_as_at_60_mentions(setup):
    client, annotations = setup
    client.get(path(annotations[1]))  # the session's first queries are not the write's
    with CaptureQueriesContext(connection) as small:
        add_one_mention(client, annotations[1])
    with CaptureQueriesContext(connection) as large:
        add_one_mention(client, annotations[60])
    assert len(large.captured_queries) == len(small.captured_queries)


def test_adding_one_mention_keeps_every_other_row_and_its_id(setup):
    client, annotations = setup
    annotation = annotations[60]
    mention_ids = set(Mention.objects.filter(annotation=annotation).values_list("id", flat=True))
    quotes = list(Quote.objects.filter(annotation=annotation).values_list("id", "updated_at"))
    answer = add_one_mention(client, annotation)
    assert len(answer["mentions"]) == 61
    assert mention_ids < {m["id"] for m in answer["mentions"]}
    assert list(Quote.objects.filter(annotation=annotation).values_list("id", "updated_at")) == (
        quotes
    )


def test_removing_a_speaker_mention_unlinks_it_from_its_quote_and_keeps_the_quote(setup):
    client, annotations = setup
    annotation = annotations[60]
    current = client.get(path(annotation)).json()
    speaker = current["quotes"][0]["speaker_mention"]
    quote_id = current["quotes"][0]["id"]
    quotes = [
        {**q, "speaker_mention": None} if q["speaker_mention"] == speaker else q
        for q in current["quotes"]
    ]
    body = {
        "version": current["version"],
        "mentions": [m for m in current["mentions"] if m["id"] != speaker],
        "quotes": quotes,
    }
    answer = client.patch(path(annotation), body, format="json").json()
    assert speaker not in {m["id"] for m in answer["mentions"]}
    assert answer["quotes"][0]["id"] == quote_id
    assert answer["quotes"][0]["speaker_mention"] is None


def test_history_restores_the_state_before_a_diff_write(setup):
    client, annotations = setup
    annotation = annotations[60]
    before = editing.snapshot(annotation)
    add_one_mention(client, annotation)
    after = editing.snapshot(annotation)
    assert len(after["mentions"]) == len(before["mentions"]) + 1
    latest = AnnotationEvent.objects.filter(annotation=annotation).latest("id")
    assert latest.snapshot == after  # the event holds the whole state after the change
    earlier = AnnotationEvent.objects.filter(annotation=annotation).order_by("id").first()
    annotation.refresh_from_db()
    history.restore(annotation, earlier, expected_version=annotation.version)
    assert editing.snapshot(annotation) == before


def test_put_changing_a_quote_type_updates_that_quote_in_place(setup):
    client, annotations = setup
    annotation = annotations[60]
    current = client.get(path(annotation)).json()
    quotes = [dict(q) for q in current["quotes"]]
    quotes[1]["type"] = "indirect"
    body = {"version": current["version"], "mentions": current["mentions"], "quotes": quotes}
    answer = client.put(path(annotation), body, format="json").json()
    assert [q["id"] for q in answer["quotes"]] == [q["id"] for q in current["quotes"]]
    assert [q["type"] for q in answer["quotes"]][:3] == ["direct", "indirect", "direct"]


def test_a_write_answers_what_a_read_then_gives_and_history_keeps_it(setup):
    """The answer and the history event are built from what the write read and wrote, not
    read back: they must equal what PostgreSQL holds, in the same order."""
    client, annotations = setup
    annotation = annotations[60]
    current = client.get(path(annotation)).json()
    text = annotation.article.text
    start = text.rindex("The plan")
    # A new mention before the others' ends, a quote changed and one gone, a mention removed.
    quotes = [dict(q) for q in current["quotes"]]
    quotes[0]["type"] = "indirect"
    dropped = quotes.pop(3)
    mentions = [m for m in current["mentions"] if m["id"] != dropped["cue"]]
    mentions.append({"id": -7, "label": "CUE", "start": start, "end": start + 8})
    for quote in quotes:
        if quote["cue"] == dropped["cue"]:
            quote["cue"] = None
    body = {"version": current["version"], "mentions": mentions, "quotes": quotes}
    answer = client.put(path(annotation), body, format="json").json()
    fresh = client.get(path(annotation)).json()
    assert answer == fresh
    assert len(answer["mentions"]) == 60 and len(answer["quotes"]) == 19
    latest = AnnotationEvent.objects.filter(annotation=annotation).latest("id")
    assert latest.snapshot == editing.snapshot(annotation)


def test_patch_of_mentions_alone_keeps_quotes_as_stored_and_refuses_dropping_their_spans(setup):
    client, annotations = setup
    annotation = annotations[60]
    current = client.get(path(annotation)).json()
    content = current["quotes"][0]["content"][0]
    body = {
        "version": current["version"],
        "mentions": [m for m in current["mentions"] if m["id"] != content],
    }
    response = client.patch(path(annotation), body, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "quotes[0].content"
    assert client.get(path(annotation)).json() == current  # nothing changed


def test_one_mention_patch_makes_a_fixed_small_number_of_queries(setup):
    """Token, membership, article, annotation, its comments; then the version, the stored
    rows, the new mention, the event: nothing read back for the answer."""
    client, annotations = setup
    client.get(path(annotations[60]))
    with CaptureQueriesContext(connection) as queries:
        add_one_mention(client, annotations[60])
    # Savepoints are the test's own transaction around the request's.
    written = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # The GET inside add_one_mention makes its own; count the PATCH's from the version on.
    first = next(i for i, sql in enumerate(written) if sql.lstrip().startswith("UPDATE"))
    assert len(written) - first == 4, written[first:]
