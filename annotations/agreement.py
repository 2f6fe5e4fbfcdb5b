"""Inter-annotator agreement over submitted versions, per project and per annotator pair.

- quote content F1, exact (the same fragments) and overlap (fragments share a character;
  quotes are matched one to one, largest overlap first),
- speaker agreement: on overlap-matched quotes where at least one side names a canonical
  speaker, the share naming the same one,
- Cohen's kappa and Krippendorff's alpha (nominal, the `krippendorff` package) on quote
  type over overlap-matched quotes.

A figure with nothing to measure is None (shown as "n/a"), never a made-up 0 or 1.
"""

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import krippendorff
import numpy as np
from django.db import connection
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL

from . import review
from .models import Annotation, Project, Quote, QuoteType, Status

TYPE_CODES = {value: code for code, value in enumerate(QuoteType.values)}


@dataclass
class Counts:
    """What two versions share; adds up over articles and pairs."""

    quotes: int = 0  # quotes in both versions together
    exact: int = 0
    overlap: int = 0
    speaker_compared: int = 0
    speaker_same: int = 0
    types: list[tuple[str, str]] = field(default_factory=list)

    def __iadd__(self, other: "Counts") -> "Counts":
        self.quotes += other.quotes
        self.exact += other.exact
        self.overlap += other.overlap
        self.speaker_compared += other.speaker_compared
        self.speaker_same += other.speaker_same
        self.types += other.types
        return self


@dataclass
class Agreement:
    """The figures for one pair of annotators, or (pair empty) for the whole project."""

    pair: tuple[str, str] | None
    articles: int
    quotes: int
    f1_exact: float | None
    f1_overlap: float | None
    speaker: float | None
    kappa: float | None
    alpha: float | None

    def as_dict(self) -> dict:
        return {
            "annotators": list(self.pair) if self.pair else None,
            "articles": self.articles,
            "quotes": self.quotes,
            "f1_exact": self.f1_exact,
            "f1_overlap": self.f1_overlap,
            "speaker_agreement": self.speaker,
            "type_kappa": self.kappa,
            "type_alpha": self.alpha,
        }


def compare(a: list[Quote], b: list[Quote]) -> Counts:
    """Compare two versions' quotes of one article."""
    spans_a = {_span(q) for q in a}
    counts = Counts(quotes=len(a) + len(b), exact=sum(1 for q in b if _span(q) in spans_a))
    for qa, qb in match(a, b):
        counts.overlap += 1
        counts.types.append((qa.type, qb.type))
        if qa.speaker_id or qb.speaker_id:
            counts.speaker_compared += 1
            counts.speaker_same += qa.speaker_id == qb.speaker_id
    return counts


def match(a: list[Quote], b: list[Quote]) -> list[tuple[Quote, Quote]]:
    """Pair quotes one to one by overlapping content, exact spans and largest overlaps first."""
    candidates = sorted(
        (
            (_span(qa) != _span(qb), -_overlap(qa, qb), i, j)
            for i, qa in enumerate(a)
            for j, qb in enumerate(b)
            if _overlap(qa, qb) > 0
        )
    )
    used_a, used_b, pairs = set(), set(), []
    for _, _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((a[i], b[j]))
    return pairs


def figures(counts: Counts, articles: int, pair=None, alpha: float | None = None) -> Agreement:
    """Turn counts into the reported figures."""
    return Agreement(
        pair=pair,
        articles=articles,
        quotes=counts.quotes,
        f1_exact=_ratio(2 * counts.exact, counts.quotes),
        f1_overlap=_ratio(2 * counts.overlap, counts.quotes),
        speaker=_ratio(counts.speaker_same, counts.speaker_compared),
        kappa=cohen_kappa(counts.types),
        alpha=alpha,
    )


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' labels; None when chance agreement is already total."""
    if not pairs:
        return None
    n = len(pairs)
    observed = sum(1 for x, y in pairs if x == y) / n
    labels = {label for pair in pairs for label in pair}
    expected = sum(
        (sum(1 for x, _ in pairs if x == label) / n) * (sum(1 for _, y in pairs if y == label) / n)
        for label in labels
    )
    return None if expected == 1 else (observed - expected) / (1 - expected)


