"""Changing an annotation: mentions, quotes, status. Every writer of an annotation's contents
(the workspace, the API, review, restore, suggestions) goes through these functions.

Each change, in one transaction: checks the spans (`spans`), raises the annotation's version
if it still is the version the writer saw (else `StaleVersion`, and nothing changes), and
records an `AnnotationEvent` with the whole annotation after the change, so that history
can show and restore any earlier state.
"""

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from . import spans
from .errors import FieldError
from .models import (
    Annotation,
    AnnotationEvent,
    Article,
    Label,
    Mention,
    Quote,
    QuoteType,
    Speaker,
    Status,
)


@dataclass
class StaleVersion(Exception):
    """The writer saw an older version of the annotation than the one stored (HTTP 409)."""

    expected: int
    current: int

    def __str__(self) -> str:
        return (
            f"this annotation changed elsewhere (you had version {self.expected}, it is now "
            f"version {self.current}): reload to see the latest and redo your change"
        )


class EditError(FieldError):
    """A change that cannot be made; `field` names what to fix."""


def own_annotation(article: Article, user) -> Annotation:
    """The user's annotation of the article, created (in progress) on first use."""
    annotation, _ = Annotation.objects.get_or_create(
        article=article,
        annotator=user,
        defaults={"status": Status.IN_PROGRESS, "started_at": timezone.now()},
    )
    return annotation


def gold_annotation(article: Article) -> Annotation:
    """The article's gold version, created empty on first use."""
    annotation, _ = Annotation.objects.get_or_create(
        article=article, annotator=None, defaults={"status": Status.GOLD}
    )
    return annotation


def add_mention(
    annotation: Annotation,
    *,
    label: str,
    start: int,
    end: int,
    text: str | None = None,
    actor=None,
    expected_version: int | None = None,
) -> Mention:
    """Add a span; `text`, if given, must equal the article's text at [start, end)."""
    spans.check_label(label)
    found = spans.check_span(annotation.article.text, start, end, text)
    with transaction.atomic():
        _bump(annotation, expected_version)
        existing = Mention.objects.filter(
            annotation=annotation, label=label, start=start, end=end
        ).first()
        if existing:
            raise EditError("start", f"there already is a {label} mention at {start}–{end}")
        mention = Mention.objects.create(
            annotation=annotation, label=label, start=start, end=end, text=found
        )
        record_event(annotation, actor, "mention_created", {"mention": _mention_data(mention)})
    return mention


def delete_mention(
    annotation: Annotation, mention: Mention, *, actor=None, expected_version: int | None = None
) -> None:
    """Remove a span; a quote whose only fragment it was goes with it, other quotes lose the
    link."""
    _check_owned(annotation, mention, "mention")
    with transaction.atomic():
        _bump(annotation, expected_version)
        detail = {"mention": _mention_data(mention)}
        quote = Quote.objects.filter(content=mention).first()
        if quote is not None and len(fragments := quote.fragments) > 1:
            _set_first_fragment(quote, fragments[1])  # a split quote keeps its other fragments
        mention.delete()
        record_event(annotation, actor, "mention_deleted", detail)


def add_quote(
    annotation: Annotation,
    *,
    content: Mention,
    type: str = QuoteType.DIRECT,
    speaker_mention: Mention | None = None,
    cue: Mention | None = None,
    speaker: Speaker | None = None,
    origin: str = "",
    actor=None,
    expected_version: int | None = None,
) -> Quote:
    """Make a quote of a QUOTE mention, with its optional speaker mention, cue and speaker."""
    _check_owned(annotation, content, "content")
    _check_quote(annotation, type, content, speaker_mention, cue, speaker)
    with transaction.atomic():
        _bump(annotation, expected_version)
        if Quote.objects.filter(content=content).exists():
            raise EditError("content", f"the span {content.start}–{content.end} is already a quote")
        quote = Quote.objects.create(
            annotation=annotation,
            content=content,
            type=type,
            speaker_mention=speaker_mention,
            cue=cue,
            speaker=speaker,
            origin=origin,
        )
        record_event(annotation, actor, "quote_created", {"quote": quote_data(quote)})
    return quote


