"""Changing an annotation: mentions, quotes, status. Every writer of an annotation's contents
(the workspace, the API, review, restore, suggestions) goes through these functions.

Each change, in one transaction: checks the spans (`spans`), raises the annotation's version
if it still is the version the writer saw (else `StaleVersion`, and nothing changes), and
records an `AnnotationEvent` with the whole annotation after the change, so that history
can show and restore any earlier state.
"""

import json
from contextlib import nullcontext

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from . import changes, contents, limits, spans
from .errors import FieldError, StaleVersion
from .models import (
    Annotation,
    AnnotationEvent,
    Article,
    Label,
    Mention,
    Quote,
    QuoteType,
    Role,
    Speaker,
    Status,
)
from .quotemarks import quote_type_from_marks


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
        # One statement: the unique span constraint says whether the span is taken.
        with connection.cursor() as cursor:
            cursor.execute(
                _ADD_MENTION_SQL,
                {"annotation": annotation.pk, "label": label, "start": start, "end": end,
                 "text": found, "now": timezone.now()},
            )  # fmt: skip
            added = cursor.fetchone()
        if added is None:
            raise EditError("start", f"there already is a {label} mention at {start}–{end}")
        mention = Mention(
            id=added[0], annotation=annotation, label=label, start=start, end=end, text=found,
            created_at=added[1],
        )  # fmt: skip
        mention._state.adding, mention._state.db = False, connection.alias
        record_event(
            annotation, actor, "mention_created", {"mention": contents.mention_dict(mention)}
        )
    return mention


_ADD_MENTION_SQL = f"""
INSERT INTO {Mention._meta.db_table} (annotation_id, label, start, "end", text, created_at)
VALUES (%(annotation)s, %(label)s, %(start)s, %(end)s, %(text)s, %(now)s)
ON CONFLICT (annotation_id, label, start, "end") DO NOTHING
RETURNING id, created_at
"""


def delete_mention(
    annotation: Annotation, mention: Mention, *, actor=None, expected_version: int | None = None
) -> None:
    """Remove a span; a quote whose only fragment it was goes with it, other quotes lose the
    link."""
    _check_owned(annotation, mention, "mention")
    with transaction.atomic():
        _bump(annotation, expected_version)
        detail = {"mention": contents.mention_dict(mention)}
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
        record_event(annotation, actor, "quote_created", {"quote": contents.quote_dict(quote)})
    return quote


def update_quote(
    annotation: Annotation,
    quote: Quote,
    *,
    actor=None,
    expected_version: int | None = None,
    new_speaker_name: str | None = None,
    **changes,
) -> Quote:
    """Change a quote's type, speaker mention, cue or speaker (None unlinks).

    `new_speaker_name` names the speaker instead, created in the project if it is new (in the
    same transaction as the change: a stale version creates no speaker)."""
    _check_owned(annotation, quote, "quote")
    allowed = {"type", "speaker_mention", "cue", "speaker"}
    unknown = set(changes) - allowed
    if unknown:
        raise EditError(sorted(unknown)[0], "this part of a quote cannot be changed")
    if new_speaker_name is not None:
        speaker_name(new_speaker_name, "new_speaker")
    elif not changes:
        raise EditError("quote", "nothing to change")
    before = contents.quote_dict(quote)
    for name, value in changes.items():
        setattr(quote, name, value)
    _check_quote(
        annotation, quote.type, quote.content, quote.speaker_mention, quote.cue, quote.speaker
    )
    with transaction.atomic():
        if new_speaker_name is not None:
            quote.speaker = ensure_speaker(
                annotation.article.project_id, new_speaker_name, "new_speaker"
            )
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
        before = contents.quote_dict(quote)
        if mention.start < quote.content.start:
            _set_first_fragment(quote, mention)
        else:
            Mention.objects.filter(pk=mention.pk).update(fragment_of=quote)
        after = contents.quote_dict(quote)
        record_event(annotation, actor, "fragment_added", {"before": before, "after": after})
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
        before = contents.quote_dict(quote)
        if mention.pk == quote.content_id:
            _set_first_fragment(quote, fragments[1])
        Mention.objects.filter(pk=mention.pk).delete()
        after = contents.quote_dict(quote)
        record_event(annotation, actor, "fragment_removed", {"before": before, "after": after})
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
    role: Role | None = None,
    expected_version: int | None = None,
    skip_reason: str = "",
    time_spent: int = 0,
) -> Annotation:
    """Move an annotation to another status, adding `time_spent` seconds to its total.

    `role` is the actor's role in the project: the move must be in STATUS_MOVES for it."""
    if annotation.is_gold != (status == Status.GOLD):
        raise EditError("status", "only the gold version has the status gold")
    if status not in Status.values:
        raise EditError("status", f"unknown status {status!r}")
    _check_move(annotation, status, role)
    if status == Status.SKIPPED and not skip_reason.strip():
        raise EditError("skip_reason", "say why you skip this article")
    if len(skip_reason) > limits.MAX_SKIP_REASON:
        raise EditError(
            "skip_reason",
            f"the reason for skipping has at most {limits.MAX_SKIP_REASON:,} characters",
        )
    now = timezone.now()
    with transaction.atomic():
        _bump(annotation, expected_version)
        fields = {"status": status, "skip_reason": skip_reason.strip(), "updated_at": now}
        if status == Status.SUBMITTED:
            fields["submitted_at"] = now
        if status == Status.IN_PROGRESS and annotation.started_at is None:
            fields["started_at"] = now
        Annotation.objects.filter(pk=annotation.pk).update(
            time_spent=limits.time_spent_after(annotation, time_spent), **fields
        )
        annotation.refresh_from_db()
        record_event(
            annotation, actor, "status_changed", {"status": status, "skip_reason": skip_reason}
        )
    return annotation


