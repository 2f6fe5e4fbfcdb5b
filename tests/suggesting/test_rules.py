"""The rule-based suggester on the example article and on small sentences of its own kind."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.spans import check_span
from annotations.suggesting import KnownSpeaker, Suggestion, suggest
from annotations.suggesting import spacy as suggesting_spacy

FIXTURES = Path(__file__).resolve().parents[2] / "annotations" / "fixtures"
GOLD = json.loads((FIXTURES / "peskov_nato.gold.json").read_text(encoding="utf-8"))


def words(text: str, span) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def only(text: str, speakers=()) -> Suggestion:
    found = suggest(text, speakers)
    assert len(found) == 1, [s.as_dict(text) for s in found]
    return found[0]


def test_both_direct_quotes_of_the_example_are_found_with_their_speaker():
    text = GOLD["text"]
    found = {s.content: s for s in suggest(text, GOLD["speakers"])}
    for quote in (q for q in GOLD["quotes"] if q["type"] == "direct"):
        suggestion = found[(quote["content"]["start"], quote["content"]["end"])]
        assert words(text, suggestion.speaker_mention) == quote["speaker_mention"]["text"]
        assert suggestion.speaker == quote["speaker"]


def test_every_span_of_the_example_passes_the_span_check():
    text = GOLD["text"]
    for suggestion in suggest(text, GOLD["speakers"]):
        for span in (suggestion.content, suggestion.speaker_mention, suggestion.cue):
            if span:
                check_span(text, *span)


def test_curly_quote_with_cue_after_excludes_the_marks():
    text = "“We will not give up,” Anna Weber said."
    suggestion = only(text)
    assert words(text, suggestion.content) == "We will not give up,"
    assert words(text, suggestion.speaker_mention) == "Anna Weber"
    assert words(text, suggestion.cue) == "said"
    assert suggestion.kind == "direct_marks_after"


def test_straight_quotes_with_pronoun_resolve_to_the_last_named_person():
    text = 'Angela Merkel spoke in Berlin on Monday. "We will manage this," she said.'
    suggestion = only(text)
    assert words(text, suggestion.speaker_mention) == "she"
    assert suggestion.speaker == "Angela Merkel"
    assert suggestion.speaker_is_new


def test_cue_before_a_guillemet_quote():
    text = "Emmanuel Macron told reporters: «Nous y arriverons ensemble.»"
    suggestion = only(text)
    assert suggestion.kind == "direct_marks_before"
    assert words(text, suggestion.content) == "Nous y arriverons ensemble."
    assert words(text, suggestion.cue) == "told reporters"
    assert words(text, suggestion.speaker_mention) == "Emmanuel Macron"


def test_german_low_high_quote_marks():
    text = "Olaf Scholz sagte, aber he added: „Wir schaffen das.“ Then he left."
    suggestion = only(text)
    assert words(text, suggestion.content) == "Wir schaffen das."


def test_single_curly_quotes_ignore_apostrophes_inside():
    text = "‘Britain’s future is in Europe,’ said Keir Starmer."
    suggestion = only(text)
    assert words(text, suggestion.content) == "Britain’s future is in Europe,"
    assert words(text, suggestion.speaker_mention) == "Keir Starmer"


def test_corner_brackets():
    text = "The spokesman said 「これは重要です」."
    suggestion = only(text)
    assert words(text, suggestion.content) == "これは重要です"
    assert words(text, suggestion.speaker_mention) == "The spokesman"


def test_quote_over_several_paragraphs_is_one_suggestion():
    text = (
        "“The first paragraph of a long statement goes on here.\n\n"
        "“The second one goes on as well.\n\n"
        "“And the last one ends it,” the NATO Secretary-General said."
    )
    suggestion = only(text, [KnownSpeaker("Jens Stoltenberg", ("NATO Secretary-General",))])
    content = words(text, suggestion.content)
    assert content.startswith("The first paragraph") and content.endswith("ends it,")
    assert words(text, suggestion.speaker_mention) == "the NATO Secretary-General"
    assert suggestion.speaker == "Jens Stoltenberg"
    assert not suggestion.speaker_is_new


def test_unclosed_quote_is_not_suggested():
    text = "“This quotation never ends in this paragraph.\n\nThe next paragraph has no mark at all."
    assert suggest(text) == []


def test_short_scare_quotes_without_cue_are_not_suggested():
    assert suggest("The so-called “peace dividend” never arrived, and the room emptied.") == []


def test_second_quote_in_a_paragraph_continues_the_speaker():
    text = '"We are ready," Lopez said. "The team has trained hard for this."'
    first, second = suggest(text)
    assert second.kind == "direct_marks_continued"
    assert second.speaker_mention == first.speaker_mention
    assert second.speaker == "Lopez"


def test_indirect_that_clause_with_adverb_between_speaker_and_cue():
    text = "Maria Lopez later warned that the talks could collapse within days."
    suggestion = only(text)
    assert suggestion.type == "indirect"
    assert words(text, suggestion.content) == "the talks could collapse within days"
    assert words(text, suggestion.cue) == "warned"
    assert words(text, suggestion.speaker_mention) == "Maria Lopez"


def test_name_before_an_apposition_is_the_speaker():
    text = "Jane Doe, the company's chief executive, said that profits would rise next year."
    suggestion = only(text)
    assert words(text, suggestion.speaker_mention) == "Jane Doe"


def test_role_phrase_takes_the_name_it_was_introduced_with():
    text = (
        "Finance Minister Rachel Reeves presented the budget. "
        "Later the finance minister argued that growth would return by spring."
    )
    suggestion = only(text)
    assert words(text, suggestion.speaker_mention) == "the finance minister"
    assert suggestion.speaker == "Rachel Reeves"


def test_content_then_speaker_and_cue():
    text = "Profits will fall sharply next year, the finance minister warned."
    suggestion = only(text)
    assert suggestion.kind == "indirect_after"
    assert words(text, suggestion.content) == "Profits will fall sharply next year"


def test_according_to_names_the_speaker():
    text = "According to Maria Lopez, the talks will resume on Monday."
    suggestion = only(text)
    assert words(text, suggestion.cue) == "According to"
    assert words(text, suggestion.content) == "the talks will resume on Monday"


def test_indirect_content_with_quoted_words_is_mixed():
    text = "Tom Smith said that the plan was “a disaster” for everyone."
    assert only(text).type == "mixed"


def test_alias_links_the_canonical_speaker():
    speakers = [{"name": "Dmitry Peskov", "aliases": ["Peskov"]}]
    suggestion = only("“The answer is no,” Peskov said.", speakers)
    assert suggestion.speaker == "Dmitry Peskov"
    assert not suggestion.speaker_is_new


def test_unknown_name_becomes_a_proposed_new_speaker():
    suggestion = only("“The answer is no,” Ivan Petrov said.", [KnownSpeaker("Dmitry Peskov")])
    assert suggestion.speaker == "Ivan Petrov"
    assert suggestion.speaker_is_new


def test_surname_takes_the_full_name_met_earlier_in_the_text():
    text = "Ivan Petrov arrived late. “The answer is no,” Petrov said."
    assert only(text).speaker == "Ivan Petrov"


def test_keys_are_stable_and_differ_by_spans():
    text = "“The answer is no,” Petrov said. “The answer is yes,” Ivanov said."
    first = [s.key for s in suggest(text)]
    assert first == [s.key for s in suggest(text)]
    assert len(set(first)) == 2


def test_suggestion_round_trips_through_plain_data():
    suggestion = only("“The answer is no,” Petrov said.")
    assert Suggestion.from_dict(suggestion.as_dict()) == suggestion


def test_offsets_count_code_points_after_an_emoji():
    text = "🎉 Party time. “We won the whole thing,” Ana Silva said."
    suggestion = only(text)
    assert words(text, suggestion.content) == "We won the whole thing,"


@pytest.mark.parametrize(
    "opening,closing", [("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"), ("‘", "’"), ("「", "」")]
)
def test_every_quote_mark_style_is_recognised(opening, closing):
    text = f"{opening}The budget is balanced,{closing} Ana Silva said."
    assert words(text, only(text).content) == "The budget is balanced,"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab .,“”"«»„‘’「」\n:he said that Tom')), max_size=80))
def test_any_text_gives_spans_inside_it(text):
    for suggestion in suggest(text):
        for span in (suggestion.content, suggestion.speaker_mention, suggestion.cue):
            if span:
                check_span(text, *span)


def test_said_without_that_is_an_indirect_quote():
    text = "Their leader Friedrich Merz said the coalition had lost the trust of business."
    suggestion = only(text)
    assert suggestion.kind == "indirect_zero_that"
    assert words(text, suggestion.content) == "the coalition had lost the trust of business"
    assert words(text, suggestion.speaker_mention) == "Friedrich Merz"


def test_said_followed_by_a_plain_object_is_not_a_quote():
    assert suggest("Weber said goodbye to her staff on Friday.") == []


def test_name_inside_the_commas_of_an_apposition_is_the_speaker():
    text = "The mayor, Sadiq Khan, said the strike would cause “huge disruption” for Londoners."
    suggestion = only(text)
    assert words(text, suggestion.speaker_mention) == "Sadiq Khan"
    assert suggestion.type == "mixed"


def test_role_phrase_with_its_complement_is_one_mention():
    text = "“Nobody wants to strike at all,” a spokesperson for the union said."
    suggestion = only(text, [KnownSpeaker("Sadiq Khan")])
    assert words(text, suggestion.speaker_mention) == "a spokesperson for the union"


def test_an_indefinite_role_is_not_the_last_named_person():
    text = (
        "Sadiq Khan spoke first. “Nobody wants to strike at all,” a spokesperson for the "
        "union said."
    )
    assert only(text).speaker is None


def test_quotation_after_the_attribution_sentence_continues_its_speaker():
    text = (
        "“We are in troubled waters,” Habeck told a news conference in Berlin. "
        "“The figures are dramatically bad.”"
    )
    first, second = suggest(text)
    assert second.kind == "direct_marks_continued"
    assert second.speaker == first.speaker == "Habeck"


def test_quotation_after_an_unrelated_sentence_does_not_continue():
    text = (
        "“We are in troubled waters,” Habeck said.\n\nCritics called the plan a "
        "“bold gamble” at the time."
    )
    first, second = suggest(text)
    assert first.speaker == "Habeck"
    # The critics' words, not a continuation of Habeck's.
    assert (words(text, second.speaker_mention), second.type) == ("Critics", "mixed")


def test_dateline_is_not_part_of_the_content():
    text = (
        "BERLIN (Reuters) - Germany's economy will barely grow this year, Economy Minister "
        "Robert Habeck said on Wednesday, blaming high energy prices."
    )
    suggestion = only(text)
    assert words(text, suggestion.content) == "Germany's economy will barely grow this year"
    assert words(text, suggestion.speaker_mention) == "Robert Habeck"


def test_according_to_any_short_source():
    text = "According to a study published on Thursday, the ice sheet lost a record mass."
    suggestion = only(text)
    assert words(text, suggestion.speaker_mention) == "a study published on Thursday"


def test_role_words_between_quotation_and_name():
    text = "“This should alarm everyone,” lead author Anna Svensson wrote in an email."
    suggestion = only(text)
    assert words(text, suggestion.speaker_mention) == "Anna Svensson"
    assert words(text, suggestion.cue) == "wrote in an email"  # the setting belongs to the cue


def test_without_spacy_the_rules_work_alone():
    # spaCy is optional and not installed here: the suggester must not need it.
    if suggesting_spacy.pipeline() is not None:
        pytest.skip("spaCy with an English pipeline is installed here")
    assert suggesting_spacy.analyse("He said so.") is None
    assert only("“The answer is no,” Petrov said.").speaker == "Petrov"


def test_multi_paragraph_search_stops_where_the_marks_stop():
    text = (
        "“First paragraph opens.\n\n“Second one too.\n\n"
        "Then plain prose, “a long closed quotation here,” she said."
    )
    (suggestion,) = suggest(text)
    assert words(text, suggestion.content) == "a long closed quotation here,"


def test_closing_mark_in_a_continued_paragraph_right_after_its_opening():
    text = "“One paragraph of a statement that goes on.\n\n“Two,” Ana Silva said."
    suggestion = only(text)
    assert words(text, suggestion.content).endswith("“Two,")