def update_quote(
    annotation: Annotation,
    quote: Quote,
    *,
    actor=None,
    expected_version: int | None = None,
    **changes,
) -> Quote:
    """Change a quote's type, speaker mention, cue or speaker (None unlinks)."""
    _check_owned(annotation, quote, "quote")
    allowed = {"type", "speaker_mention", "cue", "speaker"}
    unknown = set(changes) - allowed
    if unknown:
        raise EditError(sorted(unknown)[0], "this part of a quote cannot be changed")
    before = quote_data(quote)
    for name, value in changes.items():
        setattr(quote, name, value)
    _check_quote(
        annotation, quote.type, quote.content, quote.speaker_mention, quote.cue, quote.speaker
    )
    with transaction.atomic():
        _bump(annotation, expected_version)
        quote.save()
        record_event(
            annotation, actor, "quote_updated", {"before": before, "after": quote_data(quote)}
        )
    return quote


def delete_quote(
    annotation: Annotation, quote: Quote, *, actor=None, expected_version: int | None = None
) -> None:
    """Remove a quote and its content span; its speaker mention and cue stay."""
    _check_owned(annotation, quote, "quote")
    with transaction.atomic():
        _bump(annotation, expected_version)
        detail = {"quote": quote_data(quote)}
        quote.content.delete()
        record_event(annotation, actor, "quote_deleted", detail)


def add_fragment(
    annotation: Annotation,
    quote: Quote,
    mention: Mention,
    *,
    actor=None,
    expected_version: int | None = None,
) -> Quote:
    """Make a QUOTE mention one more fragment of a quote (“…,” he said, “…”): it must be
    apart from the quote's fragments and in no other quote. The first in text order is the
    quote's content."""
    _check_owned(annotation, quote, "quote")
    _check_owned(annotation, mention, "fragment")
    if mention.label != Label.QUOTE:
        raise EditError("fragment", f"needs a QUOTE mention, not a {mention.label} mention")
    if mention.fragment_of_id is not None or Quote.objects.filter(content=mention).exists():
        raise EditError("fragment", f"the span {mention.start}–{mention.end} is already a quote")
    for fragment in quote.fragments:
        if mention.start < fragment.end and fragment.start < mention.end:
            raise EditError(
                "fragment",
                f"the span {mention.start}–{mention.end} overlaps the quote's fragment"
                f" {fragment.start}–{fragment.end}",
            )
    with transaction.atomic():
        _bump(annotation, expected_version)
        before = quote_data(quote)
        if mention.start < quote.content.start:
            _set_first_fragment(quote, mention)
        else:
            Mention.objects.filter(pk=mention.pk).update(fragment_of=quote)
        record_event(
            annotation, actor, "fragment_added", {"before": before, "after": quote_data(quote)}
        )
    return quote


def remove_fragment(
    annotation: Annotation,
    quote: Quote,
    mention: Mention,
    *,
    actor=None,
    expected_version: int | None = None,
) -> Quote:
    """Take a fragment out of a quote in several, and remove its span; the quote keeps the
    others (the next in text order becomes its content if the first goes)."""
    _check_owned(annotation, quote, "quote")
    fragments = quote.fragments
    if mention.pk not in {fragment.pk for fragment in fragments}:
        raise EditError("fragment", "this span is not a fragment of this quote")
    if len(fragments) == 1:
        raise EditError("fragment", "a quote keeps at least one fragment: delete the quote")
    with transaction.atomic():
        _bump(annotation, expected_version)
        before = quote_data(quote)
        if mention.pk == quote.content_id:
            _set_first_fragment(quote, fragments[1])
        Mention.objects.filter(pk=mention.pk).delete()
        record_event(
            annotation, actor, "fragment_removed", {"before": before, "after": quote_data(quote)}
        )
    return quote


def _set_first_fragment(quote: Quote, mention: Mention) -> None:
    """Make `mention` the quote's content; the content it had becomes a later fragment."""
    previous = quote.content
    Mention.objects.filter(pk=mention.pk).update(fragment_of=None)
    quote.content = mention
    quote.save(update_fields=["content", "updated_at"])
    Mention.objects.filter(pk=previous.pk).update(fragment_of=quote)


