"""History: every change recorded with who and what; restore gives back exactly what was."""

import pytest

from annotations import editing, history
from annotations.models import AnnotationEvent, Role
from tests import factories
from tests.factories import ALICE, BOB, FINE, HELLO, SAID, version
from tests.factories import TEAM_TEXT as TEXT

pytestmark = pytest.mark.django_db


def _state(annotation) -> dict:
    """The annotation's contents with database ids replaced by what they point at."""
    mentions = {m.pk: (m.label, m.start, m.end, m.text) for m in annotation.mentions.all()}
    quotes = sorted(
        (
            mentions[q.content_id],
            q.type,
            mentions.get(q.speaker_mention_id),
            mentions.get(q.cue_id),
            q.speaker_id,
        )
        for q in annotation.quotes.all()
    )
    return {"mentions": sorted(mentions.values()), "quotes": quotes}


@pytest.fixture
def annotation(project, annotator):
    article = factories.make_article(project, text=TEXT)
    alice = factories.make_speaker(project, "Alice")
    spec = {"content": HELLO, "speaker": alice, "mention": ALICE, "cue": SAID, "type": "mixed"}
    return version(article, annotator, [spec], status="in_progress")


def test_restore_gives_back_exactly_the_earlier_state(annotation, annotator, project):
    before = _state(annotation)
    event = annotation.events.order_by("-id").first()
    bob = factories.make_speaker(project, "Bob")
    quote = annotation.quotes.get()
    speaker = editing.add_mention(annotation, label="SPEAKER", start=BOB[0], end=BOB[1])
    editing.update_quote(annotation, quote, speaker=bob, speaker_mention=speaker, type="direct")
    editing.add_quote(
        annotation, content=editing.add_mention(annotation, label="QUOTE", start=68, end=73)
    )
    editing.delete_mention(annotation, annotation.mentions.get(label="CUE"))
    assert _state(annotation) != before
    history.restore(annotation, event, actor=annotator)
    assert _state(annotation) == before


def test_restore_is_itself_recorded_with_its_source_version(annotation, annotator):
    event = annotation.events.order_by("id").first()
    history.restore(annotation, event, actor=annotator)
    last = annotation.events.order_by("-id").first()
    assert (last.action, last.actor, last.detail["restored_from"]) == (
        "restored",
        annotator,
        event.version,
    )


def test_restore_with_a_stale_version_changes_nothing(annotation):
    event = annotation.events.order_by("id").first()
    before = _state(annotation)
    with pytest.raises(editing.StaleVersion):
        history.restore(annotation, event, expected_version=1)
    assert _state(annotation) == before


def test_restore_refuses_another_annotations_event(annotation, project):
    other = editing.gold_annotation(annotation.article)
    editing.add_mention(other, label="QUOTE", start=FINE[0], end=FINE[1])
    with pytest.raises(editing.EditError):
        history.restore(annotation, other.events.get())


def test_every_change_is_in_the_history_with_who(annotation, annotator):
    mention = annotation.mentions.get(label="CUE")
    editing.delete_mention(annotation, mention, actor=annotator)
    event = annotation.events.order_by("-id").first()
    assert event.action == "mention_deleted" and event.actor == annotator
    assert history.describe(event) == "deleted a span: CUE “said” (6–10)"


def test_annotator_sees_only_their_own_history(annotation, project):
    other = factories.add_member(project, role=Role.ANNOTATOR)
    version(annotation.article, other, [{"content": FINE}])
    events = history.article_history(annotation.article, other, Role.ANNOTATOR)
    assert {e.annotation.annotator for e in events} == {other}


def test_reviewer_sees_everyones_history(annotation, project):
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    events = history.article_history(annotation.article, reviewer, Role.REVIEWER)
    assert events.count() == AnnotationEvent.objects.count()
