"""The suggester's hand-written development set: its JSONL files are what the hand-written
sources say, every span's text matches its offsets, and every class of the issue is covered."""

import json
from pathlib import Path

import pytest

from annotations.suggesting.evaluation import read_reference_file
from annotations.suggesting.goldtext import GoldTextError, read_gold_text

DATA = Path(__file__).resolve().parent.parent / "data" / "suggester"
CLASSES = {
    "two_apostrophes",
    "partial_quote",
    "appositive_subject",
    "dash_after",
    "transcript",
    "possessive_source",
    "first_person",
    "two_speakers",
    "paragraph_speaker",
    "cue_outside_lexicon",
    "reporting_noun",
    "indirect_no_that",
    "according_to",
    "sources_said",
    "officials_familiar",
    "cue_middle",
    "plain_direct",
    "british",
    "guillemets",
    "german_quotes",
    "split_quote",
}


def records(part: str) -> list[dict]:
    with open(DATA / f"{part}.txt", encoding="utf-8") as lines:
        return list(read_gold_text(lines))


@pytest.mark.parametrize("part", ["tuning", "heldout"])
def test_jsonl_file_is_the_hand_written_source(part):
    written = [json.loads(line) for line in (DATA / f"{part}.jsonl").read_text().splitlines()]
    assert written == records(part)


@pytest.mark.parametrize("part", ["tuning", "heldout"])
def test_every_span_matches_its_text(part):
    # read_reference_file checks each mention's text against the article at its offsets.
    # Paragraphs of the class no_quote have none: they hold words a rule could mistake.
    references = read_reference_file(DATA / f"{part}.jsonl")
    assert all(r.quotes for r in references if "no_quote" not in r.classes)
    assert any("no_quote" in r.classes and not r.quotes for r in references)


def test_set_has_sixty_paragraphs_or_more_a_third_held_out():
    tuning, held_out = records("tuning"), records("heldout")
    assert len(tuning) + len(held_out) >= 60
    assert 0.3 <= len(held_out) / (len(tuning) + len(held_out)) <= 0.4


@pytest.mark.parametrize("part", ["tuning", "heldout"])
def test_every_class_is_in_both_parts(part):
    seen = {c for record in records(part) for c in record["metadata"]["classes"]}
    assert seen >= CLASSES


def test_quote_marks_of_every_style_occur():
    text = "".join(r["text"] for part in ("tuning", "heldout") for r in records(part))
    for mark in ("“", "‘", '"', "''", "«", "„"):
        assert mark in text


def test_offsets_are_code_points_of_the_unmarked_text():
    (record,) = read_gold_text(
        ["## x plain_direct", "“⟦q1 Ça va,⟧” ⟦c1 dit⟧ ⟦s1 Zoë⟧.", "> q1 direct s1 c1 Zoë"]
    )
    mentions = {m["label"]: m for m in record["annotations"][0]["mentions"]}
    assert record["text"] == "“Ça va,” dit Zoë."
    assert (mentions["SPEAKER"]["start"], mentions["SPEAKER"]["end"]) == (13, 16)


def test_a_quote_naming_a_missing_span_is_an_error_with_its_line():
    with pytest.raises(GoldTextError, match="line 3"):
        list(read_gold_text(["## x", "⟦q1 Hello⟧ he said.", "> q1 direct s9 - -"]))


def test_an_unclosed_span_is_an_error():
    with pytest.raises(GoldTextError, match="never closed"):
        list(read_gold_text(["## x", "⟦q1 Hello he said.", "> q1 direct - - -"]))
