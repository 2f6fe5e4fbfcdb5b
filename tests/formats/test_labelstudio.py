"""The Label Studio reader: UTF-16 offsets become code points."""

import json

from annotations.formats import labelstudio
from tests.factories import byte_stream


def test_labelstudio_reader_converts_utf16_offsets_to_code_points():
    text_value = "😀 Bob said “hi”."
    task = {
        "id": 7, "data": {"text": text_value},
        "annotations": [{"result": [{"id": "q", "type": "labels", "value": {
            "start": 13, "end": 15, "text": "hi", "labels": ["QUOTE"]}}]}],
    }  # fmt: skip
    (parsed,) = list(labelstudio.read_labelstudio(byte_stream(json.dumps([task])), "ls.json", {}))
    (mention,) = parsed.record["annotations"][0]["mentions"]
    assert (mention["start"], mention["end"]) == (12, 14)
    assert parsed.record["external_id"] == "ls-7"
