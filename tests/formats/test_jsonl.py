"""The JSONL and JSON-array readers: line numbers, bad JSON, bad UTF-8, truncated arrays."""

import json

import pytest

from annotations.formats import jsonl
from annotations.formats.records import FileProblem
from tests.factories import IMPORT_TEXT as TEXT
from tests.factories import byte_stream, gold, record


def test_jsonl_reader_numbers_lines_and_skips_blank_ones():
    data = json.dumps(record("a")) + "\n\n" + json.dumps(record("b")) + "\n"
    parsed = list(jsonl.read_jsonl(byte_stream(data), "f.jsonl"))
    assert [p.where for p in parsed] == ["f.jsonl line 1", "f.jsonl line 3"]
    assert [p.record["external_id"] for p in parsed] == ["a", "b"]


def test_jsonl_reader_reports_bad_json_with_its_line():
    parsed = list(jsonl.read_jsonl(byte_stream('{"a": 1}\n{"broken": \n'), "f.jsonl"))
    assert parsed[1].record is None
    assert parsed[1].errors[0].where == "f.jsonl line 2"
    assert "bad JSON" in parsed[1].errors[0].message


def test_jsonl_reader_reports_invalid_utf8_with_its_byte_position():
    data = b'{"text": "ok"}\n{"text": "caf\xe9"}\n'
    parsed = list(jsonl.read_jsonl(byte_stream(data), "f.jsonl"))
    assert parsed[1].errors[0].message == "invalid UTF-8 at byte 28 of the file"


def test_json_array_reader_streams_records_across_chunks():
    records = [record(f"a{n}", text="x" * 300) for n in range(20)]
    stream = byte_stream(json.dumps(records))
    values = list(jsonl.iter_json_array(stream, "f.json", chunk_size=64))
    assert [number for number, _ in values] == list(range(1, 21))
    assert values[-1][1]["external_id"] == "a19"


def test_json_array_reader_refuses_a_truncated_array():
    with pytest.raises(FileProblem, match="record 2"):
        list(jsonl.iter_json_array(byte_stream('[{"a": 1}, {"b": '), "f.json"))


def test_gold_builder_matches_the_text():
    # Guards the fixtures the other tests rely on.
    for mention in gold()["mentions"]:
        assert TEXT[mention["start"] : mention["end"]] == mention["text"]
