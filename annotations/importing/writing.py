"""Writing checked articles in bulk: ids reserved from the sequences, then COPY into
articles, annotations, mentions, quotes and one `imported` event per annotation.

COPY is several times faster than INSERT, and ids reserved up front let quotes point at
their mentions without reading anything back. The COPYs run in a writer thread on the
import's own connection (so inside the caller's transaction) while the main thread reads
and checks the next batch: PostgreSQL's work and Python's overlap on two cores. Ids come
from a second connection, since `nextval` is outside transactions anyway. The COPYs are
binary: PostgreSQL parses no numbers, dates or timestamps. The foreign keys stay deferred to
the commit: checked batch by batch, their plans would be made while the tables are still
small (a sequential scan, kept for the session) when a fresh database gets its first import.
"""

import json
import queue
import threading
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone
from psycopg.types.json import Jsonb

from .. import contents, editing
from ..models import (
    Annotation,
    AnnotationEvent,
    Article,
    Mention,
    Quote,
    Speaker,
    Status,
    text_sha256,
)
from .checks import CleanArticle

ARTICLE_COLUMNS = (
    "id", "project_id", "external_id", "title", "text", "text_sha256", "source", "url",
    "author", "published", "language", "meta", "created_at", "updated_at",
)  # fmt: skip
ANNOTATION_COLUMNS = (
    "id", "article_id", "annotator_id", "status", "version", "time_spent", "skip_reason",
    "accepted_at", "created_at", "updated_at", "started_at", "submitted_at",
)  # fmt: skip
# A mention's and a quote's own columns come from `contents`, in the order of its fields.
MENTION_COLUMNS = (*contents.MENTION_COLUMNS, "annotation_id", "fragment_of_id", "created_at")
QUOTE_COLUMNS = (*contents.QUOTE_COLUMNS, "annotation_id", "created_at", "updated_at")
EVENT_COLUMNS = ("annotation_id", "actor_id", "at", "action", "version", "detail", "snapshot")
UPDATED_FIELDS = (
    "title", "text", "text_sha256", "source", "url", "author", "published", "language", "meta",
)  # fmt: skip


