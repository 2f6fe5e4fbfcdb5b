"""Dataset exports: which annotations go out, the CSV columns, and the rows and article records
streamed from PostgreSQL with constant memory, whatever the size of the project.

The CSV columns are declared once, here (`CSV_COLUMNS`); the CSV, Parquet and JSON writers,
the README table (checked by a test) and the tests use them. Quote rows come from one SQL
query (`quote_rows_sql`), streamed through a server-side cursor for every format; article
records come from a second query, one row per article, also through a server-side
cursor.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from . import contents, roles
from .errors import FieldError
from .formats import brat, csvfile, jsonl, labelstudio, parquet
from .formats.records import ARTICLE_KEYS
from .models import (
    FRAGMENT_JOINER,
    Annotation,
    Article,
    Comment,
    Mention,
    Project,
    Quote,
    Role,
    Speaker,
    Status,
)
from .pseudonyms import annotator_labels

CSV_COLUMNS = (
    "project",
    "article_id",
    "article_title",
    "article_source",
    "article_published",
    "annotation_id",
    "annotator",
    "status",
    "quote_id",
    "quote_start",
    "quote_end",
    "quote_text",
    "quote_type",
    "speaker_id",
    "speaker_name",
    "speaker_wikidata",
    "speaker_mention_start",
    "speaker_mention_end",
    "speaker_mention_text",
    "cue_start",
    "cue_end",
    "cue_text",
    "created_at",
    "updated_at",
    "quote_fragments",
    "origin",
)

# The keys of an article record's annotations (the article's own: records; the mentions' and
# quotes': contents).
ANNOTATION_KEYS = (
    "annotator",
    "status",
    "created_at",
    "updated_at",
    "mentions",
    "quotes",
    "comments",
)
# A comment or flag as an annotation's record holds it (`quote`: the quote's number, or null
# for the article).
COMMENT_KEYS = ("flag", "text", "quote", "created_at", "edited_at")
SPEAKER_KEYS = ("name", "aliases", "description", "wikidata_id")

# `status=` values; DEFAULT_STATUS is what an export without `status=` gives: the gold
# version of each article, and the submitted versions of the articles without gold yet.
DEFAULT_STATUS = "gold-or-submitted"
EXPORT_STATUSES = ("gold", "submitted", "all", DEFAULT_STATUS)
CHUNK_ROWS = 2000

_ARTICLES, _ANNOTATIONS = Article._meta.db_table, Annotation._meta.db_table
_MENTIONS, _QUOTES, _SPEAKERS = Mention._meta.db_table, Quote._meta.db_table, Speaker._meta.db_table
_COMMENTS = Comment._meta.db_table
_TIMESTAMP = "to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"


class ExportError(FieldError):
    """A request for an export that cannot be made; `field` names the parameter."""


@dataclass
class ExportFilters:
    """Article-level filters, the same for every format."""

    source: str = ""
    published_after: date | None = None
    published_before: date | None = None
    extra: dict = field(default_factory=dict)


def check_status(status: str | None) -> str:
    """The export status to use; ExportError for an unknown one."""
    status = status or DEFAULT_STATUS
    if status not in EXPORT_STATUSES:
        raise ExportError("status", f"unknown status {status!r}: use {', '.join(EXPORT_STATUSES)}")
    return status


def export_annotations(
    project: Project,
    status: str = DEFAULT_STATUS,
    *,
    user=None,
    role: Role | None = None,
    filters: ExportFilters | None = None,
) -> QuerySet[Annotation]:
    """The annotations an export of `project` holds; with a role, only what it may see."""
    status = check_status(status)
    annotations = Annotation.objects.filter(article__project=project)
    if status == "gold":
        annotations = annotations.filter(status=Status.GOLD)
    elif status == "submitted":
        annotations = annotations.filter(status=Status.SUBMITTED)
    elif status == "all":
        annotations = annotations.filter(
            status__in=[Status.GOLD, Status.SUBMITTED, Status.IN_PROGRESS]
        )
    else:
        has_gold = Annotation.objects.filter(article=OuterRef("article"), status=Status.GOLD)
        annotations = annotations.filter(
            Q(status=Status.GOLD) | Q(status=Status.SUBMITTED) & ~Exists(has_gold)
        )
    filters = filters or ExportFilters()
    if filters.source:
        annotations = annotations.filter(article__source=filters.source)
    if filters.published_after:
        annotations = annotations.filter(article__published__gte=filters.published_after)
    if filters.published_before:
        annotations = annotations.filter(article__published__lte=filters.published_before)
    if role is not None:
        annotations = roles.visible_annotations(user, role, annotations)
    if status == "all":
        # `all` moves a whole project: the JSON formats carry every article that the filters
        # keep, those without any annotation too (with an empty `annotations` list).
        annotations.export_articles = _filtered_articles(project, filters)
    return annotations


def _filtered_articles(project: Project, filters: ExportFilters) -> QuerySet[Article]:
    articles = Article.objects.filter(project=project)
    if filters.source:
        articles = articles.filter(source=filters.source)
    if filters.published_after:
        articles = articles.filter(published__gte=filters.published_after)
    if filters.published_before:
        articles = articles.filter(published__lte=filters.published_before)
    return articles


def count_quotes(annotations: QuerySet[Annotation]) -> int:
    """How many quote rows an export of these annotations has."""
    return Quote.objects.filter(annotation__in=annotations.values("id")).count()


def export_filename(project: Project, status: str, extension: str) -> str:
    """`kremlin-nato_gold_2026-11-25.csv`: the project, the status and the date."""
    return f"{project.slug}_{status}_{timezone.now().date().isoformat()}.{extension}"


@dataclass(frozen=True)
class ExportFormat:
    extension: str
    content_type: str
    writer: Callable[[Project, QuerySet[Annotation]], Iterator[bytes]]


def _csv(project, annotations, *, raw: bool = False):
    return csvfile.write_csv(CSV_COLUMNS, quote_rows(project, annotations), raw=raw)


def _parquet(project, annotations):
    return parquet.write_parquet(CSV_COLUMNS, quote_rows(project, annotations))


def _jsonl(project, annotations):
    return jsonl.write_jsonl(article_records(project, annotations))


def _json(project, annotations):
    return jsonl.write_json_array(article_records(project, annotations))


def _brat(project, annotations):
    return brat.write_brat_zip(article_records(project, annotations))


def _labelstudio(project, annotations):
    tasks = map(labelstudio.labelstudio_task, article_records(project, annotations))
    return jsonl.write_json_array(tasks)


EXPORT_FORMATS = {
    "csv": ExportFormat("csv", "text/csv; charset=utf-8", _csv),
    "json": ExportFormat("json", "application/json", _json),
    "jsonl": ExportFormat("jsonl", "application/jsonl; charset=utf-8", _jsonl),
    "parquet": ExportFormat("parquet", "application/vnd.apache.parquet", _parquet),
    "brat": ExportFormat("zip", "application/zip", _brat),
    "labelstudio": ExportFormat("labelstudio.json", "application/json", _labelstudio),
}


def export_format(name: str) -> ExportFormat:
    """The format called `name`; ExportError for an unknown one."""
    if name not in EXPORT_FORMATS:
        raise ExportError("format", f"unknown format {name!r}: use {', '.join(EXPORT_FORMATS)}")
    return EXPORT_FORMATS[name]


def stream_export(
    project: Project, annotations: QuerySet[Annotation], fmt: str, *, raw: bool = False
) -> Iterator[bytes]:
    """The export file's bytes, chunk by chunk, in constant memory. CSV neutralises cells a
    spreadsheet would run as formulas unless `raw`; the other formats always keep raw values."""
    if fmt == "csv":
        return _csv(project, annotations, raw=raw)
    return export_format(fmt).writer(project, annotations)


def quote_rows_sql(project: Project, annotations: QuerySet[Annotation]) -> tuple[str, list]:
    """The SELECT of one row per quote, columns named and ordered as CSV_COLUMNS."""
    subquery, sub_params = annotations.values("id").query.sql_with_params()
    expressions = {
        "project": "%s::text",
        "article_id": "ar.external_id",
        "article_title": "ar.title",
        "article_source": "ar.source",
        "article_published": "ar.published",
        "annotation_id": "an.id",
        "annotator": "%s::jsonb ->> an.annotator_id::text",
        "status": "an.status",
        "quote_id": "q.id",
        "quote_start": "c.start",
        "quote_end": 'COALESCE(fr.last_end, c."end")',
        "quote_text": "COALESCE(fr.joined_text, c.text)",
        "quote_type": "q.type",
        "speaker_id": "sp.id",
        "speaker_name": "sp.name",
        "speaker_wikidata": "nullif(sp.wikidata_id, '')",
        "speaker_mention_start": "sm.start",
        "speaker_mention_end": 'sm."end"',
        "speaker_mention_text": "sm.text",
        "cue_start": "cu.start",
        "cue_end": 'cu."end"',
        "cue_text": "cu.text",
        "created_at": _TIMESTAMP.format("q.created_at"),
        "updated_at": _TIMESTAMP.format("q.updated_at"),
        "quote_fragments": """COALESCE(fr.spans, c.start || '-' || c."end")""",
        "origin": "coalesce(nullif(q.origin, ''), 'hand-made')",
    }
    assert tuple(expressions) == CSV_COLUMNS
    select = ",\n  ".join(f"{expression} AS {name}" for name, expression in expressions.items())
    sql = f"""
