"""A quote in several fragments (“…,” he said, “…”): editing, history, review, agreement."""

import json

import pytest
from django.urls import reverse

from annotations import agreement, contents, editing, exporting, importing, review
from annotations.models import Annotation, AnnotationEvent, Mention, Quote, Status
from annotations.suggesting import evaluation
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "“We will not give up,” he said, “and we will win.” She agreed."
FIRST, SECOND, HE, SAID = (1, 21), (33, 49), (23, 25), (26, 30)


@pytest.fixture
def article(project):
    return factories.make_article(project, text=TEXT)


def quote_in(annotation, *pieces, speaker=None):
    """A quote of the annotation made of fragments at `pieces`, through editing."""
    mentions = [
        editing.add_mention(annotation, label="QUOTE", start=start, end=end)
        for start, end in pieces
    ]
    quote = editing.add_quote(annotation, content=mentions[0], speaker_mention=speaker)
    for mention in mentions[1:]:
        editing.add_fragment(annotation, quote, mention)
    return Quote.objects.get(pk=quote.pk)


def submitted(article, name, *quotes):
    user = factories.make_user(name)
    factories.add_member(article.project, user)
    annotation = editing.own_annotation(article, user)
    for pieces in quotes:
        quote_in(annotation, *pieces)
    editing.set_status(annotation, Status.SUBMITTED)
    return annotation


def test_a_fragment_joins_the_quote_in_text_order(article):
    gold = editing.gold_annotation(article)
    quote = quote_in(gold, SECOND, FIRST)
    assert quote.fragment_spans == (FIRST, SECOND) and quote.content.start == 1
    assert quote.fragments_text == "We will not give up, … and we will win."
    assert editing.snapshot(gold)["quotes"][0]["content"] == [m.pk for m in quote.fragments]


def test_a_fragment_that_overlaps_the_quote_is_refused(article):
    gold = editing.gold_annotation(article)
    quote = quote_in(gold, FIRST)
    inside = editing.add_mention(gold, label="QUOTE", start=4, end=8)
    with pytest.raises(editing.EditError, match="overlaps the quote's fragment 1–21"):
        editing.add_fragment(gold, quote, inside)


def test_a_fragment_of_another_quote_is_refused(article):
    gold = editing.gold_annotation(article)
    first, second = quote_in(gold, FIRST), quote_in(gold, SECOND)
    with pytest.raises(editing.EditError, match="already a quote"):
        editing.add_fragment(gold, first, second.content)


def test_removing_the_first_fragment_keeps_the_quote_from_the_next(article):
    gold = editing.gold_annotation(article)
    he = editing.add_mention(gold, label="SPEAKER", start=23, end=25)
    quote = quote_in(gold, FIRST, SECOND, speaker=he)
    editing.remove_fragment(gold, quote, quote.content)
    quote = Quote.objects.get(pk=quote.pk)
    assert quote.fragment_spans == (SECOND,) and quote.speaker_mention == he
    assert not Mention.objects.filter(annotation=gold, start=1).exists()


def test_the_last_fragment_cannot_be_removed(article):
    gold = editing.gold_annotation(article)
    quote = quote_in(gold, FIRST)
    with pytest.raises(editing.EditError, match="at least one fragment"):
        editing.remove_fragment(gold, quote, quote.content)


def test_deleting_a_first_fragments_span_keeps_the_quote(article):
    gold = editing.gold_annotation(article)
    quote = quote_in(gold, FIRST, SECOND)
    editing.delete_mention(gold, Mention.objects.get(annotation=gold, start=1))
    assert Quote.objects.get(pk=quote.pk).fragment_spans == (SECOND,)


def test_deleting_the_quote_removes_every_fragment(article):
    gold = editing.gold_annotation(article)
    quote = quote_in(gold, FIRST, SECOND)
    editing.delete_quote(gold, quote)
    assert not Mention.objects.filter(annotation=gold).exists()


def test_restoring_a_snapshot_brings_the_fragments_back(article):
    gold = editing.gold_annotation(article)
    quote_in(gold, FIRST, SECOND)
    saved = editing.snapshot(gold)
    editing.replace_contents(gold, {"mentions": [], "quotes": []})
    editing.replace_contents(gold, saved)
    (quote,) = gold.quotes.all()
    assert quote.fragment_spans == (FIRST, SECOND)


