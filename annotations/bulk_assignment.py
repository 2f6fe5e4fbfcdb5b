"""The manager's bulk assignment actions, for projects of any size: assign the next N
unassigned articles, or every article a filter keeps, to a member; release a member's
untouched assignments; move a member's open versions to another member.

Each action is one SQL statement (with its history events), under the same advisory lock as
`assignment` so that it never exceeds the overlap nor races "Next article". An action
touches at most BULK_LIMIT articles; repeating it does the rest.
"""

import json

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import roles
from .assignment import LOCK_NAMESPACE, AssignmentError
from .models import Article, Project, Status

BULK_LIMIT = 10_000

# The annotation after the change, as `editing.record_event` stores it (for restore).
_SNAPSHOT = """jsonb_build_object(
    'mentions', COALESCE((
        SELECT jsonb_agg(jsonb_build_object(
            'id', m.id, 'label', m.label, 'start', m.start, 'end', m."end", 'text', m.text
        ) ORDER BY m.start, m."end", m.id)
        FROM annotations_mention m WHERE m.annotation_id = changed.id), '[]'::jsonb),
    'quotes', COALESCE((
        SELECT jsonb_agg(jsonb_build_object(
            'id', q.id, 'type', q.type, 'content', q.content_id,
            'speaker_mention', q.speaker_mention_id, 'cue', q.cue_id,
            'speaker', q.speaker_id, 'origin', q.origin
        ) ORDER BY c.start, q.id)
        FROM annotations_quote q JOIN annotations_mention c ON c.id = q.content_id
        WHERE q.annotation_id = changed.id), '[]'::jsonb))"""


def assign_next(project: Project, user, count: int, *, actor=None) -> int:
    """Give the member the next `count` articles nobody holds (in import order)."""
    count = _count(count)
    chosen = (
        "SELECT ar.id FROM annotations_article ar WHERE ar.project_id = %s AND ar.holders = 0 "
        "ORDER BY ar.id LIMIT %s"
    )
    return _assign(project, user, chosen, [project.pk, count], actor)


def assign_matching(project: Project, user, articles: QuerySet[Article], *, actor=None) -> int:
    """Give the member every article of `articles` (a filter's result) that has a free place
    under the overlap and that they do not hold yet, BULK_LIMIT at most."""
    selected, params = articles.values("id").query.sql_with_params()
    chosen = f"""SELECT ar.id FROM annotations_article ar
        WHERE ar.id IN ({selected}) AND ar.project_id = %s AND ar.holders < %s
          AND NOT EXISTS (SELECT 1 FROM annotations_annotation mine
                          WHERE mine.article_id = ar.id AND mine.annotator_id = %s)
        ORDER BY ar.id LIMIT %s"""
    params = [*params, project.pk, project.overlap, user.pk, BULK_LIMIT]
    return _assign(project, user, chosen, params, actor)


def release_matching(project: Project, member, articles: QuerySet[Article]) -> int:
    """Take back the member's untouched assignments among `articles`; started work stays."""
    selected, params = articles.values("id").query.sql_with_params()
    with transaction.atomic():
        _lock(project)
        with connection.cursor() as cursor:
            # An untouched assignment holds no mentions or quotes; its "assigned" event (and
            # any suggestion decided on it) goes with it, as the ORM's cascade would do.
            cursor.execute(
                f"""WITH released AS (
                      SELECT an.id FROM annotations_annotation an
                      JOIN annotations_article ar ON ar.id = an.article_id
                      WHERE an.annotator_id = %s AND an.status = %s AND ar.project_id = %s
                        AND an.article_id IN ({selected})
                      ORDER BY an.article_id LIMIT %s),
                    events AS (DELETE FROM annotations_annotationevent
                               WHERE annotation_id IN (SELECT id FROM released)),
                    decisions AS (DELETE FROM annotations_suggestiondecision
                                  WHERE annotation_id IN (SELECT id FROM released))
                    DELETE FROM annotations_annotation WHERE id IN (SELECT id FROM released)""",
                [member.pk, Status.ASSIGNED, project.pk, *params, BULK_LIMIT],
            )
            return cursor.rowcount


def reassign_matching(
    project: Project, member, user, articles: QuerySet[Article], *, actor=None
) -> int:
    """Move the member's open versions (assigned, in progress) among `articles`, with their
    work, to `user`, except where `user` already holds the article."""
    _check_writer(project, user)
    if member.pk == user.pk:
        raise AssignmentError("user", "choose another member to hand the versions to")
    selected, params = articles.values("id").query.sql_with_params()
    now = timezone.now()
    detail = json.dumps({"from": member.username, "to": user.username})
    with transaction.atomic():
        _lock(project)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""WITH changed AS (
                      UPDATE annotations_annotation an SET annotator_id = %s, updated_at = %s
                      WHERE an.id IN (
                        SELECT o.id FROM annotations_annotation o
                        JOIN annotations_article ar ON ar.id = o.article_id
                        WHERE o.annotator_id = %s AND o.status IN (%s, %s)
                          AND ar.project_id = %s AND o.article_id IN ({selected})
                          AND NOT EXISTS (SELECT 1 FROM annotations_annotation b
                                          WHERE b.article_id = o.article_id
                                            AND b.annotator_id = %s)
                        ORDER BY o.article_id LIMIT %s)
                      RETURNING an.id, an.version)
                    INSERT INTO annotations_annotationevent
                      (annotation_id, actor_id, at, action, version, detail, snapshot)
                    SELECT changed.id, %s, %s, 'reassigned', changed.version, %s::jsonb,
                      {_SNAPSHOT}
                    FROM changed""",
                [
                    user.pk,
                    now,
                    member.pk,
                    Status.ASSIGNED,
                    Status.IN_PROGRESS,
                    project.pk,
                    *params,
                    user.pk,
                    BULK_LIMIT,
                    _actor(actor),
                    now,
                    detail,
                ],
            )
            return cursor.rowcount


def _assign(project: Project, user, chosen: str, params: list, actor) -> int:
    _check_writer(project, user)
    now = timezone.now()
    with transaction.atomic():
        _lock(project)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""WITH chosen AS ({chosen}),
                    changed AS (
                      INSERT INTO annotations_annotation (article_id, annotator_id, status,
                        version, time_spent, skip_reason, created_at, updated_at)
                      SELECT chosen.id, %s, %s, 1, 0, '', %s, %s FROM chosen
                      ON CONFLICT DO NOTHING
                      RETURNING id)
                    INSERT INTO annotations_annotationevent
                      (annotation_id, actor_id, at, action, version, detail, snapshot)
                    SELECT changed.id, %s, %s, 'assigned', 1, %s::jsonb,
                      '{{"mentions": [], "quotes": []}}'::jsonb
                    FROM changed""",
                [
                    *params,
                    user.pk,
                    Status.ASSIGNED,
                    now,
                    now,
                    _actor(actor),
                    now,
                    json.dumps({"annotator": user.username}),
                ],
            )
            return cursor.rowcount


def _check_writer(project: Project, user) -> None:
    if not roles.can_write(roles.role_in(user, project)):
        raise AssignmentError("user", f"{user} is not an annotating member of this project")


def _count(value) -> int:
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise AssignmentError("count", f"{value!r} is not a number of articles") from None
    if not 1 <= count <= BULK_LIMIT:
        raise AssignmentError(
            "count", f"assign 1 to {BULK_LIMIT:,} articles at a time, not {count}"
        )
    return count


def _actor(actor) -> int | None:
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def _lock(project: Project) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, project.pk])
