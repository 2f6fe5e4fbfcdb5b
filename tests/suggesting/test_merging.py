"""Accept all after marking a suggested quote by hand: the suggestion's speaker mention, cue
and speaker go into the hand-made quote, nothing of the annotator's is replaced."""

import pytest

from annotations import editing
from annotations.models import Label, Quote, Status
from annotations.suggesting import merging, stored
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = (
    "Finance Minister Rachel Reeves presented the budget on Wednesday.\n\n"
    "“We will not borrow to pay for everyday spending,” Reeves told reporters.\n\n"
    "“Growth will return by the spring,” Reeves said."
)
FIRST = "We will not borrow to pay for everyday spending,"


@pytest.fixture
def annotation():
    project = factories.make_project()
    factories.make_speaker(project, "Rachel Reeves", aliases=["Reeves"])
    article = factories.make_article(project, text=TEXT)
    user = factories.add_member(project)
    return factories.make_annotation(article, user, status=Status.IN_PROGRESS)


def _hand_made(annotation, **parts):
    start = TEXT.index(FIRST)
    content = editing.add_mention(
        annotation, label=Label.QUOTE, start=start, end=start + len(FIRST)
    )
    return editing.add_quote(annotation, content=content, **parts)


def test_merge_fills_the_hand_made_quote_and_accept_all_takes_the_rest(annotation):
    _hand_made(annotation)
    merged = merging.merge_into_identical(
        annotation, actor=None, expected_version=annotation.version
    )
    assert merged == 1
    stored.accept_all(annotation, expected_version=annotation.version)
    quote = Quote.objects.select_related("speaker_mention", "cue", "speaker").get(
        content__text=FIRST
    )
    assert (quote.speaker_mention.text, quote.cue.text) == ("Reeves", "told reporters")
    assert quote.speaker.name == "Rachel Reeves"
    assert Quote.objects.filter(annotation=annotation).count() == 2
    assert stored.pending_for(annotation) == []


def test_merge_keeps_what_the_annotator_chose(annotation):
    start = TEXT.index("Finance Minister")
    mine = editing.add_mention(annotation, label=Label.SPEAKER, start=start, end=start + 16)
    _hand_made(annotation, speaker_mention=mine)
    merging.merge_into_identical(annotation, actor=None, expected_version=annotation.version)
    quote = Quote.objects.select_related("speaker_mention", "cue").get(content__text=FIRST)
    assert quote.speaker_mention.text == "Finance Minister"
    assert quote.cue.text == "told reporters"
