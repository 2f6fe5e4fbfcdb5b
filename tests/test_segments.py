"""The text cut into segments for highlighting: nothing lost, every mention exactly covered."""

from hypothesis import given
from hypothesis import strategies as st

from annotations.models import Label, Mention, Quote
from annotations.quotemarks import quote_type_from_marks as guess_quote_type
from annotations.segments import segments, text_html

TEXTS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1)


@st.composite
def text_and_mentions(draw):
    text = draw(TEXTS)
    count = draw(st.integers(min_value=0, max_value=12))
    mentions = []
    for pk in range(1, count + 1):
        start = draw(st.integers(min_value=0, max_value=len(text) - 1))
        end = draw(st.integers(min_value=start + 1, max_value=len(text)))
        label = draw(st.sampled_from(Label.values))
        mentions.append(Mention(pk=pk, label=label, start=start, end=end, text=text[start:end]))
    return text, mentions


@given(text_and_mentions())
def test_segments_concatenate_to_the_text(case):
    text, mentions = case
    assert "".join(segment.text for segment in segments(text, mentions)) == text


@given(text_and_mentions())
def test_segments_are_contiguous_code_point_ranges(case):
    text, mentions = case
    pieces = segments(text, mentions)
    assert pieces[0].start == 0 and pieces[-1].end == len(text)
    for before, after in zip(pieces, pieces[1:], strict=False):
        assert before.end == after.start
    assert all(piece.text == text[piece.start : piece.end] for piece in pieces)


@given(text_and_mentions())
def test_each_mention_covers_exactly_its_segments(case):
    text, mentions = case
    pieces = segments(text, mentions)
    for mention in mentions:
        covered = [piece for piece in pieces if mention in piece.mentions]
        assert covered[0].start == mention.start
        assert covered[-1].end == mention.end
        assert sum(piece.end - piece.start for piece in covered) == mention.end - mention.start


def test_speaker_inside_a_quote_carries_both_labels():
    text = "“I said he came,” she said."
    quote = Mention(pk=1, label=Label.QUOTE, start=1, end=16, text=text[1:16])
    inner = Mention(pk=2, label=Label.SPEAKER, start=8, end=10, text="he")
    pieces = segments(text, [quote, inner], [Quote(pk=7, content_id=1)])
    he = next(piece for piece in pieces if piece.text == "he")
    assert "l-quote" in he.css and "l-speaker" in he.css
    assert (he.quote_id, he.speaker_id, he.badge) == (7, 2, "S")


def test_quote_inside_a_quote_is_marked_nested_and_names_the_inner_quote():
    text = "He said “she told me ‘go home’ yesterday”."
    outer = Mention(pk=1, label=Label.QUOTE, start=9, end=40, text=text[9:40])
    inner = Mention(pk=2, label=Label.QUOTE, start=22, end=29, text=text[22:29])
    quotes = [Quote(pk=10, content_id=1), Quote(pk=11, content_id=2)]
    pieces = segments(text, [outer, inner], quotes)
    go_home = next(piece for piece in pieces if piece.text == "go home")
    assert "nested" in go_home.css
    assert go_home.quote_id == 11


def test_badge_names_every_label_starting_in_a_segment():
    text = "Peskov said."
    pieces = segments(
        text,
        [
            Mention(pk=1, label=Label.QUOTE, start=0, end=6, text="Peskov"),
            Mention(pk=2, label=Label.SPEAKER, start=0, end=6, text="Peskov"),
        ],
    )
    assert pieces[0].badge == "Q S"


def test_selection_between_curly_quote_marks_is_direct():
    text = "He said: “Stop.”"
    assert guess_quote_type(text, 10, 15) == "direct"


def test_selection_without_quote_marks_is_indirect():
    text = "He said that they should stop."
    assert guess_quote_type(text, 13, 29) == "indirect"


def test_rendered_text_escapes_markup_and_counts_code_points():
    text = "🎉 <b>&</b>"
    tag = Mention(pk=3, label=Label.CUE, start=2, end=5, text="<b>")
    assert text_html(segments(text, [tag])) == (
        '<span data-start="0" data-end="2">🎉 </span>'
        '<span data-start="2" data-end="5" class="m l-cue" data-badge="C" data-cue="3">'
        "&lt;b&gt;</span>"
        '<span data-start="5" data-end="10">&amp;&lt;/b&gt;</span>'
    )
