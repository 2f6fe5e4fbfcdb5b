"""Review: the submitted versions of an article side by side, quotes aligned across them,
differences marked, and the reviewer's moves into the gold version.

Quotes of different versions are aligned when their contents are the same or share any
fragment's characters; each aligned row holds at most one quote per version. Every gold
write goes through `editing` with the gold version the reviewer saw, so two reviewers never
overwrite each other silently (`StaleVersion`).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone

from . import editing
from .models import Annotation, Article, Comment, Mention, Quote, Status

MISSING = "missing quote"
BOUNDARIES = "other boundaries"
SPEAKER = "other speaker"
TYPE = "other type"
CUE = "other cue"


@dataclass
class Cell:
    """One version's quote in an aligned row (None when that version has no such quote)."""

    annotation: Annotation
    quote: Quote | None
    differs: set[str] = field(default_factory=set)
    # The quote whole, cut where the versions' boundaries differ (see `add_context`).
    pieces: list[tuple[str, bool]] = field(default_factory=list)
    notes: list = field(default_factory=list)  # comments and flags on this quote
    before: str = ""  # the article's text from the sentence's start up to the quote
    after: str = ""  # and from the quote to the sentence's end


@dataclass
class Row:
    """Quotes of several versions that are about the same stretch of text."""

    start: int
    end: int
    cells: list[Cell]
    differences: list[str]


def versions_for_review(article: Article) -> list[Annotation]:
    """The submitted versions of the article, then its gold version if it has one."""
    quotes = Quote.objects.select_related(
        "content", "speaker_mention", "cue", "speaker"
    ).prefetch_related("later_fragments")
    return list(
        Annotation.objects.filter(article=article, status__in=[Status.SUBMITTED, Status.GOLD])
        .select_related("annotator")
        .prefetch_related(Prefetch("quotes", queryset=quotes))
        .order_by(F("annotator__username").asc(nulls_last=True))
    )


def align(versions: list[Annotation]) -> list[Row]:
    """Group the versions' quotes into rows of same or overlapping content, then compare."""
    groups: list[dict[int, Quote]] = []
    items = sorted(
        ((q.fragment_spans, a.pk, q) for a in versions for q in a.quotes.all()),
        key=lambda item: (item[0][0], item[0][-1][1], item[1]),
    )
    for spans, annotation_id, quote in items:
        best, best_score = None, (0, 0)
        for group in groups:
            if annotation_id in group:
                continue
            exact = any(q.fragment_spans == spans for q in group.values())
            overlap = max(shared_characters(q.fragment_spans, spans) for q in group.values())
            if overlap and (exact, overlap) > best_score:
                best, best_score = group, (exact, overlap)
        if best is None:
            groups.append({annotation_id: quote})
        else:
            best[annotation_id] = quote
    rows = [_row(group, versions) for group in groups]
    return sorted(rows, key=lambda row: (row.start, row.end))


def add_context(rows: list[Row], text: str) -> None:
    """Give each row the sentence around it and each quote its whole text in pieces, those
    characters that not every version's quote holds marked, so a boundary difference of one
    comma shows."""
    for row in rows:
        sentence = (_sentence_start(text, row.start), _sentence_end(text, row.end))
        spans = [_extent(cell.quote) for cell in row.cells if cell.quote is not None]
        common = (max(s for s, _ in spans), min(e for _, e in spans))
        for cell in row.cells:
            if cell.quote is not None:
                start, end = _extent(cell.quote)
                cell.before, cell.after = text[sentence[0] : start], text[end : sentence[1]]
                cell.pieces = _pieces(text, (start, end), common)


