"""contents.py: the three places that write an annotation's contents as plain data (the import
writer's `imported` event, the history event PostgreSQL builds, the export record) agree."""

import json

import pytest

from annotations import contents, editing, exporting, importing
from annotations.models import Annotation, AnnotationEvent, Speaker

pytestmark = pytest.mark.django_db

TEXT = "Alice said: “We will win.” Bob added that it was over."


def span(label: str, number: int, part: str) -> dict:
    start = TEXT.index(part)
    return {"id": number, "label": label, "start": start, "end": start + len(part), "text": part}


def test_event_snapshot_import_snapshot_and_export_record_agree(project, tmp_path):
    # Mentions listed out of text order, so every writer has to sort them the same way.
    mentions = [
        span("QUOTE", 1, "it was over"),
        span("SPEAKER", 2, "Bob"),
        span("CUE", 3, "added"),
        span("QUOTE", 4, "We will win."),
        span("SPEAKER", 5, "Alice"),
    ]
    alice = {"name": "Alice Smith", "aliases": ["Alice"], "description": "", "wikidata_id": ""}
    quotes = [
        {"id": 1, "type": "indirect", "content": 1, "speaker_mention": 2, "cue": 3,
         "speaker": None, "origin": "rules"},
        {"id": 2, "type": "direct", "content": 4, "speaker_mention": 5, "cue": None,
         "speaker": alice, "origin": ""},
    ]  # fmt: skip
    record = {
        "external_id": "a1", "title": "", "text": TEXT, "source": "", "url": "", "author": "",
        "published": None, "language": "en", "meta": {},
        "annotations": [{"annotator": None, "status": "gold", "created_at": None,
                         "updated_at": None, "mentions": mentions, "quotes": quotes}],
    }  # fmt: skip
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = importing.run_import(
        project, [(str(path), path.name)], importing.ImportOptions.build()
    )
    assert result.errors == []
    annotation = Annotation.objects.get(article__project=project)

    imported = AnnotationEvent.objects.get(annotation=annotation, action="imported").snapshot
    # Any edit records an event whose snapshot PostgreSQL builds from contents' SQL.
    editing.record_event(annotation, None, "checked", {})
    recorded = AnnotationEvent.objects.get(annotation=annotation, action="checked").snapshot
    assert imported == recorded == contents.snapshot(annotation)
    assert [m["text"] for m in recorded["mentions"]] == [
        "Alice", "We will win.", "Bob", "added", "it was over",
    ]  # fmt: skip
    assert [q["type"] for q in recorded["quotes"]] == ["direct", "indirect"]

    (exported,) = exporting.article_records(project, Annotation.objects.filter(pk=annotation.pk))
    # The export numbers mentions and quotes 1, 2, 3 … and gives the speaker whole.
    number = {m["id"]: index for index, m in enumerate(recorded["mentions"], start=1)}
    speakers = {
        s.pk: {key: getattr(s, key) for key in exporting.SPEAKER_KEYS}
        for s in Speaker.objects.filter(project=project)
    }
    expected_quotes = []
    for index, quote in enumerate(recorded["quotes"], start=1):
        quote = {**quote, "id": index, "speaker": speakers.get(quote["speaker"])}
        for name in ("content", "speaker_mention", "cue"):
            quote[name] = number.get(quote[name])
        expected_quotes.append(quote)
    (version,) = exported["annotations"]
    assert version["mentions"] == [{**m, "id": number[m["id"]]} for m in recorded["mentions"]]
    assert version["quotes"] == expected_quotes
    assert version["quotes"][0]["speaker"] == alice
    assert tuple(version["mentions"][0]) == contents.MENTION_FIELDS
    assert tuple(version["quotes"][0]) == contents.QUOTE_FIELDS
