"""Importing articles, and annotations made elsewhere, into a project.

detect the format and stream records from its reader (`import_reading`, `formats/`) → check
each record completely (`import_checks`, spans through `spans`) → hand it straight to the bulk
writer (`import_writing`, COPY), all in ONE transaction that is rolled back unless every record
was valid — or, with `skip_invalid`, the valid records. The file is read once and written a
batch at a time, so memory stays flat whatever its size. Each import is an `ImportJob`: who,
when, which file, what it gave."""

import gc
import hashlib
import io
import json
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from . import suggesting_services
from .formats.records import FileProblem, Problem
from .formats.spanlinks import parse_label_map
from .import_checks import check_record
from .import_reading import (  # noqa: F401 (read_records is re-exported)
    FORMATS,
    ImportRefused,
    detect_format,
    numbered_records,
    read_records,
)
from .import_writing import BatchWriter
from .models import Annotation, Article, ImportJob, Membership, Project

ON_DUPLICATE = ("error", "skip", "update")
INLINE_BYTES = 2 * 1024 * 1024  # larger uploads go to the task queue
MAX_REPORTED = 1000  # problems kept in a report; the counts are always complete
PREVIEW_RECORDS = 20
Progress = Callable[[str, int, int | None], None]


@dataclass
class ImportOptions:
    format: str = "auto"
    dry_run: bool = False
    skip_invalid: bool = False
    on_duplicate: str = "error"
    label_map: dict = field(default_factory=dict)

    @classmethod
    def build(
        cls, format="auto", dry_run=False, skip_invalid=False, on_duplicate="error", label_map=None
    ) -> "ImportOptions":
        """Options from user input; ImportRefused naming the bad one."""
        format = format or "auto"
        if format != "auto" and format not in FORMATS:
            raise ImportRefused(
                f"format: unknown format {format!r}; use auto or one of {', '.join(FORMATS)}"
            )
        if on_duplicate not in ON_DUPLICATE:
            raise ImportRefused(f"on_duplicate: use error, skip or update, not {on_duplicate!r}")
        try:
            label_map = parse_label_map(label_map)
        except ValueError as error:
            raise ImportRefused(f"label_map: {error}") from error
        return cls(format, bool(dry_run), bool(skip_invalid), on_duplicate, label_map)


@dataclass
class ImportResult:
    format: str
    records: int = 0
    articles: int = 0
    updated: int = 0
    skipped: int = 0
    invalid: int = 0
    mentions: int = 0
    quotes: int = 0
    error_count: int = 0
    warning_count: int = 0
    written: bool = False
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)  # the first records, as the report shows

    def add(self, problems: list[Problem], warnings: bool = False) -> None:
        kept = self.warnings if warnings else self.errors
        kept.extend(problems[: max(0, MAX_REPORTED - len(kept))])
        if warnings:
            self.warning_count += len(problems)
        else:
            self.error_count += len(problems)

    def as_report(self) -> dict:
        report = asdict(self)
        report["errors"] = [p.as_dict() for p in self.errors]
        report["warnings"] = [p.as_dict() for p in self.warnings]
        return report