def attach_notes(versions: list[Annotation], rows: list[Row]) -> None:
    """Each version's notes about the article (`version.notes`) and each quote's own
    (`cell.notes`), in one query."""
    by_annotation: dict[int, list[Comment]] = {v.pk: [] for v in versions}
    by_quote: dict[int, list[Comment]] = {}
    for note in Comment.objects.filter(annotation__in=versions).order_by("created_at", "id"):
        if note.quote_id is None:
            by_annotation[note.annotation_id].append(note)
        else:
            by_quote.setdefault(note.quote_id, []).append(note)
    for version in versions:
        version.notes = by_annotation[version.pk]
    for row in rows:
        for cell in row.cells:
            cell.notes = by_quote.get(cell.quote.pk, []) if cell.quote is not None else []


def take_version(
    gold: Annotation, version: Annotation, *, actor=None, expected_version: int | None
) -> Annotation:
    """Make the gold version a copy of one annotator's version (mentions, quotes, speakers)."""
    _check_gold(gold, version)
    return editing.replace_contents(
        gold,
        editing.snapshot(version),
        actor=actor,
        expected_version=expected_version,
        action="took_version",
    )


def take_quote(
    gold: Annotation, quote: Quote, *, actor=None, expected_version: int | None
) -> Quote:
    """Put one quote, with its speaker mention, cue and speaker, into the gold version.

    Gold mentions with the same label and span are reused; gold quotes whose content overlaps
    the taken one are the same row's other choice, so they give way to it.
    """
    _check_gold(gold, quote.annotation)
    wanted = quote.fragment_spans
    with transaction.atomic():
        version = expected_version
        existing_quotes = gold.quotes.select_related("content").prefetch_related("later_fragments")
        for existing in existing_quotes:
            if existing.fragment_spans[0] != wanted[0] and shared_characters(
                existing.fragment_spans, wanted
            ):
                editing.delete_quote(gold, existing, actor=actor, expected_version=version)
                version = gold.version
        fragments = []
        for fragment in quote.fragments:
            mention, version = _gold_mention(gold, fragment, version)
            fragments.append(mention)
        speaker_mention, version = _gold_mention(gold, quote.speaker_mention, version)
        cue, version = _gold_mention(gold, quote.cue, version)
        parts = {
            "type": quote.type,
            "speaker_mention": speaker_mention,
            "cue": cue,
            "speaker": quote.speaker,
        }
        taken = Quote.objects.filter(annotation=gold, content=fragments[0]).first()
        if taken:
            editing.update_quote(gold, taken, actor=actor, expected_version=version, **parts)
        else:
            taken = editing.add_quote(
                gold, content=fragments[0], actor=actor, expected_version=version, **parts
            )
        keep = {m.pk for m in fragments}
        for extra in [m for m in taken.fragments if m.pk not in keep]:
            editing.remove_fragment(gold, taken, extra, actor=actor, expected_version=gold.version)
        have = {m.pk for m in Quote.objects.get(pk=taken.pk).fragments}
        for mention in fragments[1:]:
            if mention.pk not in have:
                editing.add_fragment(
                    gold, taken, mention, actor=actor, expected_version=gold.version
                )
        return taken


def accept_gold(gold: Annotation, *, actor=None, expected_version: int | None) -> Annotation:
    """Mark the gold version accepted: the article is done."""
    if not gold.is_gold:
        raise editing.EditError("annotation", "only the gold version can be accepted")
    with transaction.atomic():
        editing.set_status(gold, Status.GOLD, actor=actor, expected_version=expected_version)
        gold.accepted_at = timezone.now()
        Annotation.objects.filter(pk=gold.pk).update(accepted_at=gold.accepted_at)
    return gold


def _gold_mention(gold: Annotation, mention: Mention | None, version: int | None):
    """The gold mention with this label and span (added if missing), and gold's version.

    The version passed on is the one the next write must expect: raised by one after an
    addition, unchanged otherwise, so a stale reviewer is caught by the next write.
    """
    if mention is None:
        return None, version
    existing = Mention.objects.filter(
        annotation=gold, label=mention.label, start=mention.start, end=mention.end
    ).first()
    if existing:
        return existing, version
    added = editing.add_mention(
        gold,
        label=mention.label,
        start=mention.start,
        end=mention.end,
        text=mention.text,
        expected_version=version,
    )
    return added, gold.version


