"""The doccano readers: label triples, entities and relations."""

import json

from annotations.formats import doccano
from tests.factories import IMPORT_TEXT as TEXT
from tests.factories import byte_stream


def test_doccano_reader_reads_label_triples():
    line = json.dumps({"id": 3, "text": TEXT, "label": [[13, 25, "QUOTE"], [0, 5, "SPEAKER"]]})
    (parsed,) = list(doccano.read_doccano(byte_stream(line), "d.jsonl", {}))
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
    (parsed,) = list(doccano.read_doccano(byte_stream(line), "d.jsonl", {}))
    assert parsed.record["annotations"][0]["quotes"][0]["speaker_mention"] == 1
