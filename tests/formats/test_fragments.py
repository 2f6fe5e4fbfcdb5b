"""Quotes in fragments in the plain-data formats: brat `T` lines with `;`, Label Studio
regions and doccano entities joined by `continues` relations, written and read back."""

import io
import json

from annotations.formats import brat, doccano, labelstudio
from annotations.formats.records import article_record
from annotations.formats.spanlinks import parse_label_map
from tests.factories import write_zip

# “We will not give up,” he said, “and we will win.”
TEXT = "“We will not give up,” he said, “and we will win.” 🚀 Then Lavrov and Peskov left."
FIRST, SECOND = (1, 21), (33, 49)


def split_record() -> dict:
    mentions = [
        {"id": 1, "label": "QUOTE", "start": 1, "end": 21, "text": TEXT[1:21]},
        {"id": 2, "label": "SPEAKER", "start": 23, "end": 25, "text": "he"},
        {"id": 3, "label": "CUE", "start": 26, "end": 30, "text": "said"},
        {"id": 4, "label": "QUOTE", "start": 33, "end": 49, "text": TEXT[33:49]},
    ]
    quote = {"id": 1, "type": "direct", "content": [1, 4], "speaker_mention": 2, "cue": 3,
             "speaker": None, "origin": ""}  # fmt: skip
    annotation = {"annotator": None, "status": "gold", "created_at": None, "updated_at": None,
                  "mentions": mentions, "quotes": [quote]}  # fmt: skip
    return article_record(external_id="split", text=TEXT, annotations=[annotation])


def places(annotation: dict) -> list[tuple]:
    """Each quote as its fragments', speaker mention's and cue's offsets."""
    at = {m["id"]: (m["start"], m["end"]) for m in annotation["mentions"]}
    result = []
    for quote in annotation["quotes"]:
        content = quote["content"] if isinstance(quote["content"], list) else [quote["content"]]
        result.append((
            [at[m] for m in content], at.get(quote["speaker_mention"]), at.get(quote["cue"]),
            quote["type"],
        ))  # fmt: skip
    return result


def test_brat_writes_a_quote_in_fragments_as_one_t_line():
    ann = brat.brat_ann(split_record()["annotations"][0])
    assert "T1\tQUOTE 1 21;33 49\tWe will not give up, and we will win.\n" in ann
    assert "T4" not in ann
    assert "R1\tsaid_by Arg1:T2 Arg2:T1" in ann


def test_brat_reads_back_the_quote_it_wrote(tmp_path):
    record = split_record()
    ann = brat.brat_ann(record["annotations"][0])
    path = write_zip(tmp_path / "b.zip", {"split.txt": TEXT, "split.ann": ann})
    (parsed,) = brat.read_brat_zip(str(path), "b.zip", {})
    assert parsed.errors == [] and parsed.warnings == []
    assert places(parsed.record["annotations"][0]) == places(record["annotations"][0])


def test_labelstudio_writes_a_region_a_fragment_joined_by_continues():
    task = labelstudio.labelstudio_task(split_record())
    relations = [r for r in task["annotations"][0]["result"] if r["type"] == "relation"]
    assert {"from_id": "m4", "to_id": "m1", "type": "relation", "direction": "right",
            "labels": ["continues"]} in relations  # fmt: skip
    assert {r["to_id"] for r in relations if r["labels"] != ["continues"]} == {"m1"}


def test_labelstudio_reads_back_one_quote_in_fragments():
    task = labelstudio.labelstudio_task(split_record())
    stream = io.BytesIO(json.dumps([task]).encode())
    (parsed,) = labelstudio.read_labelstudio(stream, "ls.json", {})
    assert parsed.errors == [] and parsed.warnings == []
    assert places(parsed.record["annotations"][0]) == places(split_record()["annotations"][0])


def test_labelstudio_quote_linked_to_two_speakers_keeps_the_first_and_warns():
    # “Peskov and Lavrov said”: two SPEAKER regions linked to one quote.
    regions = [
        {"id": "q", "type": "labels", "value": {"start": 1, "end": 21, "text": TEXT[1:21],
                                                "labels": ["QUOTE"]}},
        {"id": "s1", "type": "labels", "value": {"start": 58, "end": 64, "text": "Lavrov",
                                                 "labels": ["SPEAKER"]}},
        {"id": "s2", "type": "labels", "value": {"start": 69, "end": 75, "text": "Peskov",
                                                 "labels": ["SPEAKER"]}},
        {"type": "relation", "from_id": "s1", "to_id": "q", "labels": []},
        {"type": "relation", "from_id": "s2", "to_id": "q", "labels": []},
    ]  # fmt: skip
    task = {"id": 9, "data": {"text": TEXT}, "annotations": [{"result": regions}]}
    (parsed,) = labelstudio.read_labelstudio(io.BytesIO(json.dumps([task]).encode()), "ls.json", {})
    assert parsed.errors == []
    ((fragments, speaker, _, _),) = places(parsed.record["annotations"][0])
    assert speaker == (58, 64)
    (warning,) = parsed.warnings
    assert warning.where == "ls.json record 1" and warning.field == "annotations[0].result[4]"
    assert "already has a speaker mention (58–64)" in warning.message
    assert "(69–75) was left out" in warning.message