def set_status(
    annotation: Annotation,
    status: str,
    *,
    actor=None,
    expected_version: int | None = None,
    skip_reason: str = "",
    time_spent: int = 0,
) -> Annotation:
    """Move an annotation to another status, adding `time_spent` seconds to its total."""
    if annotation.is_gold != (status == Status.GOLD):
        raise EditError("status", "only the gold version has the status gold")
    if status not in Status.values:
        raise EditError("status", f"unknown status {status!r}")
    if status == Status.SKIPPED and not skip_reason.strip():
        raise EditError("skip_reason", "say why you skip this article")
    now = timezone.now()
    with transaction.atomic():
        _bump(annotation, expected_version)
        fields = {"status": status, "skip_reason": skip_reason.strip(), "updated_at": now}
        if status == Status.SUBMITTED:
            fields["submitted_at"] = now
        if status == Status.IN_PROGRESS and annotation.started_at is None:
            fields["started_at"] = now
        Annotation.objects.filter(pk=annotation.pk).update(
            time_spent=F("time_spent") + max(0, int(time_spent)), **fields
        )
        annotation.refresh_from_db()
        record_event(
            annotation, actor, "status_changed", {"status": status, "skip_reason": skip_reason}
        )
    return annotation


def add_time(annotation: Annotation, seconds: int) -> None:
    """Count time spent without a new version: it is not a change to the annotation."""
    Annotation.objects.filter(pk=annotation.pk).update(
        time_spent=F("time_spent") + max(0, min(int(seconds), 3600))
    )


def replace_contents(
    annotation: Annotation,
    contents: dict,
    *,
    actor=None,
    expected_version: int | None = None,
    action: str = "replaced",
    detail: dict | None = None,
) -> Annotation:
    """Replace all mentions and quotes with `contents` (the shape `snapshot` returns).

    Used to restore an earlier state, to copy a version into gold, and by API clients that
    send a whole annotation. Every span is checked before anything is written.
    """
    text = annotation.article.text
    mentions = contents.get("mentions", [])
    quotes = contents.get("quotes", [])
    problem = next(spans.contents_problems(text, mentions, quotes), None)
    if problem is not None:
        raise EditError(*problem)
    speaker_ids = {q["speaker"] for q in quotes if q.get("speaker")}
    speakers = Speaker.objects.filter(
        project_id=annotation.article.project_id, pk__in=speaker_ids
    ).in_bulk()
    for index, quote in enumerate(quotes):
        if quote.get("speaker") and quote["speaker"] not in speakers:
            raise EditError(f"quotes[{index}].speaker", "no such speaker in this project")
    with transaction.atomic():
        _bump(annotation, expected_version)
        annotation.mentions.all().delete()
        created = Mention.objects.bulk_create(
            Mention(
                annotation=annotation,
                label=m["label"],
                start=m["start"],
                end=m["end"],
                text=text[m["start"] : m["end"]],
            )
            for m in mentions
        )
        new_ids = {
            m.get("id", index + 1): made
            for index, (m, made) in enumerate(zip(mentions, created, strict=True))
        }
        fragments = [
            sorted((new_ids[key] for key in spans.fragment_keys(q)), key=lambda m: m.start)
            for q in quotes
        ]
        made = Quote.objects.bulk_create(
            Quote(
                annotation=annotation,
                content=first,
                type=q.get("type", QuoteType.DIRECT),
                speaker_mention=new_ids.get(q.get("speaker_mention")),
                cue=new_ids.get(q.get("cue")),
                speaker=speakers.get(q.get("speaker")),
                origin=q.get("origin", ""),
            )
            for q, (first, *_) in zip(quotes, fragments, strict=True)
        )
        for quote, (_, *later) in zip(made, fragments, strict=True):
            if later:
                Mention.objects.filter(pk__in=[m.pk for m in later]).update(fragment_of=quote)
        summary = {"mentions": len(mentions), "quotes": len(quotes), **(detail or {})}
        record_event(annotation, actor, action, summary)
    return annotation


def snapshot(annotation: Annotation) -> dict:
    """The annotation's mentions and quotes as plain data (mention ids are the database's)."""
    # Plain rows, not model instances: this runs on every save (the history snapshot).
    mentions = list(
        annotation.mentions.order_by("start", "end", "id").values(
            "id", "label", "start", "end", "text"
        )
    )
    quotes = [
        dict(zip(QUOTE_KEYS, row, strict=True))
        for row in annotation.quotes.order_by("content__start", "id").values_list(
            "id", "type", "content_id", "speaker_mention_id", "cue_id", "speaker_id", "origin"
        )
    ]
    later: dict[int, list[int]] = {}
    for quote_id, mention_id in annotation.mentions.filter(fragment_of__isnull=False).values_list(
        "fragment_of_id", "id"
    ):
        later.setdefault(quote_id, []).append(mention_id)
    for quote in quotes:
        if quote["id"] in later:  # a quote in fragments: its content is their list
            quote["content"] = [quote["content"], *later[quote["id"]]]
    return {"mentions": mentions, "quotes": quotes}


