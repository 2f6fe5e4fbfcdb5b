"""Review: alignment across versions, marked differences, taking versions and quotes into gold."""

import pytest

from annotations import editing, review
from annotations.models import Status
from tests import factories
from tests.factories import ADDED, ALICE, BOB, FINE, HELLO, RAINED, SAID, THAT_RAINED, version
from tests.factories import TEAM_TEXT as TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(project):
    project.overlap = 2
    project.save()
    article = factories.make_article(project, text=TEXT)
    a = factories.add_member(project, factories.make_user("ann"))
    b = factories.add_member(project, factories.make_user("ben"))
    return article, a, b


def _rows(article):
    return review.align(review.versions_for_review(article))


def test_overlapping_quotes_share_a_row_with_other_boundaries_marked(setup):
    article, a, b = setup
    version(article, a, [{"content": RAINED}])
    version(article, b, [{"content": THAT_RAINED}])
    (row,) = _rows(article)
    assert [c.quote.content.text for c in row.cells] == ["it rained", "that it rained"]
    assert row.differences == [review.BOUNDARIES]


def test_a_quote_only_one_version_has_is_marked_missing_in_the_other(setup):
    article, a, b = setup
    version(article, a, [{"content": HELLO}, {"content": FINE}])
    version(article, b, [{"content": HELLO}])
    hello, fine = _rows(article)
    assert hello.differences == []
    assert fine.differences == [review.MISSING]
    assert fine.cells[1].quote is None and review.MISSING in fine.cells[1].differs


def test_other_speaker_type_and_cue_are_marked(setup, project):
    article, a, b = setup
    alice, bob = factories.make_speaker(project, "Alice"), factories.make_speaker(project, "Bob")
    version(article, a, [{"content": HELLO, "speaker": alice, "mention": ALICE, "cue": SAID}])
    version(
        article,
        b,
        [{"content": HELLO, "speaker": bob, "mention": BOB, "cue": ADDED, "type": "indirect"}],
    )
    (row,) = _rows(article)
    assert row.differences == [review.SPEAKER, review.TYPE, review.CUE]


def test_in_progress_versions_are_not_shown(setup):
    article, a, b = setup
    version(article, a, [{"content": HELLO}])
    version(article, b, [{"content": FINE}], status=Status.IN_PROGRESS)
    assert [v.annotator for v in review.versions_for_review(article)] == [a]


def test_take_version_copies_everything_into_gold(setup, project):
    article, a, _ = setup
    alice = factories.make_speaker(project, "Alice")
    source = version(article, a, [{"content": HELLO, "speaker": alice, "mention": ALICE}])
    gold = editing.gold_annotation(article)
    review.take_version(gold, source, expected_version=gold.version)
    (quote,) = gold.quotes.all()
    assert (quote.content.text, quote.speaker, quote.speaker_mention.text) == (
        "Hello, world.",
        alice,
        "Alice",
    )


def test_take_quote_replaces_the_speaker_of_the_same_gold_quote(setup, project):
    article, a, b = setup
    alice, bob = factories.make_speaker(project, "Alice"), factories.make_speaker(project, "Bob")
    version(article, a, [{"content": HELLO, "speaker": alice, "mention": ALICE}])
    theirs = version(article, b, [{"content": HELLO, "speaker": bob, "mention": BOB}])
    gold = editing.gold_annotation(article)
    review.take_version(gold, article.annotations.get(annotator=a), expected_version=1)
    review.take_quote(gold, theirs.quotes.get(), expected_version=gold.version)
    (quote,) = gold.quotes.all()
    assert (quote.speaker, quote.speaker_mention.text) == (bob, "Bob")


def test_take_quote_reuses_identical_gold_mentions(setup):
    article, a, b = setup
    version(article, a, [{"content": HELLO, "mention": ALICE}])
    theirs = version(article, b, [{"content": FINE, "mention": ALICE}])
    gold = editing.gold_annotation(article)
    review.take_version(gold, article.annotations.get(annotator=a), expected_version=1)
    review.take_quote(gold, theirs.quotes.get(), expected_version=gold.version)
    assert gold.mentions.filter(label="SPEAKER").count() == 1
    assert gold.quotes.count() == 2


def test_take_quote_with_a_stale_gold_version_changes_nothing(setup):
    article, a, b = setup
    mine = version(article, a, [{"content": HELLO}])
    theirs = version(article, b, [{"content": FINE, "mention": BOB}])
    gold = editing.gold_annotation(article)
    review.take_version(gold, mine, expected_version=1)  # another reviewer, meanwhile
    with pytest.raises(editing.StaleVersion):
        review.take_quote(gold, theirs.quotes.get(), expected_version=1)
    assert gold.quotes.count() == 1 and gold.mentions.count() == 1


def test_accept_gold_marks_the_article_done(setup):
    article, a, _ = setup
    gold = editing.gold_annotation(article)
    review.accept_gold(gold, expected_version=1)
    gold.refresh_from_db()
    assert gold.accepted_at is not None and gold.version == 2


def test_accept_gold_with_a_stale_version_is_refused(setup):
    article, *_ = setup
    gold = editing.gold_annotation(article)
    review.accept_gold(gold, expected_version=1)
    with pytest.raises(editing.StaleVersion):
        review.accept_gold(gold, expected_version=1)
