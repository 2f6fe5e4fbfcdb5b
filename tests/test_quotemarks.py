"""annotations/quotemarks.py: one quote type for a span, however it was made."""

import pytest

from annotations.quotemarks import quote_type_from_marks

SENTENCE = "She said: “Hello, world,” and left."


@pytest.mark.parametrize("selected", ["Hello, world", "Hello, world,", "“Hello, world,”"])
def test_a_quote_in_marks_is_direct_with_or_without_its_trailing_comma(selected):
    start = SENTENCE.index(selected)
    assert quote_type_from_marks(SENTENCE, start, start + len(selected)) == "direct"


@pytest.mark.parametrize("selected", ["No", "No.", "“No.”"])
def test_a_quote_in_marks_is_direct_with_or_without_its_full_stop(selected):
    text = "He answered: “No.” Then he left."
    start = text.index(selected)
    assert quote_type_from_marks(text, start, start + len(selected)) == "direct"


def test_spaces_inside_the_marks_still_make_a_direct_quote():
    text = "They chanted “ we will win ” all night."
    start = text.index("we")
    assert quote_type_from_marks(text, start, start + len("we will win")) == "direct"


def test_a_span_outside_marks_is_indirect():
    text = "Peskov said that NATO regards Russia as an adversary."
    start = text.index("NATO")
    assert quote_type_from_marks(text, start, len(text) - 1) == "indirect"


@pytest.mark.parametrize("marks", ["«»", "„“", "‘’", '""'])
def test_other_languages_marks_make_a_direct_quote(marks):
    text = f"Er sagte: {marks[0]}Wir bleiben.{marks[1]}"
    start = text.index("Wir")
    assert quote_type_from_marks(text, start, start + len("Wir bleiben")) == "direct"