def alpha(reliability_data: list[list[float]]) -> float | None:
    """Krippendorff's nominal alpha (coders × units, nan where missing); None if undefined."""
    data = np.array(reliability_data, dtype=float)
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if data.size == 0 or not pairable.any():
        return None
    values = data[:, pairable]
    if len(set(values[~np.isnan(values)].tolist())) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def project_agreement(project: Project) -> dict:
    """The project's figures and each pair's, over its submitted versions."""
    by_article = _submitted(project)
    pair_counts: dict[tuple[str, str], Counts] = defaultdict(Counts)
    pair_articles: dict[tuple[str, str], int] = defaultdict(int)
    total = Counts()
    rows: list[dict[str, str]] = []
    coders: set[str] = set()
    compared_articles = 0
    for versions in by_article.values():
        if len(versions) < 2:
            continue
        compared_articles += 1
        for a, b in itertools.combinations(versions, 2):
            key = (a.annotator.username, b.annotator.username)
            counts = compare(list(a.quotes.all()), list(b.quotes.all()))
            pair_counts[key] += counts
            pair_articles[key] += 1
            total += counts
        for row in review.align(versions):
            cells = {c.annotation.annotator.username: c.quote.type for c in row.cells if c.quote}
            coders.update(cells)
            rows.append(cells)
    pairs = [
        figures(pair_counts[key], pair_articles[key], pair=key, alpha=_pair_alpha(pair_counts[key]))
        for key in sorted(pair_counts)
    ]
    ordered = sorted(coders)
    matrix = [[TYPE_CODES[row[c]] if c in row else np.nan for row in rows] for c in ordered]
    overall = figures(total, compared_articles, alpha=alpha(matrix) if rows else None)
    return {"project": overall, "pairs": pairs}


def progress(project: Project) -> dict[str, list[tuple]]:
    """Per annotator, (day, submitted so far) for each day they submitted something.

    Read from the per-day counts that PostgreSQL keeps (its triggers), a few rows per
    annotator whatever the size of the project."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT u.username, d.day, d.n FROM annotations_submissionday d
               JOIN auth_user u ON u.id = d.annotator_id
               WHERE d.project_id = %s AND d.n > 0 ORDER BY u.username, d.day""",
            [project.pk],
        )
        daily = cursor.fetchall()
    series: dict[str, list[tuple]] = {}
    for username, day, count in daily:
        points = series.setdefault(username, [])
        points.append((day, (points[-1][1] if points else 0) + count))
    return series


def _submitted(project: Project) -> dict[int, list[Annotation]]:
    quotes = Quote.objects.select_related("content", "speaker_mention", "cue").prefetch_related(
        "later_fragments"
    )
    # Only articles with two submitted versions or more are compared: the counter that
    # PostgreSQL keeps (index `article_compared`) finds them without reading the others.
    compared = RawSQL(
        "SELECT id FROM annotations_article WHERE project_id = %s AND submitted_versions >= 2",
        [project.pk],
    )
    annotations = (
        Annotation.objects.filter(article_id__in=compared, status=Status.SUBMITTED)
        .exclude(annotator__isnull=True)
        .select_related("annotator")
        .prefetch_related(Prefetch("quotes", queryset=quotes))
        .order_by("article_id", "annotator__username")
    )
    by_article: dict[int, list[Annotation]] = defaultdict(list)
    for annotation in annotations:
        by_article[annotation.article_id].append(annotation)
    return by_article


def _pair_alpha(counts: Counts) -> float | None:
    first = [TYPE_CODES[x] for x, _ in counts.types]
    second = [TYPE_CODES[y] for _, y in counts.types]
    return alpha([first, second])


def _span(quote: Quote) -> tuple[tuple[int, int], ...]:
    return quote.fragment_spans


def _overlap(a: Quote, b: Quote) -> int:
    """The characters two quotes' fragments share."""
    return review.shared_characters(a.fragment_spans, b.fragment_spans)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None