def add_time(annotation: Annotation, seconds: int) -> None:
    """Count time spent without a new version: it is not a change to the annotation."""
    Annotation.objects.filter(pk=annotation.pk).update(
        time_spent=limits.time_spent_after(annotation, seconds)
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
    """Replace all mentions and quotes with `contents` (the shape `snapshot` returns); a
    list given as None stays as stored (an absent one means empty).

    Used to restore an earlier state, to copy a version into gold, and by API clients that
    send a whole annotation. Every span is checked before anything is written. Afterwards
    `annotation.saved_contents` holds the contents as `snapshot` would read them.
    """
    with transaction.atomic():
        _replace_contents(annotation, contents, actor, expected_version, action, detail)
    return annotation


def _replace_contents(annotation, wanted: dict, actor, expected_version, action, detail):
    """`replace_contents` inside the caller's transaction."""
    text = annotation.article.text
    mentions, quotes = wanted.get("mentions", []), wanted.get("quotes", [])
    if mentions is not None and quotes is not None:
        _check_contents(annotation, text, mentions, quotes)  # before the version moves
    _bump(annotation, expected_version)
    # Read after the version check: the row lock keeps other writers out until the commit.
    stored = changes.read_stored(annotation.pk)
    if mentions is None or quotes is None:
        current = stored.snapshot()
        mentions = current["mentions"] if mentions is None else mentions
        quotes = current["quotes"] if quotes is None else quotes
        _check_contents(annotation, text, mentions, quotes)
    # Only the rows that differ are written: a small change costs the same whatever the
    # annotation's size; the contents after it come back without a read.
    after = changes.write_difference(annotation.pk, text, mentions, quotes, stored)
    summary = {"mentions": len(mentions), "quotes": len(quotes), **(detail or {})}
    record_event(annotation, actor, action, summary, snapshot=after)
    annotation.saved_contents = after


def _check_contents(annotation: Annotation, text: str, mentions: list, quotes: list) -> None:
    """Every span and link of whole contents, and their speakers in the project."""
    problem = next(spans.contents_problems(text, mentions, quotes), None)
    if problem is not None:
        raise EditError(*problem)
    speaker_ids = {q["speaker"] for q in quotes if q.get("speaker")}
    if not speaker_ids:
        return
    speakers = set(
        Speaker.objects.filter(
            project_id=annotation.article.project_id, pk__in=speaker_ids
        ).values_list("pk", flat=True)
    )
    for index, quote in enumerate(quotes):
        if quote.get("speaker") and quote["speaker"] not in speakers:
            raise EditError(f"quotes[{index}].speaker", "no such speaker in this project")


# Callers read an annotation's contents through editing, the module that writes them.
snapshot = contents.snapshot


def _bump(annotation: Annotation, expected_version: int | None) -> None:
    """Raise the version by one, only if it is still `expected_version` (when given); an
    assigned annotation is in progress from its first change. One statement."""
    now = timezone.now()
    params = {"id": annotation.pk, "expected": expected_version, "now": now}
    with connection.cursor() as cursor:
        cursor.execute(_BUMP_SQL, params)
        found = cursor.fetchone()
    if found is None:
        current = (
            Annotation.objects.filter(pk=annotation.pk).values_list("version", flat=True).first()
        )
        raise StaleVersion(expected=expected_version, current=current or 0)
    # `started_at` in memory stays as it was: time reported with this change counts from
    # the hand-out, not from the start this change made.
    annotation.version, annotation.status = found
    annotation.updated_at = now


_BUMP_SQL = f"""
UPDATE {Annotation._meta.db_table} SET version = version + 1, updated_at = %(now)s,
    status = CASE WHEN status = '{Status.ASSIGNED}' THEN '{Status.IN_PROGRESS}' ELSE status END,
    started_at = CASE WHEN status = '{Status.ASSIGNED}' THEN %(now)s ELSE started_at END
WHERE id = %(id)s AND (%(expected)s::integer IS NULL OR version = %(expected)s::integer)
RETURNING version, status
"""


def record_event(
    annotation: Annotation, actor, action: str, detail: dict, snapshot: dict | None = None
) -> None:
    """Keep who changed what, with the whole annotation after the change (for restore).

    `snapshot` is that annotation when the caller has it already (a whole-contents write
    built it from what it wrote); otherwise PostgreSQL builds it inside the INSERT: one
    round trip instead of reading the annotation back first.
    """
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    params = {
        "annotation": annotation.pk,
        "actor": actor_id,
        "at": timezone.now(),
        "action": action,
        "version": annotation.version,
        "detail": json.dumps(detail, cls=DjangoJSONEncoder),
    }
    with connection.cursor() as cursor:
        if snapshot is None:
            cursor.execute(_RECORD_EVENT_SQL, params)
        else:
            params["snapshot"] = json.dumps(snapshot, cls=DjangoJSONEncoder)
            cursor.execute(_RECORD_GIVEN_EVENT_SQL, params)


_EVENT_COLUMNS = f"""INSERT INTO {AnnotationEvent._meta.db_table}
    (annotation_id, actor_id, at, action, version, detail, snapshot)"""
_RECORD_EVENT_SQL = f"""{_EVENT_COLUMNS}
SELECT %(annotation)s, %(actor)s, %(at)s, %(action)s, %(version)s, %(detail)s::jsonb,
    {contents.snapshot_sql("annotation")}
"""
_RECORD_GIVEN_EVENT_SQL = f"""{_EVENT_COLUMNS}
VALUES (%(annotation)s, %(actor)s, %(at)s, %(action)s, %(version)s, %(detail)s::jsonb,
    %(snapshot)s::jsonb)
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


# Who may move an annotation from which status to which, by role. The pages, the API and the
# assignment screen all go through `set_status`, so none can allow more than this table.
# A writer starts, submits and skips their own version; only a manager reopens a finished one
# (the assignment screen's "reopen"); the gold version stays gold.
_START = {Status.ASSIGNED: {Status.IN_PROGRESS, Status.SUBMITTED, Status.SKIPPED}}
_FINISH = {Status.IN_PROGRESS: {Status.SUBMITTED, Status.SKIPPED}}
_REOPEN = {Status.SUBMITTED: {Status.IN_PROGRESS}, Status.SKIPPED: {Status.IN_PROGRESS}}
_GOLD = {Status.GOLD: {Status.GOLD}}
STATUS_MOVES: dict[Role, dict[str, set[str]]] = {
    Role.ANNOTATOR: {**_START, **_FINISH},
    Role.REVIEWER: {**_START, **_FINISH, **_GOLD},
    Role.MANAGER: {**_START, **_FINISH, **_REOPEN, **_GOLD},
    Role.VIEWER: {},
}


def may_move(role: Role | None, current: str, status: str) -> bool:
    """Whether the role may move an annotation from `current` to `status` (None: the code
    itself, e.g. review's accept or a test's builder, which the table does not limit)."""
    if role is None:
        return True
    return status in STATUS_MOVES.get(role, {}).get(current, set())


def _check_move(annotation: Annotation, status: str, role: Role | None) -> None:
    if may_move(role, annotation.status, status):
        return
    if annotation.status in (Status.SUBMITTED, Status.SKIPPED) and status == Status.IN_PROGRESS:
        reason = "reopening a finished article is the manager's (on the assignments page)"
    else:
        reason = f"a {role} may not move this annotation from {annotation.status} to {status}"
    raise EditError("status", reason)


def save_annotation(
    annotation: Annotation,
    *,
    contents: dict | None = None,
    status: str | None = None,
    skip_reason: str = "",
    time_spent: int = 0,
    actor,
    role: Role | None = None,
    expected_version: int,
) -> Annotation:
    """Save a whole annotation in one transaction: replace its contents (if given), then move
    it to `status` (if given and different), then add the time spent. Every step checks the
    version; when nothing changed, the writer's version must still be the current one. After
    a contents change `annotation.saved_contents` holds them (see `replace_contents`), and
    the instance's version, status and updated_at are the stored ones."""
    version = expected_version
    with transaction.atomic():
        if contents is not None:
            # Inside this transaction, no savepoint of its own: one round trip less.
            _replace_contents(annotation, contents, actor, version, "api_replaced", None)
            version = annotation.version
        if status is not None and status != annotation.status:
            set_status(
                annotation,
                status,
                actor=actor,
                role=role,
                expected_version=version,
                skip_reason=skip_reason,
            )
            version = annotation.version
        if version == expected_version:
            stored = Annotation.objects.values_list("version", flat=True).get(pk=annotation.pk)
            if stored != expected_version:
                raise StaleVersion(expected=expected_version, current=stored)
    if time_spent:
        add_time(annotation, time_spent)
    return annotation


def speaker_name(name: str, field: str = "speaker") -> str:
    """A speaker's name as stored: white space collapsed, not empty, at most 255 characters.
    The one rule for every creator of speakers (workspace, suggestions, imports)."""
    name = " ".join(str(name).split())
    if not name:
        raise EditError(field, "type the speaker's name")
    if len(name) > 255:
        raise EditError(field, "a speaker's name has at most 255 characters")
    return name


def ensure_speaker(project, name: str, field: str = "speaker") -> Speaker:
    """The project's speaker of that name, created on first use."""
    project_id = getattr(project, "pk", project)
    speaker, _ = Speaker.objects.get_or_create(
        project_id=project_id, name=speaker_name(name, field)
    )
    return speaker


def mark_span(
    annotation: Annotation,
    *,
    label: str,
    start: int,
    end: int,
    text: str | None,
    quote: Quote | None,
    actor,
    expected_version: int,
    fragment: bool = False,
) -> tuple[Mention, Quote | None]:
    """Make a mention of a selection: a QUOTE becomes a quote at once (with `fragment`, one
    more fragment of `quote`); a SPEAKER or CUE is linked to `quote` when one is being
    edited. One transaction, one version check."""
    spans.check_label(label)
    if fragment and (label != Label.QUOTE or quote is None):
        raise EditError("quote", "open a quote first, then select more of it to add a fragment")
    article_text = annotation.article.text
    spans.check_span(article_text, start, end, text)
    start, end = spans.trim_span(article_text, start, end)
    if start >= end:
        raise EditError("start", "the selection holds only white space")
    # One step needs no transaction of its own (add_mention's is enough, and a nested one
    # would cost two more round trips for a savepoint); two steps stand or fall together.
    together = label == Label.QUOTE or quote is not None
    # A SPEAKER or CUE selected again while a quote is open means: link that one.
    existing = (
        Mention.objects.filter(annotation=annotation, label=label, start=start, end=end).first()
        if quote is not None and label != Label.QUOTE
        else None
    )
    with transaction.atomic() if together else nullcontext():
        if existing is not None:
            mention = existing  # nothing written yet: update_quote checks the version
        else:
            mention = add_mention(
                annotation,
                label=label,
                start=start,
                end=end,
                actor=actor,
                expected_version=expected_version,
            )
        if fragment:
            quote = add_fragment(
                annotation, quote, mention, actor=actor, expected_version=annotation.version
            )
        elif label == Label.QUOTE:
            quote = add_quote(
                annotation,
                content=mention,
                type=quote_type_from_marks(article_text, start, end),
                actor=actor,
                expected_version=annotation.version,
            )
        elif quote is not None:
            part = "speaker_mention" if label == Label.SPEAKER else "cue"
            quote = update_quote(
                annotation,
                quote,
                actor=actor,
                expected_version=expected_version if existing else annotation.version,
                **{part: mention},
            )
    return mention, quote


def restore_version(annotation: Annotation, version: int, *, actor, expected_version: int):
    """Bring back the contents the annotation had at `version` (undo), as a new version."""
    if version >= expected_version or version < 1:
        raise EditError("version", f"cannot go back to version {version}")
    event = (
        AnnotationEvent.objects.filter(annotation=annotation, version=version)
        .order_by("-id")
        .first()
    )
    if event is None and version != 1:
        raise EditError("version", f"no record of version {version} to go back to")
    earlier = event.snapshot if event else {"mentions": [], "quotes": []}
    return replace_contents(
        annotation, earlier, actor=actor, expected_version=expected_version, action="undone"
    )