SELECT
  {select}
FROM {_QUOTES} q
JOIN {_ANNOTATIONS} an ON an.id = q.annotation_id
JOIN {_ARTICLES} ar ON ar.id = an.article_id
JOIN {_MENTIONS} c ON c.id = q.content_id
LEFT JOIN LATERAL ({_LATER_FRAGMENTS}) fr ON true
LEFT JOIN {_MENTIONS} sm ON sm.id = q.speaker_mention_id
LEFT JOIN {_MENTIONS} cu ON cu.id = q.cue_id
LEFT JOIN {_SPEAKERS} sp ON sp.id = q.speaker_id
WHERE q.annotation_id IN ({subquery})
ORDER BY ar.id, an.annotator_id NULLS FIRST, an.id, c.start, c."end", q.id"""
    params = [project.slug, json.dumps(annotator_labels(project)), *sub_params]
    return sql, params


# A quote's later fragments, if any (else one row of nulls): with its content, they give the
# quote's end, its text joined by " … " and its fragments as `start-end;start-end`.
_LATER_FRAGMENTS = f"""
    SELECT max(f."end") AS last_end,
      c.text || '{FRAGMENT_JOINER}' || string_agg(f.text, '{FRAGMENT_JOINER}' ORDER BY f.start)
        AS joined_text,
      c.start || '-' || c."end" || ';'
        || string_agg(f.start || '-' || f."end", ';' ORDER BY f.start) AS spans
    FROM {_MENTIONS} f WHERE f.fragment_of_id = q.id"""


def quote_rows(project: Project, annotations: QuerySet[Annotation]) -> Iterator[list[tuple]]:
    """Quote rows in batches of CHUNK_ROWS, from a server-side cursor (constant memory)."""
    sql, params = quote_rows_sql(project, annotations)
    yield from _server_side(sql, params)


def article_records(project: Project, annotations: QuerySet[Annotation]) -> Iterator[dict]:
    """One record per article that has an exported annotation (with `status=all`, every
    article the filters keep, annotated or not), in the JSONL article format, keys in the
    documented order; mention and quote ids numbered 1, 2, 3 … per annotation.

    Four ordered server-side cursors (articles, annotations, mentions, quotes) are merged as
    they stream, so memory holds a batch of each, whatever the size of the project."""
    names = annotator_labels(project)
    speakers = {
        pk: dict(zip(SPEAKER_KEYS, values, strict=True))
        for pk, *values in Speaker.objects.filter(project=project).values_list("pk", *SPEAKER_KEYS)
    }
    selected, params = annotations.values("id").query.sql_with_params()
    order = "an.article_id, an.annotator_id NULLS FIRST, an.id"
    every_article = getattr(annotations, "export_articles", None)
    if every_article is not None:
        chosen, chosen_params = every_article.values("id").query.sql_with_params()
    else:
        chosen = f"SELECT an.article_id FROM {_ANNOTATIONS} an WHERE an.id IN ({selected})"
        chosen_params = params
    with transaction.atomic():
        articles = _rows(
            f"""SELECT ar.id, ar.external_id, ar.title, ar.text, ar.source, ar.url, ar.author,
                  to_char(ar.published, 'YYYY-MM-DD'), ar.language, ar.meta::text
                FROM {_ARTICLES} ar
                WHERE ar.id IN ({chosen})
                ORDER BY ar.id""",
            chosen_params,
        )
        versions = _rows(
            f"""SELECT an.article_id, an.id, an.annotator_id, an.status,
                  {_TIMESTAMP.format("an.created_at")}, {_TIMESTAMP.format("an.updated_at")}
                FROM {_ANNOTATIONS} an WHERE an.id IN ({selected}) ORDER BY {order}""",
            params,
        )
        mentions = _Groups(
            _rows(
                f"""SELECT m.annotation_id, {_columns("m", contents.MENTION_COLUMNS)}
                    FROM {_MENTIONS} m
                    JOIN {_ANNOTATIONS} an ON an.id = m.annotation_id
                    WHERE an.id IN ({selected})
                    ORDER BY {order}, m.start, m."end", m.id""",
                params,
            )
        )
        quotes = _Groups(
            _rows(
                f"""SELECT q.annotation_id, {_columns("q", contents.QUOTE_COLUMNS)},
                      {contents.later_fragments_sql("q")}
                    FROM {_QUOTES} q
                    JOIN {_ANNOTATIONS} an ON an.id = q.annotation_id
                    JOIN {_MENTIONS} c ON c.id = q.content_id
                    WHERE an.id IN ({selected})
                    ORDER BY {order}, c.start, c."end", q.id""",
                params,
            )
        )
        notes = _Groups(
            _rows(
                f"""SELECT n.annotation_id, n.flag, n.text, n.quote_id,
                      {_TIMESTAMP.format("n.created_at")}, {_TIMESTAMP.format("n.edited_at")}
                    FROM {_COMMENTS} n
                    JOIN {_ANNOTATIONS} an ON an.id = n.annotation_id
                    WHERE an.id IN ({selected})
                    ORDER BY {order}, n.created_at, n.id""",
                params,
            )
        )
        version = next(versions, None)
        for article_id, *fields in articles:
            record = dict(zip(ARTICLE_KEYS, [*fields, []], strict=True))
            record["meta"] = json.loads(record["meta"])
            while version is not None and version[0] == article_id:
                _, annotation_id, annotator_id, status, created_at, updated_at = version
                record["annotations"].append(
                    _annotation_record(
                        None if annotator_id is None else names[str(annotator_id)],
                        status,
                        created_at,
                        updated_at,
                        mentions.take(annotation_id),
                        quotes.take(annotation_id),
                        speakers,
                        notes.take(annotation_id),
                    )
                )
                version = next(versions, None)
            yield record


def _annotation_record(
    annotator, status, created_at, updated_at, mentions, quotes, speakers, notes=()
):
    """An annotation as its article record holds it: mentions and quotes numbered 1, 2, 3 …,
    quotes pointing at their mentions by those numbers and carrying their speaker whole."""
    local = {}
    mention_records = []
    for number, (_, *values) in enumerate(mentions, start=1):
        record = dict(zip(contents.MENTION_FIELDS, values, strict=True))
        local[record["id"]] = number
        mention_records.append({**record, "id": number})
    quote_records = []
    quote_numbers = {}
    for number, (_, *values, later) in enumerate(quotes, start=1):
        record = dict(zip(contents.QUOTE_FIELDS, values, strict=True))
        quote_numbers[record["id"]] = number
        record["id"] = number
        for name in contents.QUOTE_MENTIONS:
            record[name] = local.get(record[name])
        record["content"] = contents.content_value(record["content"], map(local.get, later or ()))
        record["speaker"] = speakers.get(record["speaker"])
        quote_records.append(record)
    record = dict(
        zip(
            ANNOTATION_KEYS,
            (
                annotator,
                status,
                created_at,
                updated_at,
                mention_records,
                quote_records,
                [
                    dict(
                        zip(
                            COMMENT_KEYS,
                            (flag, text, quote_numbers.get(quote), at, edited),
                            strict=True,
                        )
                    )
                    for _, flag, text, quote, at, edited in notes
                ],
            ),
            strict=True,
        )
    )
    if not record["comments"]:
        del record["comments"]  # only annotations with notes carry the key (the import format)
    return record


def _columns(alias: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f'{alias}."{column}"' for column in columns)


class _Groups:
    """Rows ordered by their first column, handed out one key's rows at a time, in order."""

    def __init__(self, rows: Iterator[tuple]):
        self._rows = rows
        self._head = next(rows, None)

    def take(self, key) -> list[tuple]:
        taken = []
        while self._head is not None and self._head[0] == key:
            taken.append(self._head)
            self._head = next(self._rows, None)
        return taken


def _rows(sql: str, params: list) -> Iterator[tuple]:
    """Rows of a query through a named (server-side) cursor, fetched CHUNK_ROWS at a time.
    The caller holds the transaction that the cursor lives in."""
    cursor = connection.chunked_cursor()
    try:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK_ROWS):
            yield from batch
    finally:
        cursor.close()


def _server_side(sql: str, params: list) -> Iterator[list[tuple]]:
    """Run a query through a named (server-side) cursor and yield its rows in batches."""
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(CHUNK_ROWS):
            yield batch
