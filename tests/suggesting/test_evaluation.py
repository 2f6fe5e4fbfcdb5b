"""manage.py evaluate_suggester: figures against a reference JSONL file."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests import factories

FIXTURE = Path(__file__).resolve().parents[2] / "annotations" / "fixtures" / "peskov_nato.jsonl"


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("evaluate_suggester", *args, stdout=out)
    return out.getvalue()


def row(output: str, part: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.startswith(part + " "))


def test_example_article_meets_the_target(db):
    output = run(str(FIXTURE))
    _, precision, recall, *_ = row(output, "quote_overlap")
    assert float(precision) >= 0.8 and float(recall) >= 0.8


def test_every_part_is_reported(db):
    output = run(str(FIXTURE), "--no-speakers")
    for part in ("quote_exact", "quote_overlap", "speaker_mention", "speaker", "cue"):
        assert row(output, part)


def test_a_missed_quote_lowers_recall(db, tmp_path):
    record = json.loads(FIXTURE.read_text(encoding="utf-8"))
    text = record["text"] + "\n\nThe mayor is confident the city is safe."
    record["text"] = text
    annotation = record["annotations"][0]
    start = text.index("the city")
    annotation["mentions"].append(
        {"id": 99, "label": "QUOTE", "start": start, "end": len(text) - 1}
    )
    annotation["quotes"].append({"id": 99, "type": "indirect", "content": 99})
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    _, _, recall, *_ = row(run(str(path)), "quote_overlap")
    assert float(recall) == pytest.approx(11 / 12, abs=0.001)


def test_project_speakers_can_be_used(project):
    # The project's canonical name differs from the reference's: its 6 Peskov quotes miss.
    factories.make_speaker(project, "Peskov, Dmitry S.", aliases=["Peskov", "Dmitry Peskov"])
    _, precision, *_ = row(run(str(FIXTURE), "--project", project.slug), "speaker")
    assert float(precision) == pytest.approx(5 / 11, abs=0.001)


def test_unknown_project_is_an_error(db):
    with pytest.raises(CommandError, match="--project"):
        run(str(FIXTURE), "--project", "nope")


def test_broken_line_is_named(db, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(FIXTURE.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        run(str(path))


def test_span_that_does_not_match_the_text_is_named(db, tmp_path):
    record = json.loads(FIXTURE.read_text(encoding="utf-8"))
    record["annotations"][0]["mentions"][0]["text"] = "something else"
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 1: text"):
        run(str(path))
