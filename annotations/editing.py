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

from . import changes, contents, spans
from .errors import FieldError
from .models import (
    Annotation,
    AnnotationEvent,
    Article,
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
        record_event(
            annotation, actor, "mention_created", {"mention": contents.mention_dict(mention)}
        )
    return mention


def delete_mention(
    annotation: Annotation, mention: Mention, *, actor=None, expected_version: int | None = None
) -> None:
    """Remove a span; a quote whose content it was goes with it, other quotes lose the link."""
    _check_owned(annotation, mention, "mention")
    with transaction.atomic():
        _bump(annotation, expected_version)
        detail = {"mention": contents.mention_dict(mention)}
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
        record_event(annotation, actor, "quote_created", {"quote": contents.quote_dict(quote)})
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
    before = contents.quote_dict(quote)
    for name, value in changes.items():
        setattr(quote, name, value)
    _check_quote(
        annotation, quote.type, quote.content, quote.speaker_mention, quote.cue, quote.speaker
    )
    with transaction.atomic():
        _bump(annotation, expected_version)
        quote.save()
        record_event(
            annotation,
            actor,
            "quote_updated",
            {"before": before, "after": contents.quote_dict(quote)},
        )
    return quote


def delete_quote(
    annotation: Annotation, quote: Quote, *, actor=None, expected_version: int | None = None
) -> None:
    """Remove a quote and its content span; its speaker mention and cue stay."""
    _check_owned(annotation, quote, "quote")
    with transaction.atomic():
        _bump(annotation, expected_version)
        detail = {"quote": contents.quote_dict(quote)}
        quote.content.delete()
        record_event(annotation, actor, "quote_deleted", detail)


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
        # Only the rows that differ are written: a small change costs the same whatever
        # the annotation's size.
        changes.write_difference(annotation.pk, text, mentions, quotes)
        summary = {"mentions": len(mentions), "quotes": len(quotes), **(detail or {})}
        record_event(annotation, actor, action, summary)
    return annotation


# Callers read an annotation's contents through editing, the module that writes them.
snapshot = contents.snapshot


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
    {contents.snapshot_sql("annotation")}
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
