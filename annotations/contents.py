"""An annotation's contents, declared once: the fields of a mention and of a quote, their
plain-data shapes, the snapshot that history keeps, and the SQL that builds that snapshot
inside PostgreSQL. Editing, the import writer, the exporter and the API take the shapes from
here, so adding a field to a quote is one edit here (plus a migration).

A mention is `{id, label, start, end, text}`; a quote is `{id, type, content,
speaker_mention, cue, speaker, origin}`, where `content`, `speaker_mention` and `cue` are ids
of mentions of the same annotation and `speaker` the id of one of the project's speakers.
A quote in several fragments (“…,” he said, “…”) has as `content` the list of its fragments'
mention ids in text order (`content_value`); its first fragment is the stored `content_id`
and the later ones point to the quote by `fragment_of_id`.
"""

import json
from collections.abc import Iterable

from django.db import connection

from .models import Annotation, Mention, Quote

MENTION_FIELDS = ("id", "label", "start", "end", "text")
QUOTE_FIELDS = ("id", "type", "content", "speaker_mention", "cue", "speaker", "origin")
# The quote fields that hold the id of another row: a foreign key, stored as `<field>_id`.
QUOTE_LINKS = ("content", "speaker_mention", "cue", "speaker")
# Of those, the ones that name a mention of the same annotation.
QUOTE_MENTIONS = ("content", "speaker_mention", "cue")

MENTION_COLUMNS = MENTION_FIELDS
QUOTE_COLUMNS = tuple(f"{name}_id" if name in QUOTE_LINKS else name for name in QUOTE_FIELDS)


def mention_dict(mention: Mention) -> dict:
    """A mention as plain data, the shape of `snapshot`'s mentions."""
    return {
        name: getattr(mention, column)
        for name, column in zip(MENTION_FIELDS, MENTION_COLUMNS, strict=True)
    }


def content_value(first: int, later: Iterable[int]) -> int | list[int]:
    """A quote's `content` as data: its one mention id, or its fragments' ids in text order."""
    later = list(later)
    return [first, *later] if later else first


def quote_dict(quote: Quote) -> dict:
    """A quote as plain data, the shape of `snapshot`'s quotes."""
    data = {
        name: getattr(quote, column)
        for name, column in zip(QUOTE_FIELDS, QUOTE_COLUMNS, strict=True)
    }
    data["content"] = content_value(quote.content_id, [m.pk for m in quote.fragments[1:]])
    return data


def later_fragments_sql(quote_alias: str) -> str:
    """An SQL expression: the ids of the quote's later fragments in text order (an array),
    or null for a quote in one piece."""
    return f"""(SELECT array_agg(f.id ORDER BY f.start, f."end", f.id)
        FROM {Mention._meta.db_table} f WHERE f.fragment_of_id = {quote_alias}.id)"""


def snapshot(annotation: Annotation) -> dict:
    """The annotation's mentions and quotes as plain data (mention ids are the database's):
    mentions by (start, end, id), quotes by their content's start, then id."""
    # Plain rows, not model instances: this runs on every save (the history snapshot).
    mentions = [
        dict(zip(MENTION_FIELDS, row, strict=True))
        for row in annotation.mentions.order_by("start", "end", "id").values_list(*MENTION_COLUMNS)
    ]
    quotes = [
        dict(zip(QUOTE_FIELDS, row, strict=True))
        for row in annotation.quotes.order_by("content__start", "id").values_list(*QUOTE_COLUMNS)
    ]
    later: dict[int, list[int]] = {}
    fragments = annotation.mentions.filter(fragment_of__isnull=False).order_by("start", "end", "id")
    for quote_id, mention_id in fragments.values_list("fragment_of_id", "id"):
        later.setdefault(quote_id, []).append(mention_id)
    for quote in quotes:
        quote["content"] = content_value(quote["content"], later.get(quote["id"], ()))
    return {"mentions": mentions, "quotes": quotes}


def _json_object(
    alias: str, fields: tuple[str, ...], columns: tuple[str, ...], values: dict | None = None
) -> str:
    """`jsonb_build_object` of the fields, each its column's value or one of `values`."""
    values = values or {}
    pairs = ", ".join(
        f"'{name}', {values.get(name) or f'{alias}."{column}"'}"
        for name, column in zip(fields, columns, strict=True)
    )
    return f"jsonb_build_object({pairs})"


# A quote's content in the snapshot SQL, as `content_value` makes it: one id, or a list.
_CONTENT_SQL = f"""COALESCE((
        SELECT jsonb_build_array(q.content_id) || jsonb_agg(f.id ORDER BY f.start, f."end", f.id)
        FROM {Mention._meta.db_table} f WHERE f.fragment_of_id = q.id HAVING count(*) > 0
    ), to_jsonb(q.content_id))"""
_QUOTE_OBJECT_SQL = _json_object("q", QUOTE_FIELDS, QUOTE_COLUMNS, {"content": _CONTENT_SQL})


def snapshot_sql(annotation_param: str) -> str:
    """An SQL expression with the value `snapshot` returns for the annotation whose id is the
    query parameter `annotation_param` (a `%(name)s` placeholder's name)."""
    return snapshot_expression(f"%({annotation_param})s")


def snapshot_expression(annotation_id: str) -> str:
    """The same for the annotation whose id is the SQL expression `annotation_id`."""
    mention, quote = Mention._meta.db_table, Quote._meta.db_table
    return f"""jsonb_build_object(
        'mentions', COALESCE((
            SELECT jsonb_agg({_json_object("m", MENTION_FIELDS, MENTION_COLUMNS)}
                ORDER BY m.start, m."end", m.id)
            FROM {mention} m WHERE m.annotation_id = {annotation_id}
        ), '[]'::jsonb),
        'quotes', COALESCE((
            SELECT jsonb_agg({_QUOTE_OBJECT_SQL}
                ORDER BY c.start, q.id)
            FROM {quote} q
            JOIN {mention} c ON c.id = q.content_id
            WHERE q.annotation_id = {annotation_id}
        ), '[]'::jsonb)
    )"""


def snapshots(annotation_ids) -> dict[int, dict]:
    """`snapshot` of several annotations in one query, by annotation id (the API's reads:
    PostgreSQL builds the data, no model instances)."""
    annotation_ids = list(annotation_ids)
    if not annotation_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.id, {snapshot_expression('a.id')} FROM {Annotation._meta.db_table} a"
            " WHERE a.id = ANY(%s)",
            [annotation_ids],
        )
        rows = cursor.fetchall()
    return {annotation_id: _declared_order(data) for annotation_id, data in rows}


def _declared_order(data: str) -> dict:
    """A snapshot from jsonb (which Django reads as text, and whose keys PostgreSQL keeps in
    its own order) with each object's keys in the declared order."""
    found = json.loads(data)
    return {
        "mentions": [{k: m[k] for k in MENTION_FIELDS} for m in found["mentions"]],
        "quotes": [{k: q[k] for k in QUOTE_FIELDS} for q in found["quotes"]],
    }
