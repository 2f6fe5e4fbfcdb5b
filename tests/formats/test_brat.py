"""The brat standoff reader: spans, relations, attributes, notes, events."""

from annotations.formats import brat
from annotations.formats.spanlinks import parse_label_map
from tests.factories import IMPORT_TEXT as TEXT
from tests.factories import write_zip


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


def test_brat_reader_warns_about_a_discontinuous_span(tmp_path):
    ann = "T1\tQUOTE 13 17;21 25\tWe win.\n"
    path = write_zip(tmp_path / "c.zip", {"doc1.txt": TEXT, "doc1.ann": ann})
    (parsed,) = list(brat.read_brat_zip(str(path), "c.zip", {}))
    assert "discontinuous" in parsed.warnings[0].message
    assert parsed.record["annotations"][0]["mentions"] == []


def test_brat_reader_refuses_an_unmapped_label(tmp_path):
    path = write_zip(tmp_path / "c.zip", {"d.txt": TEXT, "d.ann": "T1\tPerson 0 5\tAlice\n"})
    (parsed,) = list(brat.read_brat_zip(str(path), "c.zip", {}))
    assert "unknown label 'Person'" in parsed.errors[0].message


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
