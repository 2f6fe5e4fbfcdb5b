"""Properties of alignment and agreement over random quote spans (no database needed)."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations import agreement, review
from annotations.models import Annotation, Mention, Quote

span = st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda s: (s[0], s[0] + s[1]))
version_spans = st.lists(span, max_size=6, unique=True)
ids = itertools.count(1)


def _version(spans: list[tuple[int, int]], types=None) -> Annotation:
    """An unsaved version whose quotes are served from its prefetch cache."""
    annotation = Annotation(pk=next(ids), annotator_id=next(ids))
    quotes = [
        Quote(
            pk=next(ids),
            content=Mention(pk=next(ids), label="QUOTE", start=start, end=end, text="x"),
            type=(types or {}).get((start, end), "direct"),
        )
        for start, end in spans
    ]
    annotation._prefetched_objects_cache = {"quotes": quotes}
    return annotation


@settings(max_examples=200, deadline=None)
@given(st.lists(version_spans, min_size=2, max_size=4))
def test_every_quote_lands_in_exactly_one_row_with_at_most_one_per_version(all_spans):
    versions = [_version(spans) for spans in all_spans]
    rows = review.align(versions)
    placed = [c.quote.pk for row in rows for c in row.cells if c.quote]
    assert sorted(placed) == sorted(q.pk for v in versions for q in v.quotes.all())
    for row in rows:
        assert [c.annotation for c in row.cells] == versions


@settings(max_examples=200, deadline=None)
@given(st.lists(version_spans, min_size=2, max_size=4))
def test_quotes_in_one_row_overlap_the_rows_stretch(all_spans):
    for row in review.align([_version(spans) for spans in all_spans]):
        for cell in row.cells:
            if cell.quote:
                assert row.start <= cell.quote.content.start < cell.quote.content.end <= row.end


@settings(max_examples=200, deadline=None)
@given(version_spans, version_spans)
def test_agreement_is_symmetric_and_exact_never_beats_overlap(first, second):
    a, b = _version(first).quotes.all(), _version(second).quotes.all()
    forward, backward = agreement.compare(a, b), agreement.compare(b, a)
    assert (forward.exact, forward.overlap) == (backward.exact, backward.overlap)
    assert forward.exact <= forward.overlap <= min(len(a), len(b))


@given(version_spans)
def test_a_version_agrees_fully_with_itself(spans):
    a = _version(spans).quotes.all()
    counts = agreement.compare(a, list(a))
    if spans:
        figures = agreement.figures(counts, 1)
        assert figures.f1_exact == figures.f1_overlap == 1.0