QUOTE_KEYS = ("id", "type", "content", "speaker_mention", "cue", "speaker", "origin")


def _bump(annotation: Annotation, expected_version: int | None) -> None:
    """Raise the version by one, only if it is still `expected_version` (when given)."""
    query = Annotation.objects.filter(pk=annotation.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    updated = query.update(version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        current = (
            Annotation.objects.filter(pk=annotation.pk).values_list("version", flat=True).first()
        )
        raise StaleVersion(expected=expected_version, current=current or 0)
    annotation.version = (
        expected_version + 1
        if expected_version is not None
        else Annotation.objects.values_list("version", flat=True).get(pk=annotation.pk)
    )
    if annotation.status == Status.ASSIGNED:
        Annotation.objects.filter(pk=annotation.pk).update(
            status=Status.IN_PROGRESS, started_at=timezone.now()
        )
        annotation.status = Status.IN_PROGRESS


def record_event(annotation: Annotation, actor, action: str, detail: dict) -> None:
    """Keep who changed what, with the whole annotation after the change (for restore).

    Every save comes here, so PostgreSQL builds the snapshot (the shape `snapshot` returns)
    inside the INSERT: one round trip instead of reading the annotation back first.
    """
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    with connection.cursor() as cursor:
        cursor.execute(
            _RECORD_EVENT_SQL,
            {
                "annotation": annotation.pk,
                "actor": actor_id,
                "at": timezone.now(),
                "action": action,
                "version": annotation.version,
                "detail": json.dumps(detail, cls=DjangoJSONEncoder),
            },
        )


_RECORD_EVENT_SQL = f"""
INSERT INTO {AnnotationEvent._meta.db_table}
    (annotation_id, actor_id, at, action, version, detail, snapshot)
SELECT %(annotation)s, %(actor)s, %(at)s, %(action)s, %(version)s, %(detail)s::jsonb,
    jsonb_build_object(
        'mentions', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                'id', m.id, 'label', m.label, 'start', m.start, 'end', m."end", 'text', m.text
            ) ORDER BY m.start, m."end", m.id)
            FROM {Mention._meta.db_table} m WHERE m.annotation_id = %(annotation)s
        ), '[]'::jsonb),
        'quotes', COALESCE((
            SELECT jsonb_agg(jsonb_build_object(
                'id', q.id, 'type', q.type, 'content', COALESCE((
                    SELECT jsonb_build_array(q.content_id)
                        || jsonb_agg(f.id ORDER BY f.start, f."end", f.id)
                    FROM {Mention._meta.db_table} f WHERE f.fragment_of_id = q.id
                    HAVING count(*) > 0
                ), to_jsonb(q.content_id)),
                'speaker_mention', q.speaker_mention_id, 'cue', q.cue_id,
                'speaker', q.speaker_id, 'origin', q.origin
            ) ORDER BY c.start, q.id)
            FROM {Quote._meta.db_table} q
            JOIN {Mention._meta.db_table} c ON c.id = q.content_id
            WHERE q.annotation_id = %(annotation)s
        ), '[]'::jsonb)
    )
"""


def _check_owned(annotation: Annotation, part, name: str) -> None:
    if part.annotation_id != annotation.pk:
        raise EditError(name, f"this {name} belongs to another annotation")


def _check_quote(annotation, type, content, speaker_mention, cue, speaker) -> None:
    if type not in QuoteType.values:
        raise EditError("type", f"unknown quote type {type!r}: use direct, indirect or mixed")
    try:
        spans.check_quote_parts(content, speaker_mention, cue)
    except spans.WrongQuotePart as error:
        raise EditError(error.part, str(error)) from error
    if speaker is not None and speaker.project_id != annotation.article.project_id:
        raise EditError("speaker", "this speaker belongs to another project")


def _mention_data(mention: Mention) -> dict:
    return {
        "id": mention.pk,
        "label": mention.label,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
    }


def quote_data(quote: Quote) -> dict:
    """A quote as plain data, the shape of `snapshot`'s quotes."""
    return {
        "id": quote.pk,
        "type": quote.type,
        "content": quote.content_id,
        "speaker_mention": quote.speaker_mention_id,
        "cue": quote.cue_id,
        "speaker": quote.speaker_id,
        "origin": quote.origin,
    }
