"""The rules added for real news (rules-3): each class of the issue on a sentence of its own."""

from annotations.suggesting import suggest
from annotations.suggesting.marks import quotations


def words(text, span):
    return None if span is None else text[span[0] : span[1]]


def only(text, **known):
    found = suggest(text, **known)
    assert len(found) == 1, [(s.kind, words(text, s.content)) for s in found]
    return found[0]


def test_two_apostrophes_are_quote_marks():
    text = "''The bridge will open in May,'' said Ms. Oduya, the county engineer."
    suggestion = only(text)
    assert words(text, suggestion.content) == "The bridge will open in May,"
    assert words(text, suggestion.speaker_mention) == "Ms. Oduya"
    assert suggestion.speaker == "Oduya"


def test_an_apostrophe_alone_still_opens_nothing():
    assert quotations("The students' union and the teachers' union met.") == []


def test_unclosed_two_apostrophes_stay_linear_and_open_nothing():
    assert quotations("''x " * 20_000) == []


def test_partial_quote_makes_the_reported_speech_mixed():
    text = "The mayor said the budget was “fair to every district” and would pass easily."
    suggestion = only(text)
    assert suggestion.type == "mixed"
    assert words(text, suggestion.content).startswith("the budget was “fair")


def test_long_apposition_between_name_and_cue():
    text = (
        "Oksana Melnyk, who has led the regional volunteer network since the floods of 2021, "
        "said the shelters were full."
    )
    assert words(text, only(text).speaker_mention) == "Oksana Melnyk"


def test_dash_after_the_quotation_names_the_source():
    text = "“Nothing about us without us.” — Priya Raman, disability campaigner"
    suggestion = only(text)
    assert suggestion.kind == "direct_marks_dash"
    assert words(text, suggestion.speaker_mention) == "Priya Raman"


def test_transcript_lines_are_direct_quotes_of_the_name_in_capitals():
    text = "TAPPER: Will you sign it?\nWHITMER: Not in its current form, no."
    found = suggest(text)
    assert [words(text, s.speaker_mention) for s in found] == ["TAPPER", "WHITMER"]
    assert found[1].speaker == "Whitmer"


def test_one_line_in_capitals_is_not_a_transcript():
    assert suggest("UPDATE: The road has reopened to all traffic this morning.") == []


def test_possessive_source():
    text = "Kowalczyk's lawyers said the evidence had been gathered illegally."
    assert words(text, only(text).speaker_mention) == "Kowalczyk's"


def test_quote_goes_to_the_cue_before_when_the_next_sentence_says_something_else():
    text = (
        "Harris says Vance's “comments about teachers are beneath the office.” He says "
        "the campaign will not respond further tonight."
    )
    first = suggest(text)[0]
    assert words(text, first.speaker_mention) == "Harris"


def test_speaker_named_at_the_paragraph_start_carries_to_its_quotations():
    text = (
        "Senator Maria Kovac walked out of the chamber before the vote.\n\n"
        "“I will not be part of this.” She did not return."
    )
    suggestion = only(text)
    assert suggestion.kind == "direct_marks_paragraph"
    assert suggestion.speaker == "Maria Kovac"


def test_cue_with_its_setting_and_outlet():
    text = "“We have the votes,” Sen. Hollis told MSNBC."
    suggestion = only(text)
    assert words(text, suggestion.cue) == "told MSNBC"
    assert words(text, suggestion.speaker_mention) == "Sen. Hollis"


def test_reporting_noun_that_clause():
    text = "Their claim that the vaccine was rushed is not supported by the trial data."
    suggestion = only(text)
    assert words(text, suggestion.cue) == "claim"
    assert words(text, suggestion.content) == "the vaccine was rushed"


def test_cue_in_the_middle_gives_both_fragments():
    text = "Higher rates, the central bank governor warned, could tip the economy into recession."
    (found,) = suggest(text)  # one quote in two pieces
    assert [words(text, piece) for piece in found.pieces] == [
        "Higher rates",
        "could tip the economy into recession",
    ]
    assert found.kind == "indirect_middle"


def test_according_to_after_the_content():
    text = "The ceasefire collapsed within hours, according to aid workers in the city."
    suggestion = only(text)
    assert words(text, suggestion.speaker_mention) == "aid workers in the city"
    assert suggestion.speaker is None


def test_unnamed_group_sources():
    text = "The merger will be announced on Friday, people familiar with the deal said."
    suggestion = only(text)
    assert words(text, suggestion.speaker_mention) == "people familiar with the deal"
    assert suggestion.speaker is None


def test_participle_without_that_after_a_direct_quote():
    text = "“It is over,” she said, adding the team would regroup in the spring."
    found = suggest(text)
    assert [s.kind for s in found] == ["direct_marks_after", "indirect_participle"]
    assert words(text, found[1].speaker_mention) == "she"


def test_every_suggestion_carries_its_rules_confidence():
    text = "“We are ready,” Lopez said."
    suggestion = only(text)
    assert 0.5 < suggestion.confidence <= 1.0


def test_learned_cues_are_read_as_cues():
    text = "“The figures speak for themselves,” Mr. Adler quipped."
    assert suggest(text)[0].cue is None or "quipped" not in words(text, suggest(text)[0].cue)
    suggestion = suggest(text, cues=["quipped"])[0]
    assert words(text, suggestion.cue) == "quipped"
    assert words(text, suggestion.speaker_mention) == "Mr. Adler"
