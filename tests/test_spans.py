"""The offset rules: code points of the stored text, checked by every writer."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations import codepoints, spans

EXAMPLE = (Path(__file__).parent.parent / "annotations/fixtures/peskov_nato.txt").read_text("utf-8")
REFERENCE = json.loads(
    (Path(__file__).parent.parent / "annotations/fixtures/peskov_nato.gold.json").read_text("utf-8")
)


def test_ascii_span_is_the_python_slice():
    assert spans.check_span("Bob said hi", 0, 3) == "Bob"


def test_span_ending_after_text_is_refused():
    with pytest.raises(spans.SpanOutsideText) as error:
        spans.check_span("Bob said hi", 4, 12)
    assert str(error.value) == "span 4–12 ends after the text (11 characters)"


def test_negative_start_is_refused():
    with pytest.raises(spans.SpanOutsideText, match="starts before the text"):
        spans.check_span("Bob said hi", -1, 3)


def test_empty_span_is_refused():
    with pytest.raises(spans.EmptySpan, match="span 3–3 is empty"):
        spans.check_span("Bob said hi", 3, 3)


def test_reversed_span_is_refused():
    with pytest.raises(spans.EmptySpan):
        spans.check_span("Bob said hi", 5, 2)


def test_text_that_does_not_match_is_refused():
    with pytest.raises(spans.SpanTextMismatch) as error:
        spans.check_span("Bob said hi", 0, 3, "Rob")
    assert "should read 'Rob' but the article has 'Bob'" in str(error.value)


def test_unknown_label_is_refused_naming_the_known_ones():
    with pytest.raises(spans.UnknownLabel, match="QUOTE, SPEAKER, CUE"):
        spans.check_label("PERSON")


@pytest.mark.parametrize("quote", REFERENCE["quotes"], ids=lambda q: str(q["content"]["start"]))
def test_reference_spans_hold_on_curly_quotes_and_en_dash(quote):
    for part in ("content", "speaker_mention", "cue"):
        span = quote.get(part)
        if span:
            assert (
                spans.check_span(EXAMPLE, span["start"], span["end"], span["text"]) == span["text"]
            )


def test_example_has_curly_quotes_and_an_en_dash_before_its_first_quote():
    first = REFERENCE["quotes"][0]["content"]
    assert "–" in EXAMPLE[: first["start"]] and EXAMPLE[first["start"] - 1] == "“"


def test_emoji_before_a_span_shifts_nothing():
    text = "🇺🇦 Peskov said: “NATO is an adversary.”"
    start = text.index("NATO")
    assert spans.check_span(text, start, start + 4) == "NATO"
    assert start == 17  # code points; a browser counts 19 UTF-16 units here
    assert codepoints.code_point_to_utf16(text, start) == 19
    assert codepoints.utf16_to_code_point(text, 19) == start


def test_trim_span_drops_surrounding_white_space():
    text = "He said:  “hi there” \n"
    assert spans.trim_span(text, 8, len(text)) == (10, 20)


@given(st.text(min_size=1), st.data())
def test_utf16_offsets_round_trip_to_code_points(text, data):
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    utf16 = codepoints.code_point_to_utf16(text, offset)
    assert utf16 == len(text[:offset].encode("utf-16-le")) // 2
    assert codepoints.utf16_to_code_point(text, utf16) == offset


@given(st.text(min_size=1), st.integers(-5, 50), st.integers(-5, 50))
def test_every_accepted_span_is_the_slice_and_every_other_is_refused(text, start, end):
    if 0 <= start < end <= len(text):
        assert spans.check_span(text, start, end) == text[start:end]
    else:
        with pytest.raises(spans.SpanError):
            spans.check_span(text, start, end)
