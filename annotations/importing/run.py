"""Importing articles, and annotations made elsewhere, into a project.

detect the format and stream records from its reader (`reading`, `formats/`) → check each
record completely (`checks`, spans through `spans`) → hand it straight to the bulk writer
(`writing`, COPY), all in ONE transaction that is rolled back unless every record
was valid — or, with `skip_invalid`, the valid records. The file is read once and written a
batch at a time, so memory stays flat whatever its size. The job around a run (who, when,
which file, what it gave) is `jobs`."""

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

import psycopg
from django.db import DatabaseError, IntegrityError, connection, transaction

from ..formats.records import Problem
from ..formats.spanlinks import parse_label_map
from ..models import Annotation, Article, Membership, Project
from .checks import check_record
from .reading import FORMATS, ImportRefused, detect_format, numbered_records
from .writing import BatchWriter

ON_DUPLICATE = ("error", "skip", "update")
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
                "format", f"unknown format {format!r}; use auto or one of {', '.join(FORMATS)}"
            )
        if on_duplicate not in ON_DUPLICATE:
            raise ImportRefused("on_duplicate", f"use error, skip or update, not {on_duplicate!r}")
        try:
            label_map = parse_label_map(label_map)
        except ValueError as error:
            raise ImportRefused("label_map", str(error)) from error
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
    # Warnings alike ("312 trigger spans left out by the label map"): kind → count; only
    # the first of each kind is listed in `warnings`.
    warning_kinds: dict[str, int] = field(default_factory=dict)
    preview: list[dict] = field(default_factory=list)  # the first records, as the report shows
    written_at: object = field(default=None, repr=False)  # the stamp of the articles written

    def add(self, problems: list[Problem], warnings: bool = False) -> None:
        if warnings:
            self.warning_count += len(problems)
            listed = self._first_of_each_kind(problems)
            self.warnings.extend(listed[: max(0, MAX_REPORTED - len(self.warnings))])
        else:
            self.error_count += len(problems)
            self.errors.extend(problems[: max(0, MAX_REPORTED - len(self.errors))])

    def _first_of_each_kind(self, problems: list[Problem]) -> list[Problem]:
        """The problems to list: each kind counted, listed the first time it is met."""
        listed = []
        for problem in problems:
            if problem.kind:
                seen = problem.kind in self.warning_kinds
                self.warning_kinds[problem.kind] = self.warning_kinds.get(problem.kind, 0) + 1
                if seen:
                    continue
            listed.append(problem)
        return listed

    def warning_summary(self) -> list[str]:
        """One line per kind of warning: "312 trigger spans left out by the label map"."""
        return [f"{count} {kind}" for kind, count in self.warning_kinds.items()]

    def as_report(self) -> dict:
        report = asdict(self)
        del report["written_at"]
        report["errors"] = [p.as_dict() for p in self.errors]
        report["warnings"] = [p.as_dict() for p in self.warnings]
        report["warning_kinds"] = [
            {"kind": kind, "count": count} for kind, count in self.warning_kinds.items()
        ]
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


def _commit_without_waiting() -> None:
    """The import's own transaction commits without waiting for the disk: a crash just
    after it loses the import, but then also the job's end written after it (the log is
    flushed in order), so the job is reported as not finished and nothing half-written.
    Not for a caller's transaction the import runs inside: its other writes stay durable."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")


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
    run = _ImportRun(project, files, fmt, options, result, progress, total)
    if options.dry_run:
        with _gc_paused():
            run.check_all(None)
        return result
    writer = None
    outermost = not connection.in_atomic_block
    try:
        with _gc_paused(), transaction.atomic():
            if outermost:
                _commit_without_waiting()
            writer = BatchWriter(project.pk, getattr(user, "pk", None), job_id)
            try:
                run.check_all(writer)
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
    result.written_at = writer.now
    return result


@dataclass
class _ImportRun:
    """One pass over an import's files: every record read and checked once, each valid one
    handed to the writer (none on a dry run)."""

    project: Project
    files: list[tuple[str, str]]
    fmt: str
    options: ImportOptions
    result: ImportResult
    progress: Progress
    total: int | None
    existing: dict[str, int] = field(default_factory=dict)
    annotated: set[int] = field(default_factory=set)

    def check_all(self, writer: BatchWriter | None) -> None:
        """Read and check every record once, handing each valid one to `writer` (None for a
        dry run). After the first error (without `skip_invalid`) nothing more is written, but
        the rest is still checked so that the report lists every error."""
        project, options, result = self.project, self.options, self.result
        members = dict(
            Membership.objects.filter(project=project).values_list("user__username", "user_id")
        )
        self.existing = dict(
            Article.objects.filter(project=project).values_list("external_id", "id")
        )
        self.annotated = set(
            Annotation.objects.filter(article__project=project).values_list("article_id", flat=True)
        )
        phase = "checking" if writer is None else "importing"
        all_or_nothing = not options.skip_invalid
        seen: dict[str, str] = {}
        updates = 0
        refused: BaseException | None = None  # what the database refused: checking goes on
        for number, parsed in numbered_records(self.files, self.fmt, options.label_map, result):
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
                            f"{external_id!r} is repeated in the file (first at "
                            f"{seen[external_id]})",
                        )
                    )
                elif external_id in self.existing:
                    update_of, skip = self._duplicate(parsed, external_id)
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
                    result.preview.append(_preview_row(parsed, clean, update_of))
                stopped = refused is not None or (all_or_nothing and result.error_count)
                if writer is not None and not stopped:
                    try:
                        writer.add(clean, update_of)
                    except (DatabaseError, psycopg.Error) as error:
                        refused = error
            if number % 500 == 0:
                total = self.total
                self.progress(phase, number, total if total and total >= number else None)
        result.updated = updates
        result.articles = result.records - result.updated
        if refused is not None:
            raise refused

    def _duplicate(self, parsed, external_id: str) -> tuple[int | None, bool]:
        """What `on_duplicate` makes of a record already in the project: (the article it
        updates or None, whether it is skipped); an error or warning goes to `parsed`."""
        on_duplicate = self.options.on_duplicate
        if on_duplicate == "error":
            message = "is already in the project (choose skip or update to import anyway)"
            parsed.errors.append(Problem(parsed.where, "external_id", f"{external_id!r} {message}"))
            return None, False
        if on_duplicate == "skip":
            parsed.warnings.append(
                Problem(
                    parsed.where,
                    "external_id",
                    f"{external_id!r} is already in the project: skipped",
                )
            )
            self.result.skipped += 1
            return None, True
        if self.existing[external_id] in self.annotated:
            message = (
                "is already in the project with annotations: it cannot be updated, "
                "since their offsets would no longer hold"
            )
            parsed.errors.append(Problem(parsed.where, "external_id", f"{external_id!r} {message}"))
            return None, False
        return self.existing[external_id], False


def _preview_row(parsed, clean, update_of: int | None) -> dict:
    """A record as the import's preview lists it."""
    return {
        "where": parsed.where,
        "external_id": clean.fields["external_id"],
        "title": clean.fields["title"][:120],
        "action": "new" if update_of is None else "update",
        "versions": len(clean.annotations),
        "mentions": clean.mention_count,
        "quotes": clean.quote_count,
    }


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