def test_review_aligns_quotes_that_share_any_fragment(article):
    split = submitted(article, "ann", (FIRST, SECOND))
    second_only = submitted(article, "ben", (SECOND,))
    (row,) = review.align(review.versions_for_review(article))
    assert [c.quote is not None for c in row.cells] == [True, True]
    assert (row.start, row.end) == (1, 49) and "other boundaries" in row.differences
    assert {c.annotation for c in row.cells} == {split, second_only}


def test_the_review_page_shows_each_versions_fragments(client, project, article):
    submitted(article, "ann", (FIRST, SECOND))
    reviewer = factories.add_member(project, factories.make_user("rev"), role="reviewer")
    client.force_login(reviewer)
    page = client.get(reverse("review", args=[project.slug, article.pk])).content.decode()
    assert 'title="1–21">We will not give up,</span>' in page
    assert 'title="33–49">and we will win.</span>' in page


def test_taking_a_split_quote_into_gold_takes_its_fragments(article):
    split = submitted(article, "ann", (FIRST, SECOND))
    gold = editing.gold_annotation(article)
    quote_in(gold, SECOND)  # the other choice, which gives way
    taken = review.take_quote(gold, split.quotes.get(), expected_version=gold.version)
    assert [q.fragment_spans for q in gold.quotes.all()] == [(FIRST, SECOND)]
    assert taken.fragment_spans == (FIRST, SECOND)


def test_agreement_exact_needs_the_same_fragments_and_overlap_any_shared_one(project, article):
    a = submitted(article, "ann", (FIRST, SECOND))
    b = submitted(article, "ben", (SECOND,))
    counts = agreement.compare(list(a.quotes.all()), list(b.quotes.all()))
    assert (counts.exact, counts.overlap) == (0, 1)
    c = submitted(article, "cat", (FIRST, SECOND))
    counts = agreement.compare(list(a.quotes.all()), list(c.quotes.all()))
    assert (counts.exact, counts.overlap) == (1, 1)


def test_the_three_snapshots_agree_on_a_split_quote(project, tmp_path):
    mentions = [
        {"id": 1, "label": "QUOTE", "start": 33, "end": 49, "text": TEXT[33:49]},
        {"id": 2, "label": "SPEAKER", "start": 23, "end": 25, "text": "he"},
        {"id": 3, "label": "QUOTE", "start": 1, "end": 21, "text": TEXT[1:21]},
    ]
    quote = {"id": 1, "type": "direct", "content": [1, 3], "speaker_mention": 2}
    gold = {"annotator": None, "status": "gold", "mentions": mentions, "quotes": [quote]}
    record = {"external_id": "s1", "title": "", "text": TEXT, "annotations": [gold]}
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = importing.run_import(project, [(str(path), "s.jsonl")], importing.ImportOptions())
    assert result.errors == []
    annotation = Annotation.objects.get(article__project=project)
    imported = AnnotationEvent.objects.get(annotation=annotation, action="imported").snapshot
    editing.record_event(annotation, None, "checked", {})
    recorded = AnnotationEvent.objects.get(annotation=annotation, action="checked").snapshot
    assert imported == recorded == contents.snapshot(annotation)
    first, second = (m["id"] for m in recorded["mentions"] if m["label"] == "QUOTE")
    assert recorded["quotes"][0]["content"] == [first, second]
    (exported,) = exporting.article_records(project, Annotation.objects.filter(pk=annotation.pk))
    assert exported["annotations"][0]["quotes"][0]["content"] == [1, 3]


def test_the_suggester_evaluation_reads_a_reference_with_a_split_quote():
    mentions = [
        {"id": 1, "label": "QUOTE", "start": 1, "end": 21},
        {"id": 2, "label": "QUOTE", "start": 33, "end": 49},
    ]
    quote = {"id": 1, "type": "direct", "content": [1, 2]}
    gold = {"annotator": None, "status": "gold", "mentions": mentions, "quotes": [quote]}
    record = {"external_id": "s", "text": TEXT, "annotations": [gold]}
    (reference,) = evaluation.read_references([json.dumps(record)])
    assert reference.quotes[0].content == (1, 49)