_gc_lock = threading.Lock()
_gc_state = {"pausers": 0, "was_enabled": True}


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while importing: the records make no cycles, yet the
    collector would scan the objects of every batch in flight again and again (a tenth of
    the import's CPU). Concurrent imports are counted: the last one to end resumes it."""
    with _gc_lock:
        if _gc_state["pausers"] == 0:
            _gc_state["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_state["pausers"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["pausers"] -= 1
            if _gc_state["pausers"] == 0 and _gc_state["was_enabled"]:
                gc.enable()


class _RollBack(Exception):
    """Raised inside the import's transaction to undo what was written."""


def run_import(
    project: Project,
    files: list[tuple[str, str]],
    options: ImportOptions,
    *,
    user=None,
    job_id: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check every record of `files` ((path, name) pairs) and write it in the same pass, in
    one transaction that is rolled back if a check failed (with `skip_invalid`, only the
    valid records are written). A dry run only checks."""
    reporting = progress is not None
    progress = progress or (lambda phase, done, total: None)
    fmt = options.format if options.format != "auto" else detect_format(files)
    result = ImportResult(format=fmt)
    total = count_records(files, fmt) if reporting else None
    if options.dry_run:
        with _gc_paused():
            _check_all(project, files, fmt, options, result, None, progress, total)
        return result
    writer = None
    try:
        with _gc_paused(), transaction.atomic():
            writer = BatchWriter(project.pk, getattr(user, "pk", None), job_id)
            try:
                _check_all(project, files, fmt, options, result, writer, progress, total)
            finally:
                writer.close(discard=bool(result.error_count) and not options.skip_invalid)
            if (result.error_count and not options.skip_invalid) or not result.records:
                raise _RollBack
    except _RollBack:
        return result
    except (IntegrityError, DatabaseError, psycopg.Error) as error:
        if result.error_count and not options.skip_invalid:
            return result  # the checks failed: nothing was to be written anyway
        first = str(error).splitlines()[0]
        message = f"the database refused the import, nothing was written: {first}"
        result.add([Problem(files[0][1], "", message)])
        return result
    progress("importing", result.records, result.records)
    result.mentions, result.quotes, result.written = writer.mentions, writer.quotes, True
    suggesting_services.enqueue_for_import(project.pk, writer.now)
    return result


def _check_all(project, files, fmt, options, result, writer, progress, total) -> None:
    """Read and check every record once, handing each valid one to `writer` (None for a dry
    run). After the first error (without `skip_invalid`) nothing more is written, but the
    rest is still checked so that the report lists every error."""
    members = dict(
        Membership.objects.filter(project=project).values_list("user__username", "user_id")
    )
    existing = dict(Article.objects.filter(project=project).values_list("external_id", "id"))
    annotated = set(
        Annotation.objects.filter(article__project=project).values_list("article_id", flat=True)
    )
    phase = "checking" if writer is None else "importing"
    all_or_nothing = not options.skip_invalid
    seen: dict[str, str] = {}
    updates = 0
    refused: BaseException | None = None  # what the database refused: checking goes on
    for number, parsed in numbered_records(files, fmt, options.label_map, result):
        clean = check_record(parsed, members) if parsed.record is not None else None
        update_of = None
        skip = False
        if clean is not None:
            external_id = clean.fields["external_id"]
            if external_id in seen:
                parsed.errors.append(
                    Problem(
                        parsed.where,
                        "external_id",
                        f"{external_id!r} is repeated in the file (first at {seen[external_id]})",
                    )
                )
            elif external_id in existing:
                if options.on_duplicate == "error":
                    message = "is already in the project (choose skip or update to import anyway)"
                    parsed.errors.append(
                        Problem(parsed.where, "external_id", f"{external_id!r} {message}")
                    )
                elif options.on_duplicate == "skip":
                    parsed.warnings.append(
                        Problem(
                            parsed.where,
                            "external_id",
                            f"{external_id!r} is already in the project: skipped",
                        )
                    )
                    result.skipped += 1
                    skip = True
                elif existing[external_id] in annotated:
                    message = (
                        "is already in the project with annotations: it cannot be updated, "
                        "since their offsets would no longer hold"
                    )
                    parsed.errors.append(
                        Problem(parsed.where, "external_id", f"{external_id!r} {message}")
                    )
                else:
                    update_of = existing[external_id]
            seen.setdefault(external_id, parsed.where)
        result.add(parsed.warnings, warnings=True)
        if parsed.errors or (clean is None and parsed.record is not None):
            result.add(parsed.errors)
            result.invalid += parsed.record is not None or bool(parsed.errors)
        elif clean is not None and not skip:
            result.records += 1
            updates += update_of is not None
            result.mentions += clean.mention_count
            result.quotes += clean.quote_count
            if len(result.preview) < PREVIEW_RECORDS:
                result.preview.append(
                    {
                        "where": parsed.where,
                        "external_id": clean.fields["external_id"],
                        "title": clean.fields["title"][:120],
                        "action": "new" if update_of is None else "update",
                        "versions": len(clean.annotations),
                        "mentions": clean.mention_count,
                        "quotes": clean.quote_count,
                    }
                )
            stopped = refused is not None or (all_or_nothing and result.error_count)
            if writer is not None and not stopped:
                try:
                    writer.add(clean, update_of)
                except (DatabaseError, psycopg.Error) as error:
                    refused = error
        if number % 500 == 0:
            progress(phase, number, total if total and total >= number else None)
    result.updated = updates
    result.articles = result.records - result.updated
    if refused is not None:
        raise refused


def count_records(files: list[tuple[str, str]], fmt: str) -> int | None:
    """How many records a one-record-a-line file holds (non-blank lines), for a progress
    bar; None for the other formats."""
    if fmt not in ("jsonl", "doccano") or len(files) != 1:
        return None
    try:
        with open(files[0][0], "rb") as stream:
            return sum(1 for line in stream if line.strip())
    except OSError:
        return None


# --- jobs ---------------------------------------------------------------------------------


def create_import_job(project: Project, user, uploads: list, options: ImportOptions) -> ImportJob:
    """Store the upload (several .txt files become one .zip) and record the job; a small one
    runs now, a large one goes to the task queue. ImportRefused for an oversized upload."""
    if not uploads:
        raise ImportRefused("file: choose a file to import")
    size = sum(upload.size for upload in uploads)
    if size > settings.MAX_UPLOAD_BYTES:
        raise ImportRefused(
            f"file: the upload is {size:,} bytes; the limit is {settings.MAX_UPLOAD_BYTES:,} bytes"
        )
    if len(uploads) > 1:
        bundle = io.BytesIO()
        with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
            for upload in uploads:
                archive.writestr(Path(upload.name).name, upload.read())
        name, content = f"{len(uploads)} files.zip", File(bundle, name="upload.zip")
    else:
        name, content = uploads[0].name, uploads[0]
    digest = hashlib.sha256()
    for chunk in content.chunks() if hasattr(content, "chunks") else [content.getvalue()]:
        digest.update(chunk)
    content.seek(0)
    job = ImportJob(
        project=project,
        created_by=user if user.is_authenticated else None,
        file_name=Path(name).name,
        file_size=size,
        sha256=digest.hexdigest(),
        format=options.format,
        options=asdict(options),
        dry_run=options.dry_run,
    )
    job.upload.save(Path(name).name, content, save=False)
    job.save()
    if size <= INLINE_BYTES:
        run_import_job(job.pk)
        job.refresh_from_db()
    else:
        from .tasks import import_articles_task

        import_articles_task.enqueue(job.pk)
    return job


def run_import_job(job_id: int, progress: Progress | None = None) -> ImportJob:
    """Run a recorded import (in a worker or inline) and store its report."""
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING)
    options = ImportOptions(**job.options)
    files = [(job.upload.path, job.file_name)]
    reporter = JobProgress(job.pk, progress)
    try:
        result = run_import(
            job.project, files, options, user=job.created_by, job_id=job.pk, progress=reporter
        )
    except (ImportRefused, FileProblem) as error:
        result = ImportResult(format=options.format)
        result.add([Problem(job.file_name, "", str(error))])
    finally:
        reporter.close()
    finish_job(job, result, options)
    return job


def record_file_job(project: Project, user, paths: list[Path], options: ImportOptions) -> ImportJob:
    """A job for files already on disk (the command line): recorded, not stored again."""
    digest, size = hashlib.sha256(), 0
    for path in paths:
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    name = paths[0].name if len(paths) == 1 else f"{len(paths)} files"
    return ImportJob.objects.create(
        project=project,
        created_by=user,
        file_name=name,
        file_size=size,
        sha256=digest.hexdigest(),
        format=options.format,
        options=asdict(options),
        dry_run=options.dry_run,
        state=ImportJob.State.RUNNING,
    )


def finish_job(job: ImportJob, result: ImportResult, options: ImportOptions) -> None:
    failed = result.error_count and not options.skip_invalid
    job.state = ImportJob.State.FAILED if failed else ImportJob.State.DONE
    job.format = result.format
    job.processed = job.total = result.records + result.invalid + result.skipped
    job.articles_count, job.mentions_count, job.quotes_count = (
        result.articles + result.updated,
        result.mentions,
        result.quotes,
    )
    job.errors = [p.as_dict() for p in result.errors]
    job.report = result.as_report()
    job.finished_at = timezone.now()
    job.save()


class JobProgress:
    """Writes a job's progress where pollers can see it: on the main connection outside a
    transaction, else on a second connection of its own (the import's transaction would hide
    it until the end)."""

    def __init__(self, job_id: int, also: Progress | None = None, every: float = 0.5):
        self.job_id, self.also, self.every = job_id, also, every
        self.last = 0.0
        self.side = None

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if self.also:
            self.also(phase, done, total)
        now = time.monotonic()
        if now - self.last < self.every and done != total:
            return
        self.last = now
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_id).update(
                processed=done, total=total, report={"phase": phase}
            )
            return
        try:
            if self.side is None:
                self.side = connection.get_new_connection(connection.get_connection_params())
                self.side.autocommit = True
                self.side.execute("SET lock_timeout = '1s'")
            self.side.execute(
                "UPDATE annotations_importjob SET processed = %s, total = %s, report = %s"
                " WHERE id = %s",
                [done, total, json.dumps({"phase": phase}), self.job_id],
            )
        except DatabaseError:
            pass  # progress is a courtesy; the import goes on

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None
