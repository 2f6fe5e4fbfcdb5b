"""The readers of annotations/formats/: each turns its format into article records."""

import io
import json

import pytest

from annotations.formats import brat, csvfile, doccano, jsonl, labelstudio, text
from annotations.formats.records import FileProblem
from annotations.formats.spanlinks import parse_label_map
from annotations.quotemarks import quote_type_from_marks
from tests.import_files import TEXT, gold, record, write_zip


def _stream(content: str | bytes) -> io.BytesIO:
    return io.BytesIO(content.encode("utf-8") if isinstance(content, str) else content)


def test_jsonl_reader_numbers_lines_and_skips_blank_ones():
    data = json.dumps(record("a")) + "\n\n" + json.dumps(record("b")) + "\n"
    parsed = list(jsonl.read_jsonl(_stream(data), "f.jsonl"))
    assert [p.where for p in parsed] == ["f.jsonl line 1", "f.jsonl line 3"]
    assert [p.record["external_id"] for p in parsed] == ["a", "b"]


def test_jsonl_reader_reports_bad_json_with_its_line():
    parsed = list(jsonl.read_jsonl(_stream('{"a": 1}\n{"broken": \n'), "f.jsonl"))
    assert parsed[1].record is None
    assert parsed[1].errors[0].where == "f.jsonl line 2"
    assert "bad JSON" in parsed[1].errors[0].message


def test_jsonl_reader_reports_invalid_utf8_with_its_byte_position():
    data = b'{"text": "ok"}\n{"text": "caf\xe9"}\n'
    parsed = list(jsonl.read_jsonl(_stream(data), "f.jsonl"))
    assert parsed[1].errors[0].message == "invalid UTF-8 at byte 28 of the file"


def test_json_array_reader_streams_records_across_chunks():
    records = [record(f"a{n}", text="x" * 300) for n in range(20)]
    stream = _stream(json.dumps(records))
    values = list(jsonl.iter_json_array(stream, "f.json", chunk_size=64))
    assert [number for number, _ in values] == list(range(1, 21))
    assert values[-1][1]["external_id"] == "a19"


def test_json_array_reader_refuses_a_truncated_array():
    with pytest.raises(FileProblem, match="record 2"):
        list(jsonl.iter_json_array(_stream('[{"a": 1}, {"b": '), "f.json"))


def test_csv_reader_puts_unknown_columns_in_meta():
    data = "external_id,title,text,published,section\nx1,T,Some text,2023-01-02,World\n"
    (parsed,) = list(csvfile.read_csv(_stream(data), "f.csv"))
    assert parsed.record["text"] == "Some text"
    assert parsed.record["published"] == "2023-01-02"
    assert parsed.record["meta"] == {"section": "World"}


def test_csv_reader_refuses_a_header_without_text():
    with pytest.raises(FileProblem, match="text"):
        list(csvfile.read_csv(_stream("external_id,title\nx,y\n"), "f.csv"))


def test_text_reader_takes_the_first_line_as_title_and_the_name_as_id():
    (parsed,) = list(text.read_text_files([("dir/story-1.txt", b"Headline\n\nBody.")]))
    assert parsed.record["external_id"] == "story-1"
    assert parsed.record["title"] == "Headline"
    assert parsed.record["text"] == "Headline\n\nBody."


def test_brat_reader_reads_spans_relations_attributes_and_notes(tmp_path):
    ann = (
        "T1\tSPEAKER 0 5\tAlice\nT2\tCUE 6 10\tsaid\nT3\tQUOTE 13 25\tWe will win.\n"
        "R1\tsaid_by Arg1:T1 Arg2:T3\nR2\tcue_of Arg1:T2 Arg2:T3\nA1\tType T3 mixed\n"
        "#1\tAnnotatorNotes T3\tspeaker: Alice Smith\nN1\tReference T3 Wikidata:Q42\tAlice Smith\n"
    )
    path = write_zip(tmp_path / "c.zip", {"doc1.txt": TEXT, "doc1.ann": ann})
    (parsed,) = list(brat.read_brat_zip(str(path), "c.zip", {}))
    assert parsed.errors == [] and parsed.warnings == []
    (quote,) = parsed.record["annotations"][0]["quotes"]
    assert quote["type"] == "mixed"
    assert quote["speaker"]["name"] == "Alice Smith" and quote["speaker"]["wikidata_id"] == "Q42"
    assert (quote["speaker_mention"], quote["cue"], quote["content"]) == (1, 2, 3)


def test_brat_reader_maps_labels_and_reads_events(tmp_path):
    ann = (
        "T1\tSource 0 5\tAlice\nT2\tSpeech 6 10\tsaid\nT3\tQuotation 13 25\tWe will win.\n"
        "E1\tSpeech:T2 Speaker:T1 Message:T3\n"
    )
    path = write_zip(tmp_path / "c.zip", {"doc1.txt": TEXT, "doc1.ann": ann})
    label_map = parse_label_map("Quotation=QUOTE,Source=SPEAKER,Speech=CUE")
    (parsed,) = list(brat.read_brat_zip(str(path), "c.zip", label_map))
    (quote,) = parsed.record["annotations"][0]["quotes"]
    assert (quote["speaker_mention"], quote["cue"]) == (1, 2)
    assert quote["type"] == "direct"  # in quote marks, no attribute