class BatchWriter:
    """Collects clean articles and writes them a batch at a time; `close()` waits for the
    last batch and raises what the database refused, if anything."""

    def __init__(
        self, project_id: int, actor_id: int | None, job_id: int | None, batch_size: int = 500
    ):
        self.project_id, self.actor_id, self.job_id = project_id, actor_id, job_id
        self.speakers: dict[str, int] = {}  # name → id, ensured a batch at a time
        self.batch_size = batch_size
        self.pending: list[tuple[CleanArticle, int | None]] = []
        self.now = timezone.now()
        self.articles = self.updated = self.mentions = self.quotes = 0
        connection.ensure_connection()
        self.raw = connection.connection
        self.ids = connection.get_new_connection(connection.get_connection_params())
        self.ids.autocommit = True
        # Its commits need no flush to disk: the import's own commit flushes the log
        # past the ids it reserved, and nothing of the import persists without it.
        self.ids.execute("SET synchronous_commit = off")
        self.types = self.column_types(self.ids)
        self.sequences: dict[str, str] = {}
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._drain, name="import-writer", daemon=True)
        self.thread.start()

    def add(self, article: CleanArticle, existing_id: int | None = None) -> bool:
        """Queue one article (`existing_id` to update that article); True when a batch went."""
        self.pending.append((article, existing_id))
        # The first batch is small, so that PostgreSQL starts early rather than wait idle.
        size = self.batch_size if self.articles or self.updated else self.batch_size // 5
        if len(self.pending) >= size:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        """Queue the pending articles for the writer thread; after a failure, drop them
        (`close()` raises it)."""
        batch, self.pending = self.pending, []
        if self.failure is not None or not batch:
            return
        self.queue.put(self.statements(batch))

    def statements(self, batch: list[tuple[CleanArticle, int | None]]) -> list:
        """A batch's COPYs and UPDATEs, (kind, target, rows) each, ids reserved."""
        self._ensure_speakers(batch)
        work: list[tuple[str, tuple, list]] = []
        new = sum(1 for _, existing in batch if existing is None)
        ids = iter(self._reserve(Article, new))
        article_rows, targets = [], []
        for article, existing in batch:
            fields = article.fields
            sha = text_sha256(fields["text"])
            if existing is None:
                article_id = next(ids)
                article_rows.append((
                    article_id, self.project_id, fields["external_id"], fields["title"],
                    fields["text"], sha, fields["source"], fields["url"], fields["author"],
                    fields["published"], fields["language"], Jsonb(fields["meta"]), self.now,
                    self.now,
                ))  # fmt: skip
            else:
                article_id = existing
                values = {**fields, "text_sha256": sha, "meta": Jsonb(fields["meta"])}
                work.append(
                    (
                        "update",
                        UPDATED_FIELDS,
                        [[values[f] for f in UPDATED_FIELDS] + [self.now, existing]],
                    )
                )
            targets.append((article_id, article))
        work.insert(0, ("copy", (Article, ARTICLE_COLUMNS), article_rows))
        work += self._annotations(targets)
        self.articles += new
        self.updated += len(batch) - new
        return work

    def close(self, discard: bool = False) -> None:
        """Write what is left (unless `discard`), wait for the writer thread, raise its
        failure if any."""
        try:
            if discard:
                self.pending = []
            self.flush()
        finally:
            self.queue.put(None)
            self.thread.join()
            self.ids.close()
        if self.failure is not None:
            raise self.failure

    def _ensure_speakers(self, batch: list[tuple[CleanArticle, int | None]]) -> None:
        """Find or create the batch's speakers not met before, before its quotes are built:
        the first record that names a speaker gives its details."""
        new: dict[str, dict] = {}
        for article, _ in batch:
            for speaker in article.speakers:
                if speaker["name"] not in self.speakers:
                    new.setdefault(speaker["name"], speaker)
        if new:
            self.speakers.update(ensure_speakers(self.project_id, new))

    def _annotations(self, targets: Iterable[tuple[int, CleanArticle]]) -> list:
        annotations = [
            (article_id, a) for article_id, article in targets for a in article.annotations
        ]
        if not annotations:
            return []
        annotation_ids = self._reserve(Annotation, len(annotations))
        next_mention = iter(self._reserve(Mention, sum(len(a.mentions) for _, a in annotations)))
        next_quote = iter(self._reserve(Quote, sum(len(a.quotes) for _, a in annotations)))
        annotation_rows, mention_rows, quote_rows, event_rows = [], [], [], []
        for annotation_id, (article_id, annotation) in zip(
            annotation_ids, annotations, strict=True
        ):
            created = annotation.created_at or self.now
            updated = annotation.updated_at or created
            gold = annotation.status == Status.GOLD
            annotation_rows.append((
                annotation_id, article_id, annotation.annotator_id, annotation.status, 1, 0, "",
                None, created, updated, None if gold else created,
                updated if annotation.status == Status.SUBMITTED else None,
            ))  # fmt: skip
            local = []
            snapshot_mentions, snapshot_quotes = [], []
            quote_ids = [next(next_quote) for _ in annotation.quotes]
            # A quote's later fragments point to it: mention index → quote id.
            fragment_of = {
                index: quote_id
                for quote, quote_id in zip(annotation.quotes, quote_ids, strict=True)
                for index in quote["later_fragments"]
            }
            for index, mention in enumerate(annotation.mentions):
                record = {**mention, "id": next(next_mention)}
                local.append(record["id"])
                record = {name: record[name] for name in contents.MENTION_FIELDS}
                mention_rows.append(
                    (*record.values(), annotation_id, fragment_of.get(index), created)
                )
                snapshot_mentions.append(record)
            starts = {}
            for quote, quote_id in zip(annotation.quotes, quote_ids, strict=True):
                speaker = quote["speaker"]
                record = {**quote, "id": quote_id}
                for name in contents.QUOTE_MENTIONS:
                    record[name] = None if quote[name] is None else local[quote[name]]
                record["speaker"] = self.speakers[speaker["name"]] if speaker else None
                record = {name: record[name] for name in contents.QUOTE_FIELDS}
                quote_rows.append((*record.values(), annotation_id, created, updated))
                later = [local[index] for index in quote["later_fragments"]]
                snapshot_quotes.append(
                    {**record, "content": contents.content_value(record["content"], later)}
                )
                starts[record["id"]] = annotation.mentions[quote["content"]]["start"]
            # The order of contents.snapshot(), so that history can show and restore it.
            snapshot_mentions.sort(key=lambda m: (m["start"], m["end"], m["id"]))
            snapshot_quotes.sort(key=lambda q: (starts[q["id"]], q["id"]))
            snapshot = json.dumps({"mentions": snapshot_mentions, "quotes": snapshot_quotes})
            detail = {
                "import_job": self.job_id,
                "mentions": len(annotation.mentions),
                "quotes": len(annotation.quotes),
            }
            event_rows.append(
                (
                    annotation_id,
                    self.actor_id,
                    self.now,
                    "imported",
                    1,
                    Jsonb(json.dumps(detail), dumps=_encoded),
                    Jsonb(snapshot, dumps=_encoded),
                )
            )
            self.mentions += len(annotation.mentions)
            self.quotes += len(annotation.quotes)
        return [
            ("copy", (Annotation, ANNOTATION_COLUMNS), annotation_rows),
            ("copy", (Mention, MENTION_COLUMNS), mention_rows),
            ("copy", (Quote, QUOTE_COLUMNS), quote_rows),
            ("copy", (AnnotationEvent, EVENT_COLUMNS), event_rows),
        ]

    @staticmethod
    def column_types(conn) -> dict[str, dict[str, int]]:
        """Each written table's column type oids, for binary COPY (which spares PostgreSQL
        parsing every number, date and timestamp from text)."""
        tables = [m._meta.db_table for m in (Article, Annotation, Mention, Quote, AnnotationEvent)]
        types: dict[str, dict[str, int]] = {table: {} for table in tables}
        rows = conn.execute(
            "SELECT c.relname, a.attname, a.atttypid FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE a.attrelid = ANY(%s::regclass[]) AND a.attnum > 0 AND NOT a.attisdropped",
            [tables],
        ).fetchall()
        for table, column, oid in rows:
            types[table][column] = oid
        return types

    def _reserve(self, model, count: int) -> list[int]:
        """`count` fresh ids from the model's identity sequence."""
        if count == 0:
            return []
        table = model._meta.db_table
        if table not in self.sequences:  # looked up once: per row it costs 5 µs an id
            self.sequences[table] = self.ids.execute(
                "SELECT pg_get_serial_sequence(%s, 'id')", [table]
            ).fetchone()[0]
        rows = self.ids.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
            [self.sequences[table], count],
        ).fetchall()
        return [row[0] for row in rows]

    def _drain(self) -> None:
        """The writer thread: run each batch's statements; after a failure, only drain."""
        while (work := self.queue.get()) is not None:
            if self.failure is not None:
                continue
            try:
                with self.raw.cursor() as cursor:
                    for kind, target, rows in work:
                        if kind == "copy" and rows:
                            _copy(cursor, *target, rows, self.types)
                        elif kind == "update":
                            assignments = ", ".join(f'"{f}" = %s' for f in target)
                            sql = (
                                f"UPDATE {Article._meta.db_table} SET {assignments},"
                                " updated_at = %s WHERE id = %s"
                            )
                            cursor.executemany(sql, rows)
            except BaseException as error:  # re-raised in the main thread by close()
                self.failure = error