def test_doccano_continues_relation_joins_two_entities_into_one_quote():
    line = json.dumps({
        "text": TEXT, "external_id": "d1",
        "entities": [{"id": 10, "start_offset": 1, "end_offset": 21, "label": "QUOTE"},
                     {"id": 11, "start_offset": 33, "end_offset": 49, "label": "QUOTE"},
                     {"id": 12, "start_offset": 23, "end_offset": 25, "label": "SPEAKER"}],
        "relations": [{"id": 1, "from_id": 11, "to_id": 10, "type": "continues"},
                      {"id": 2, "from_id": 12, "to_id": 11, "type": "said_by"}],
    })  # fmt: skip
    (parsed,) = doccano.read_doccano(io.BytesIO(line.encode()), "d.jsonl", {})
    assert parsed.errors == []
    assert places(parsed.record["annotations"][0]) == [([FIRST, SECOND], (23, 25), None, "direct")]


def test_brat_trigger_mapped_to_cue_on_the_cue_is_one_mention(tmp_path):
    ann = (
        "T1\tContent 1 21\tWe will not give up,\nT2\tSource 23 25\the\n"
        "T3\tCue 26 30\tsaid\nT4\tAttribution 26 30\tsaid\n"
        "E1\tAttribution:T4 Source:T2 Cue:T3 Content:T1\n"
    )
    path = write_zip(tmp_path / "b.zip", {"d.txt": TEXT, "d.ann": ann})
    label_map = parse_label_map("Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=CUE")
    (parsed,) = brat.read_brat_zip(str(path), "b.zip", label_map)
    annotation = parsed.record["annotations"][0]
    assert [m["label"] for m in annotation["mentions"]] == ["QUOTE", "SPEAKER", "CUE"]
    assert places(annotation) == [([FIRST], (23, 25), (26, 30), "direct")]
    assert [w.kind for w in parsed.warnings] == [
        "spans given twice at the same offsets, kept as one mention"
    ]


def test_brat_event_with_two_content_arguments_is_one_quote_in_fragments(tmp_path):
    ann = (
        "T1\tContent 1 21\tWe will not give up,\nT2\tSource 23 25\the\n"
        "T3\tContent 33 49\tand we will win.\nE1\tSay:T2 Source:T2 Content:T1 Content2:T3\n"
    )
    path = write_zip(tmp_path / "b.zip", {"d.txt": TEXT, "d.ann": ann})
    label_map = parse_label_map("Content=QUOTE,Source=SPEAKER")
    (parsed,) = brat.read_brat_zip(str(path), "b.zip", label_map)
    assert places(parsed.record["annotations"][0]) == [([FIRST, SECOND], (23, 25), None, "direct")]


def test_brat_fragments_that_overlap_are_refused_with_their_line(tmp_path):
    path = write_zip(tmp_path / "b.zip", {"d.txt": TEXT, "d.ann": "T1\tQUOTE 1 20;10 30\tx\n"})
    (parsed,) = brat.read_brat_zip(str(path), "b.zip", {})
    assert str(parsed.errors[0]) == "b.zip:d.ann line 1: T1: fragments 1 20;10 30 overlap"


def test_brat_fragments_whose_text_differs_are_refused(tmp_path):
    ann = "T1\tQUOTE 1 21;33 49\tWe will win\n"
    path = write_zip(tmp_path / "b.zip", {"d.txt": TEXT, "d.ann": ann})
    (parsed,) = brat.read_brat_zip(str(path), "b.zip", {})
    assert "read 'We will not give up, and we will win.', not 'We will win'" in str(
        parsed.errors[0]
    )


def test_brat_speaker_in_fragments_keeps_its_first_fragment_with_a_warning(tmp_path):
    ann = "T1\tSPEAKER 58 64;69 75\tLavrov Peskov\n"
    path = write_zip(tmp_path / "b.zip", {"d.txt": TEXT, "d.ann": ann})
    (parsed,) = brat.read_brat_zip(str(path), "b.zip", {})
    assert [(m["start"], m["end"]) for m in parsed.record["annotations"][0]["mentions"]] == [
        (58, 64)
    ]
    assert parsed.warnings[0].kind.startswith("SPEAKER and CUE spans in fragments cut")