def test_brat_reader_reads_a_discontinuous_span_as_a_quote_in_fragments(tmp_path):
    ann = "T1\tQUOTE 13 15;21 25\tWe win.\n"
    path = write_zip(tmp_path / "c.zip", {"doc1.txt": TEXT, "doc1.ann": ann})
    (parsed,) = list(brat.read_brat_zip(str(path), "c.zip", {}))
    assert parsed.errors == [] and parsed.warnings == []
    annotation = parsed.record["annotations"][0]
    assert [(m["start"], m["end"]) for m in annotation["mentions"]] == [(13, 15), (21, 25)]
    assert [q["content"] for q in annotation["quotes"]] == [[1, 2]]


def test_brat_reader_refuses_an_unmapped_label(tmp_path):
    path = write_zip(tmp_path / "c.zip", {"d.txt": TEXT, "d.ann": "T1\tPerson 0 5\tAlice\n"})
    (parsed,) = list(brat.read_brat_zip(str(path), "c.zip", {}))
    assert "unknown label 'Person'" in parsed.errors[0].message


def test_labelstudio_reader_converts_utf16_offsets_to_code_points():
    text_value = "😀 Bob said “hi”."
    task = {
        "id": 7, "data": {"text": text_value},
        "annotations": [{"result": [{"id": "q", "type": "labels", "value": {
            "start": 13, "end": 15, "text": "hi", "labels": ["QUOTE"]}}]}],
    }  # fmt: skip
    (parsed,) = list(labelstudio.read_labelstudio(_stream(json.dumps([task])), "ls.json", {}))
    (mention,) = parsed.record["annotations"][0]["mentions"]
    assert (mention["start"], mention["end"]) == (12, 14)
    assert parsed.record["external_id"] == "ls-7"


def test_doccano_reader_reads_label_triples():
    line = json.dumps({"id": 3, "text": TEXT, "label": [[13, 25, "QUOTE"], [0, 5, "SPEAKER"]]})
    (parsed,) = list(doccano.read_doccano(_stream(line), "d.jsonl", {}))
    mentions = parsed.record["annotations"][0]["mentions"]
    assert [(m["label"], m["start"]) for m in mentions] == [("SPEAKER", 0), ("QUOTE", 13)]
    assert parsed.record["external_id"] == "3"


def test_doccano_reader_reads_entities_and_relations():
    line = json.dumps({
        "text": TEXT, "external_id": "d1",
        "entities": [{"id": 10, "start_offset": 0, "end_offset": 5, "label": "SPEAKER"},
                     {"id": 11, "start_offset": 13, "end_offset": 25, "label": "QUOTE"}],
        "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "said_by"}],
    })  # fmt: skip
    (parsed,) = list(doccano.read_doccano(_stream(line), "d.jsonl", {}))
    assert parsed.record["annotations"][0]["quotes"][0]["speaker_mention"] == 1


def test_quote_in_curly_marks_is_direct_and_reported_speech_indirect():
    assert quote_type_from_marks(TEXT, 13, 25) == "direct"
    assert quote_type_from_marks(TEXT, 40, 54) == "indirect"


def test_label_map_refuses_a_target_that_is_not_ours():
    with pytest.raises(ValueError, match="must map to"):
        parse_label_map("Quotation=QUOTES")


def test_gold_builder_matches_the_text():
    # Guards the fixtures the other tests rely on.
    for mention in gold()["mentions"]:
        assert TEXT[mention["start"] : mention["end"]] == mention["text"]


def test_brat_speaker_noted_on_the_speaker_span_or_an_equivalent_one(tmp_path):
    text_value = "Alice said “yes”. She said “no”."
    ann = (
        "T1\tSPEAKER 0 5\tAlice\nT2\tQUOTE 12 15\tyes\nT3\tSPEAKER 18 21\tShe\n"
        "T4\tQUOTE 28 30\tno\nR1\tsaid_by Arg1:T1 Arg2:T2\nR2\tsaid_by Arg1:T3 Arg2:T4\n"
        "#1\tAnnotatorNotes T1\tspeaker: Alice Smith\nN1\tReference T1 Wikidata:Q42\tAlice Smith\n"
        "*\tCoreference T1 T3\n"
    )
    path = write_zip(tmp_path / "c.zip", {"d.txt": text_value, "d.ann": ann})
    (parsed,) = list(brat.read_brat_zip(str(path), "c.zip", {}))
    assert parsed.errors == [] and parsed.warnings == []
    speakers = [q["speaker"] for q in parsed.record["annotations"][0]["quotes"]]
    assert [(s["name"], s["wikidata_id"]) for s in speakers] == [("Alice Smith", "Q42")] * 2