def ensure_speakers(project_id: int, speakers: dict[str, dict]) -> dict[str, int]:
    """The ids of the named speakers (keyed by the names as given), creating the project's
    missing ones in one batch (existing ones are left as they are). Names are stored as
    `editing.speaker_name` normalises them, like every other speaker's."""
    stored = {name: editing.speaker_name(name) for name in speakers}
    existing = dict(
        Speaker.objects.filter(project_id=project_id, name__in=set(stored.values())).values_list(
            "name", "id"
        )
    )
    missing = {}
    for name, speaker in speakers.items():
        if stored[name] not in existing:
            missing.setdefault(stored[name], {**speaker, "name": stored[name]})
    for speaker in Speaker.objects.bulk_create(
        [Speaker(project_id=project_id, **fields) for fields in missing.values()],
        batch_size=1000,
    ):
        existing[speaker.name] = speaker.pk
    return {name: existing[stored[name]] for name in speakers}


def _encoded(text: str) -> str:
    """JSON encoded in advance: a string is smaller to queue than the dicts it encodes."""
    return text


def _copy(cursor, model, columns: tuple[str, ...], rows: list[tuple], types: dict) -> None:
    table = model._meta.db_table
    names = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([types[table][column] for column in columns])
        for row in rows:
            copy.write_row(row)