def _check_gold(gold: Annotation, source: Annotation) -> None:
    if not gold.is_gold:
        raise editing.EditError("gold", "the target is not a gold version")
    if source.article_id != gold.article_id:
        raise editing.EditError("annotation", "this version belongs to another article")


def _row(group: dict[int, Quote], versions: list[Annotation]) -> Row:
    quotes = list(group.values())
    start = min(q.fragment_spans[0][0] for q in quotes)
    end = max(q.fragment_spans[-1][1] for q in quotes)
    compared = [a for a in versions if not a.is_gold]
    cells = [Cell(annotation=a, quote=group.get(a.pk)) for a in versions]
    present = [c for c in cells if c.quote is not None and not c.annotation.is_gold]
    differences: list[str] = []
    if len(present) < len(compared):
        differences.append(MISSING)
        for cell in cells:
            if cell.quote is None:
                cell.differs.add(MISSING)
    for kind, key in (
        (BOUNDARIES, _span),
        (SPEAKER, _speaker_key),
        (TYPE, lambda q: q.type),
        (CUE, lambda q: _span(q.cue) if q.cue else None),
    ):
        values = [key(c.quote) for c in present]
        if len(set(values)) > 1:
            differences.append(kind)
            majority = max(set(values), key=values.count)
            for cell in cells:
                if cell.quote is not None and key(cell.quote) != majority:
                    cell.differs.add(kind)
            if values.count(majority) * 2 <= len(values):
                for cell in present:
                    cell.differs.add(kind)
    return Row(start=start, end=end, cells=cells, differences=differences)


def _speaker_key(quote: Quote):
    """Who said it: the canonical speaker when set, else the speaker mention's span."""
    if quote.speaker_id:
        return ("speaker", quote.speaker_id)
    if quote.speaker_mention_id:
        return ("mention", _span(quote.speaker_mention))
    return None


def _span(part) -> tuple:
    """A quote's fragments' spans, or a mention's span."""
    if isinstance(part, Quote):
        return part.fragment_spans
    return (part.start, part.end)


def _extent(quote: Quote) -> tuple[int, int]:
    """Where a quote begins and ends: its first fragment's start, its last fragment's end."""
    spans = quote.fragment_spans
    return spans[0][0], spans[-1][1]


def shared_characters(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> int:
    """How many characters two sets of fragments have in common."""
    return sum(_overlap(x, y) for x in a for y in b)


def _pieces(text: str, span: tuple[int, int], common: tuple[int, int]):
    """`text[start:end]` as (piece, differs) runs: outside `common` every version does not
    hold the characters."""
    start, end = span
    cuts = sorted({start, end, *(c for c in common if start < c < end)})
    return [
        (text[a:b], not (common[0] <= a and b <= common[1]))
        for a, b in zip(cuts, cuts[1:], strict=False)
        if a < b
    ]


SENTENCE_END = ".!?…"
CLOSING_MARKS = "”’»\"')"
CONTEXT_LIMIT = 300  # characters of context at most on either side


def _sentence_start(text: str, start: int) -> int:
    """Where the sentence holding `start` begins (after a full stop and space, or a blank
    line), at most CONTEXT_LIMIT characters before it."""
    floor = max(0, start - CONTEXT_LIMIT)
    for at in range(start - 1, floor, -1):
        if text[at] == "\n" or (text[at].isspace() and text[at - 1] in SENTENCE_END):
            return at + 1
    return floor


def _sentence_end(text: str, end: int) -> int:
    ceiling = min(len(text), end + CONTEXT_LIMIT)
    for at in range(end, ceiling):
        if text[at] == "\n":
            return at
        if text[at] in SENTENCE_END:
            at += 1
            while at < ceiling and text[at] in CLOSING_MARKS:
                at += 1
            return at
    return ceiling


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
