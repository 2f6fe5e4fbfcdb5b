"""Small import files written by the tests: newsquotes JSONL records and friends."""

import json
import zipfile
from pathlib import Path

TEXT = "Alice said: “We will win.” Bob added that it was over."
# QUOTE “We will win.” content without marks: 13–25; SPEAKER Alice 0–5; CUE said 6–10.


def record(external_id: str = "a1", text: str = TEXT, annotations=None, **fields) -> dict:
    base = {
        "external_id": external_id, "title": "A title", "text": text, "source": "Wire",
        "url": "", "author": "", "published": "2023-11-28", "language": "en", "meta": {},
    }  # fmt: skip
    base.update(fields)
    if annotations is not None:
        base["annotations"] = annotations
    return base


def gold(mentions=None, quotes=None, annotator=None, status="gold") -> dict:
    mentions = mentions if mentions is not None else [
        {"id": 1, "label": "SPEAKER", "start": 0, "end": 5, "text": "Alice"},
        {"id": 2, "label": "CUE", "start": 6, "end": 10, "text": "said"},
        {"id": 3, "label": "QUOTE", "start": 13, "end": 25, "text": "We will win."},
    ]  # fmt: skip
    quotes = quotes if quotes is not None else [
        {"id": 1, "type": "direct", "content": 3, "speaker_mention": 1, "cue": 2,
         "speaker": {"name": "Alice Smith", "aliases": ["Alice"], "description": "", "wikidata_id": ""},  # noqa: E501
         "origin": ""},
    ]  # fmt: skip
    return {
        "annotator": annotator, "status": status, "created_at": "2026-11-25T02:10:00+00:00",
        "updated_at": "2026-11-25T02:10:00+00:00", "mentions": mentions, "quotes": quotes,
    }  # fmt: skip


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def write_zip(path: Path, members: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode("utf-8") if isinstance(content, str) else content)
    return path
