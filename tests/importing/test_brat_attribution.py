"""A corpus in the attribution style of published brat corpora (tests/data/brat_attribution,
written by tests/data/make_brat_attribution.py with what it must give beside it) read with
the label map such corpora need: every article, every attribution, fragments exact."""

import json
from pathlib import Path

import pytest

from annotations.formats import brat
from annotations.formats.spanlinks import parse_label_map

DATA = Path(__file__).parent.parent / "data"
CORPUS = DATA / "brat_attribution"
LABEL_MAP = "Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=-,Discard=-,Discuss=-"
EXPECTED = json.loads((DATA / "brat_attribution.expected.json").read_text(encoding="utf-8"))


def essentials(annotation: dict) -> dict:
    """A read annotation as the expected file has it: fragments, speaker and cue offsets."""
    place = {m["id"]: (m["start"], m["end"]) for m in annotation["mentions"]}
    quotes = []
    for quote in annotation["quotes"]:
        content = quote["content"] if isinstance(quote["content"], list) else [quote["content"]]
        quotes.append({
            "fragments": [list(place[m]) for m in content],
            "speaker": None if quote["speaker_mention"] is None
            else list(place[quote["speaker_mention"]]),
            "cue": None if quote["cue"] is None else list(place[quote["cue"]]),
        })  # fmt: skip
    return {"mentions": len(annotation["mentions"]), "quotes": quotes}


@pytest.fixture(scope="module")
def read():
    return list(brat.read_brat_zip(str(CORPUS), CORPUS.name, parse_label_map(LABEL_MAP)))


def test_the_corpus_has_twenty_articles_and_the_cases_it_is_for():
    assert len(EXPECTED) >= 20
    quotes = [q for versions in EXPECTED.values() for q in versions["gold"]["quotes"]]
    assert sum(len(q["fragments"]) > 1 for q in quotes) >= 8
    assert sum(q["speaker"] is None for q in quotes) >= 4


def test_every_article_is_read_without_errors(read):
    records = {p.record["external_id"]: p for p in read if p.record is not None}
    assert sorted(records) == sorted(EXPECTED)
    assert [p.errors for p in read] == [[] for _ in read]


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_every_attribution_comes_in_with_its_fragments_speaker_and_cue(read, stem):
    (parsed,) = [p for p in read if p.record and p.record["external_id"] == stem]
    versions = {a["annotator"] or "gold": essentials(a) for a in parsed.record["annotations"]}
    assert versions == {
        name: {
            "mentions": want["mentions"],
            "quotes": [{**q, "speaker": q["speaker"], "cue": q["cue"]} for q in want["quotes"]],
        }
        for name, want in EXPECTED[stem].items()
    }


def test_fragment_offsets_read_the_quote_in_the_text(read):
    (parsed,) = [p for p in read if p.record and p.record["external_id"] == "kremlin-nato"]
    annotation, text = parsed.record["annotations"][0], parsed.record["text"]
    (split,) = [q for q in annotation["quotes"] if isinstance(q["content"], list)]
    by_id = {m["id"]: m for m in annotation["mentions"]}
    assert [text[by_id[m]["start"] : by_id[m]["end"]] for m in split["content"]] == [
        "The alliance is analysing the situation",
        "and it will go on doing so",
    ]
    assert split["type"] == "direct"


def test_warnings_come_by_kind(read):
    kinds = {}
    for parsed in read:
        for warning in parsed.warnings:
            kinds[warning.kind] = kinds.get(warning.kind, 0) + 1
    events = sum(len(v["gold"]["quotes"]) for v in EXPECTED.values())
    assert kinds["trigger spans left out by the label map"] >= events - 10
    assert kinds["event arguments left out by the label map"] == 1  # Some commuters (Discuss)
    assert kinds["events without a content left out"] == 1  # Passenger groups welcomed
    assert kinds["quotes linked to a second speaker mention: the first was kept"] == 1
    assert kinds["spans given twice at the same offsets, kept as one mention"] == 2


def test_a_version_in_a_folder_with_no_article_at_the_top_is_a_warning(read):
    (lost,) = [p for p in read if p.record is None]
    assert lost.where == "brat_attribution:annotator_b/lost-story.txt"
    assert "no lost-story.txt at the top" in lost.warnings[0].message
