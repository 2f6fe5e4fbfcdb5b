"""Changing an annotation: spans checked, versions enforced, every change in the history."""

import datetime

import pytest
from django.utils import timezone

from annotations import editing
from annotations.models import AnnotationEvent, Label, Mention, Quote, Status
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "Alice said: “Hello, world.” Bob added that it rained."


@pytest.fixture
def annotation(project, annotator):
    article = factories.make_article(project, text=TEXT)
    return editing.own_annotation(article, annotator)


def test_own_annotation_starts_in_progress(annotation):
    assert annotation.status == Status.IN_PROGRESS and annotation.version == 1


def test_add_mention_stores_the_slice_and_raises_the_version(annotation):
    mention = editing.add_mention(annotation, label="QUOTE", start=13, end=26, expected_version=1)
    assert mention.text == "Hello, world."
    annotation.refresh_from_db()
    assert annotation.version == 2


def test_span_outside_text_changes_nothing(annotation):
    with pytest.raises(editing.spans.SpanOutsideText):
        editing.add_mention(annotation, label="QUOTE", start=40, end=400)
    annotation.refresh_from_db()
    assert annotation.version == 1 and not Mention.objects.exists()


def test_stale_version_is_refused_and_changes_nothing(annotation):
    editing.add_mention(annotation, label="QUOTE", start=13, end=26, expected_version=1)
    with pytest.raises(editing.StaleVersion) as error:
        editing.add_mention(annotation, label="SPEAKER", start=0, end=5, expected_version=1)
    assert "version 1" in str(error.value) and "version 2" in str(error.value)
    assert Mention.objects.count() == 1


def test_quote_links_speaker_and_cue_of_the_same_annotation(annotation, project):
    content = editing.add_mention(annotation, label="QUOTE", start=13, end=26)
    speaker = editing.add_mention(annotation, label="SPEAKER", start=0, end=5)
    cue = editing.add_mention(annotation, label="CUE", start=6, end=10)
    quote = editing.add_quote(
        annotation,
        content=content,
        speaker_mention=speaker,
        cue=cue,
        speaker=factories.make_speaker(project, "Alice"),
    )
    assert (quote.speaker_mention.text, quote.cue.text, quote.speaker.name) == (
        "Alice",
        "said",
        "Alice",
    )


def test_quote_with_a_mention_of_another_annotation_is_refused(annotation, project):
    other = editing.own_annotation(annotation.article, factories.add_member(project))
    foreign = editing.add_mention(other, label="SPEAKER", start=0, end=5)
    content = editing.add_mention(annotation, label="QUOTE", start=13, end=26)
    with pytest.raises(editing.EditError) as error:
        editing.add_quote(annotation, content=content, speaker_mention=foreign)
    assert error.value.field == "speaker_mention"
    assert not Quote.objects.exists()


def test_quote_with_a_wrongly_labelled_mention_is_refused(annotation):
    content = editing.add_mention(annotation, label="QUOTE", start=13, end=26)
    cue = editing.add_mention(annotation, label="CUE", start=6, end=10)
    with pytest.raises(editing.EditError, match="needs a SPEAKER mention"):
        editing.add_quote(annotation, content=content, speaker_mention=cue)


def test_speaker_of_another_project_is_refused(annotation):
    content = editing.add_mention(annotation, label="QUOTE", start=13, end=26)
    stranger = factories.make_speaker(factories.make_project(), "Alice")
    with pytest.raises(editing.EditError, match="another project"):
        editing.add_quote(annotation, content=content, speaker=stranger)


def test_deleting_a_quote_removes_its_content_but_keeps_the_speaker_mention(annotation):
    content = editing.add_mention(annotation, label="QUOTE", start=13, end=26)
    speaker = editing.add_mention(annotation, label="SPEAKER", start=0, end=5)
    quote = editing.add_quote(annotation, content=content, speaker_mention=speaker)
    editing.delete_quote(annotation, quote)
    assert list(Mention.objects.values_list("label", flat=True)) == [Label.SPEAKER]


def test_every_change_is_recorded_with_the_state_after_it(annotation, annotator):
    content = editing.add_mention(annotation, label="QUOTE", start=13, end=26, actor=annotator)
    editing.add_quote(annotation, content=content, actor=annotator)
    events = list(AnnotationEvent.objects.order_by("version"))
    assert [e.action for e in events] == ["mention_created", "quote_created"]
    assert events[-1].actor == annotator and len(events[-1].snapshot["quotes"]) == 1


def test_replace_contents_restores_a_snapshot(annotation):
    content = editing.add_mention(annotation, label="QUOTE", start=13, end=26)
    editing.add_quote(annotation, content=content, type="direct")
    saved = editing.snapshot(annotation)
    editing.delete_quote(annotation, annotation.quotes.get())
    editing.replace_contents(annotation, saved)
    restored = editing.snapshot(annotation)
    strip = lambda s: [(m["label"], m["start"], m["end"]) for m in s["mentions"]]  # noqa: E731
    assert strip(restored) == strip(saved) and restored["quotes"][0]["type"] == "direct"


def test_replace_contents_with_a_bad_span_changes_nothing(annotation):
    editing.add_mention(annotation, label="QUOTE", start=13, end=26)
    bad = {"mentions": [{"id": 1, "label": "QUOTE", "start": 0, "end": 999}], "quotes": []}
    with pytest.raises(editing.EditError) as error:
        editing.replace_contents(annotation, bad)
    assert error.value.field == "mentions[0].end"
    assert Mention.objects.count() == 1


def test_skipping_needs_a_reason(annotation):
    with pytest.raises(editing.EditError, match="say why"):
        editing.set_status(annotation, Status.SKIPPED)


def test_submitting_records_time_spent(annotation):
    # Time counts within the time since the start: this one began an hour ago.
    annotation.started_at = timezone.now() - datetime.timedelta(hours=1)
    editing.set_status(annotation, Status.SUBMITTED, time_spent=42)
    annotation.refresh_from_db()
    assert annotation.status == Status.SUBMITTED and annotation.time_spent == 42
    assert annotation.submitted_at is not None


def test_recorded_snapshot_equals_the_annotation_read_back(annotation, project):
    content = editing.add_mention(annotation, label="QUOTE", start=13, end=26)
    cue = editing.add_mention(annotation, label="CUE", start=6, end=10)
    editing.add_mention(annotation, label="SPEAKER", start=0, end=5)
    editing.add_quote(annotation, content=content, cue=cue, speaker=factories.make_speaker(project))
    event = AnnotationEvent.objects.order_by("-version").first()
    assert event.snapshot == editing.snapshot(annotation)
    assert [m["start"] for m in event.snapshot["mentions"]] == [0, 6, 13]


def test_replace_contents_refuses_a_mention_id_used_twice(annotation):
    twice = [{"id": 1, "label": "QUOTE", "start": 13, "end": 26}] * 2
    with pytest.raises(editing.EditError) as error:
        editing.replace_contents(annotation, {"mentions": twice, "quotes": []})
    assert error.value.field == "mentions[1].id"


def test_replace_contents_refuses_the_same_span_twice_and_changes_nothing(annotation):
    editing.add_mention(annotation, label="CUE", start=6, end=10)
    same = [
        {"id": 1, "label": "QUOTE", "start": 13, "end": 26},
        {"id": 2, "label": "QUOTE", "start": 13, "end": 26},
    ]
    with pytest.raises(editing.EditError, match="already is a QUOTE mention at 13–26"):
        editing.replace_contents(annotation, {"mentions": same, "quotes": []})
    assert list(Mention.objects.values_list("label", flat=True)) == ["CUE"]
