"""Quotes split by their attribution (“A,” he said, “B.”): one suggestion in two pieces with
the speaker and cue shared; accepting it, in the workspace or by writing it back through the
API, makes one quote with two fragments."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import editing
from annotations.models import Quote, Role
from annotations.suggesting import suggest
from annotations.suggesting.evaluation import compare, read_reference_file
from annotations.suggesting.goldtext import read_gold_text
from tests import factories

TEXT = "“We will not give up,” Anna Weber said on Monday, “and we will win.” Then she left."


def pieces(text, suggestion):
    return [text[start:end] for start, end in suggestion.pieces]


@pytest.mark.parametrize(
    "text,first,second,speaker,cue",
    [
        (TEXT, "We will not give up,", "and we will win.", "Anna Weber", "said"),
        (
            "‘The trains are late every morning’, she added, ‘and nobody seems to care.’",
            "The trains are late every morning",
            "and nobody seems to care.",
            "she",
            "added",
        ),
        (
            "« Nous ne reculerons pas », a déclaré la ministre mardi, « et nous gagnerons. »",
            "Nous ne reculerons pas",
            "et nous gagnerons.",
            "la ministre",
            "déclaré",
        ),
        (
            "„Wir haben keine Angst“, sagte Anke Rehlinger am Abend, „aber wir sind wütend.“",
            "Wir haben keine Angst",
            "aber wir sind wütend.",
            "Anke Rehlinger",
            "sagte",
        ),
        (
            "“It was the worst storm in forty years,” said Harold Brisk, a fisherman from "
            "Gloucester, “and I have seen a few.”",
            "It was the worst storm in forty years,",
            "and I have seen a few.",
            "Harold Brisk",
            "said",
        ),
    ],
)
def test_a_split_quotation_is_one_suggestion_in_two_pieces(text, first, second, speaker, cue):
    (suggestion,) = suggest(text)
    assert pieces(text, suggestion) == [first, second]
    assert text[slice(*suggestion.speaker_mention)] == speaker
    assert text[slice(*suggestion.cue)] == cue
    assert (suggestion.kind, suggestion.type) == ("direct_marks_split", "direct")


@pytest.mark.parametrize(
    "text",
    [
        # A new sentence after the attribution: two quotes.
        "“It is finished,” Mr. Ochoa said. “We move on.”",
        # Each quotation with its own speaker.
        "“We need more time,” the lawyer said, but “you have had enough,” the judge replied.",
        "“We will appeal,” the club said, while “the decision stands,” the league insisted.",
    ],
)
def test_quotations_with_a_sentence_or_a_speaker_between_are_separate(text):
    found = suggest(text)
    assert len(found) == 2
    assert all(not s.fragments for s in found)


def test_the_cue_in_the_middle_of_reported_speech_is_one_quote_in_two_pieces():
    text = "Acts of protest, Mr. Obama said, are acts of patriotism."
    (suggestion,) = suggest(text)
    assert pieces(text, suggestion) == ["Acts of protest", "are acts of patriotism"]
    assert suggestion.type == "indirect"


def test_a_split_suggestion_is_matched_by_all_its_pieces(tmp_path):
    (record,) = read_gold_text(
        [
            "## x split_quote",
            "“⟦q1 We will not give up,⟧” ⟦s1 Anna Weber⟧ ⟦c1 said⟧ on Monday, “⟦q2 and we will"
            " win.⟧” Then she left.",
            "> q1+q2 direct s1 c1 Anna Weber",
        ]
    )
    assert record["annotations"][0]["quotes"][0]["content"] == [1, 4]
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (reference,) = read_reference_file(path)
    scores = compare(reference.quotes, suggest(TEXT))
    assert (scores["split"].true_positives, scores["split"].expected) == (1, 1)
    assert scores["quote_exact"].true_positives == 1
    # The same quotation suggested as one piece is found, but not as a split quote.
    (whole,) = suggest("“We will not give up,” Anna Weber said.")
    scores = compare(reference.quotes, [whole])
    assert scores["quote_overlap"].true_positives == 1
    assert scores["split"].true_positives == 0 and scores["quote_exact"].true_positives == 0


@pytest.fixture
def annotation(project, annotator):
    article = factories.make_article(project, text=TEXT)
    return factories.make_annotation(article, annotator)


def test_accepting_it_in_the_workspace_makes_one_quote_with_two_fragments(
    client, annotator, annotation, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(annotator)
    args = [annotation.article.project.slug, annotation.pk]
    panel = client.get(reverse("ws_suggestions", args=args)).content.decode()
    assert "We will not give up, … and we will win." in panel
    (suggestion,) = suggest(TEXT)
    response = client.post(
        reverse("ws_suggestion_accept", args=[*args, suggestion.key]), {"version": 1}
    )
    assert response.status_code == 200
    quote = Quote.objects.get(annotation=annotation)
    assert quote.fragment_spans == suggestion.pieces
    assert quote.fragments_text == "We will not give up, … and we will win."
    assert (quote.speaker_mention.text, quote.cue.text) == ("Anna Weber", "said")
    assert quote.speaker.name == "Anna Weber" and quote.origin == "direct_marks_split"
    # Nothing is pending any more: the split suggestion is one decision.
    panel = client.get(reverse("ws_suggestions", args=args)).content.decode()
    assert "We will not give up" not in panel


def test_accepting_it_through_the_api_makes_one_quote_with_two_fragments(project):
    article = factories.make_article(project, text=TEXT)
    manager = factories.add_member(project, role=Role.MANAGER)
    api = APIClient()
    api.force_authenticate(manager)
    answer = api.post("/api/v1/suggest", {"text": TEXT}, format="json").json()
    (suggestion,) = answer["suggestions"]
    assert [f["text"] for f in suggestion["fragments"]] == ["and we will win."]
    spans = [("QUOTE", suggestion["content"]), *(("QUOTE", f) for f in suggestion["fragments"])]
    spans += [("SPEAKER", suggestion["speaker_mention"]), ("CUE", suggestion["cue"])]
    mentions = [
        {"id": i, "label": label, "start": span["start"], "end": span["end"], "text": span["text"]}
        for i, (label, span) in enumerate(spans, start=1)
    ]
    quote = {"content": [1, 2], "speaker_mention": 3, "cue": 4, "type": suggestion["type"]}
    body = {"gold": True, "mentions": mentions, "quotes": [quote]}
    url = reverse("api-annotations", args=[project.slug, article.pk])
    response = api.post(url, body, format="json")
    assert response.status_code == 201, response.json()
    stored = editing.gold_annotation(article).quotes.get()
    assert stored.fragment_spans == ((1, 21), (51, 67))
    assert stored.fragments_text == "We will not give up, … and we will win."
