"""Writing checked articles in bulk: ids reserved from the sequences, then COPY into
articles, annotations, mentions, quotes and one `imported` event per annotation.

COPY is several times faster than INSERT and the ids reserved up front let quotes point at
their mentions without reading anything back. Callers hold the transaction.
"""

import json
from collections.abc import Iterable

from django.db import connection
from django.utils import timezone
from psycopg.types.json import Jsonb

from .import_checks import CleanArticle
from .models import (
    Annotation,
    AnnotationEvent,
    Article,
    Mention,
    Quote,
    Speaker,
    Status,
    text_sha256,
)


class BatchWriter:
    """Collects clean articles and writes them a batch at a time."""

    def __init__(
        self,
        project_id: int,
        speakers: dict[str, int],
        actor_id: int | None,
        job_id: int | None,
        batch_size: int = 1000,
    ):  # noqa: E501
        self.project_id = project_id
        self.speakers = speakers
        self.actor_id = actor_id
        self.job_id = job_id
        self.batch_size = batch_size
        self.pending: list[tuple[CleanArticle, int | None]] = []
        self.now = timezone.now()
        self.articles = self.updated = self.mentions = self.quotes = 0

    def add(self, article: CleanArticle, existing_id: int | None = None) -> bool:
        """Queue one article (`existing_id` to update that article); True when a batch went."""
        self.pending.append((article, existing_id))
        if len(self.pending) >= self.batch_size:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        new = [article for article, existing in batch if existing is None]
        article_ids = _reserve(Article, len(new))
        ids = iter(article_ids)
        rows, targets = [], []
        for article, existing in batch:
            if existing is None:
                article_id = next(ids)
                rows.append(self._article_row(article_id, article.fields))
            else:
                article_id = existing
                self._update(existing, article.fields)
            targets.append((article_id, article))
        _copy(
            Article,
            (
                "id",
                "project_id",
                "external_id",
                "title",
                "text",
                "text_sha256",
                "source",
                "url",
                "author",
                "published",
                "language",
                "meta",
                "created_at",
                "updated_at",
            ),
            rows,
        )  # noqa: E501
        self._annotations(targets)
        self.articles += len(new)
        self.updated += len(batch) - len(new)

    def _article_row(self, article_id: int, fields: dict) -> tuple:
        return (
            article_id, self.project_id, fields["external_id"], fields["title"], fields["text"],
            text_sha256(fields["text"]), fields["source"], fields["url"], fields["author"],
            fields["published"], fields["language"], Jsonb(fields["meta"]), self.now, self.now,
        )  # fmt: skip

    def _update(self, article_id: int, fields: dict) -> None:
        Article.objects.filter(pk=article_id).update(
            **{k: v for k, v in fields.items()},
            text_sha256=text_sha256(fields["text"]),
            updated_at=self.now,  # noqa: E501
        )

    def _annotations(self, targets: Iterable[tuple[int, CleanArticle]]) -> None:
        annotations = [
            (article_id, a) for article_id, article in targets for a in article.annotations
        ]  # noqa: E501
        if not annotations:
            return
        annotation_ids = _reserve(Annotation, len(annotations))
        mention_ids = _reserve(Mention, sum(len(a.mentions) for _, a in annotations))
        quote_ids = _reserve(Quote, sum(len(a.quotes) for _, a in annotations))
        annotation_rows, mention_rows, quote_rows, event_rows = [], [], [], []
        next_mention = iter(mention_ids)
        next_quote = iter(quote_ids)
        for annotation_id, (article_id, annotation) in zip(
            annotation_ids, annotations, strict=True
        ):  # noqa: E501
            created = annotation.created_at or self.now
            updated = annotation.updated_at or created
            gold = annotation.status == Status.GOLD
            annotation_rows.append((
                annotation_id, article_id, annotation.annotator_id, annotation.status, 1, 0, "",
                None, created, updated, None if gold else created,
                updated if annotation.status == Status.SUBMITTED else None,
            ))  # fmt: skip
            local = []
            for mention in annotation.mentions:
                mention_id = next(next_mention)
                local.append(mention_id)
                mention_rows.append(
                    (
                        mention_id,
                        annotation_id,
                        mention["label"],
                        mention["start"],
                        mention["end"],
                        mention["text"],
                        created,
                    )
                )  # noqa: E501
            for quote in annotation.quotes:
                speaker = quote["speaker"]
                quote_rows.append((
                    next(next_quote), annotation_id, local[quote["content"]], quote["type"],
                    None if quote["speaker_mention"] is None else local[quote["speaker_mention"]],
                    None if quote["cue"] is None else local[quote["cue"]],
                    self.speakers[speaker["name"]] if speaker else None, quote["origin"],
                    created, updated,
                ))  # fmt: skip
            detail = {
                "import_job": self.job_id,
                "mentions": len(annotation.mentions),
                "quotes": len(annotation.quotes),
            }  # noqa: E501
            event_rows.append(
                (annotation_id, self.actor_id, self.now, "imported", 1, json.dumps(detail), "{}")
            )  # noqa: E501
            self.mentions += len(annotation.mentions)
            self.quotes += len(annotation.quotes)
        _copy(
            Annotation,
            (
                "id",
                "article_id",
                "annotator_id",
                "status",
                "version",
                "time_spent",
                "skip_reason",
                "accepted_at",
                "created_at",
                "updated_at",
                "started_at",
                "submitted_at",
            ),
            annotation_rows,
        )  # noqa: E501
        _copy(
            Mention,
            ("id", "annotation_id", "label", "start", "end", "text", "created_at"),
            mention_rows,
        )  # noqa: E501
        _copy(
            Quote,
            (
                "id",
                "annotation_id",
                "content_id",
                "type",
                "speaker_mention_id",
                "cue_id",
                "speaker_id",
                "origin",
                "created_at",
                "updated_at",
            ),
            quote_rows,
        )  # noqa: E501
        _copy(
            AnnotationEvent,
            ("annotation_id", "actor_id", "at", "action", "version", "detail", "snapshot"),
            event_rows,
        )  # noqa: E501


def ensure_speakers(project_id: int, speakers: dict[str, dict]) -> dict[str, int]:
    """The ids of the named speakers, creating the project's missing ones (existing ones are
    left as they are)."""
    existing = dict(
        Speaker.objects.filter(project_id=project_id, name__in=list(speakers)).values_list(
            "name", "id"
        )
    )  # noqa: E501
    missing = [
        Speaker(project_id=project_id, **speaker)
        for name, speaker in speakers.items()
        if name not in existing
    ]  # noqa: E501
    for speaker in Speaker.objects.bulk_create(missing, batch_size=1000):
        existing[speaker.name] = speaker.pk
    return existing


def _reserve(model, count: int) -> list[int]:
    """`count` fresh ids from the model's identity sequence."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    if not rows:
        return
    names = ", ".join(f'"{column}"' for column in columns)
    sql = f"COPY {model._meta.db_table} ({names}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
