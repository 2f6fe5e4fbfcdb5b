"""The text cut into segments for highlighting: nothing lost, every mention exactly covered."""

from hypothesis import given
from hypothesis import strategies as st

from annotations.models import Label, Mention, Quote
from annotations.quotemarks import quote_type_from_marks as guess_quote_type
from annotations.segments import paragraphs, paragraphs_html, paragraphs_over, segments, text_html

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


LINES = st.text(alphabet=st.sampled_from("ab \n🎉"), min_size=1)


@st.composite
def lines_and_mentions(draw):
    """Texts of few characters and many line breaks: paragraphs of every shape."""
    text = draw(LINES)
    count = draw(st.integers(min_value=0, max_value=8))
    mentions = []
    for pk in range(1, count + 1):
        start = draw(st.integers(min_value=0, max_value=len(text) - 1))
        end = draw(st.integers(min_value=start + 1, max_value=len(text)))
        label = draw(st.sampled_from(Label.values))
        mentions.append(Mention(pk=pk, label=label, start=start, end=end, text=text[start:end]))
    quotes = [Quote(pk=100 + m.pk, content_id=m.pk) for m in mentions if m.label == Label.QUOTE]
    return text, mentions, quotes


def _keys(pieces):
    return [(p.start, p.end, p.css, p.badge, p.quote_id, p.speaker_id, p.cue_id) for p in pieces]


@given(lines_and_mentions())
def test_paragraphs_end_after_line_breaks_and_no_segment_crosses_one(case):
    text, mentions, quotes = case
    parts = paragraphs(text, segments(text, mentions, quotes))
    assert "".join(text[p.start : p.end] for p in parts) == text
    for part in parts[:-1]:
        assert text[part.end - 1] == "\n" and text[part.end] != "\n"
    for part in parts:
        assert all(part.start <= s.start and s.end <= part.end for s in part.segments)


@given(lines_and_mentions())
def test_a_paragraph_cut_alone_is_the_same_as_cut_with_the_whole_text(case):
    """What a change re-renders (one paragraph) equals that paragraph of the whole page."""
    text, mentions, quotes = case
    active = quotes[0] if quotes else None
    for part in paragraphs(text, segments(text, mentions, quotes, active)):
        alone = segments(text, mentions, quotes, active, within=(part.start, part.end))
        assert _keys(alone) == _keys(part.segments)


@given(lines_and_mentions(), st.integers(min_value=0, max_value=40))
def test_paragraphs_over_a_span_are_those_it_overlaps(case, start):
    text, _mentions, _quotes = case
    start = min(start, len(text) - 1)
    end = min(len(text), start + 3)
    every = [(p.start, p.end) for p in paragraphs(text, segments(text, []))]
    overlapped = [(a, b) for a, b in every if a < end and b > start]
    assert paragraphs_over(text, [(start, end)]) == overlapped


def test_paragraph_html_keeps_the_text_and_names_each_paragraph_by_its_start():
    text = "One.\n\nTwo 🎉.\n"
    html = paragraphs_html(paragraphs(text, segments(text, [])))
    assert html == (
        '<div class="para" id="para-0"><span data-start="0" data-end="6">One.\n\n</span></div>'
        '<div class="para" id="para-6"><span data-start="6" data-end="13">Two 🎉.\n</span></div>'
    )
