import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations import importing, tasks
from annotations.importing import abandoned
from annotations.models import Project


class Command(BaseCommand):
    help = (
        "Import articles (and annotations) into a project: all or nothing unless "
        "--skip-invalid; every error names the file, line or record, and field."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="several for .txt files")
        parser.add_argument("--project", required=True, metavar="SLUG")
        parser.add_argument("--format", default="auto", choices=["auto", *importing.FORMATS])
        parser.add_argument("--dry-run", action="store_true", help="check, write nothing")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid records, report the others",
        )
        parser.add_argument(
            "--on-duplicate",
            default="error",
            choices=importing.ON_DUPLICATE,
            help="an external id already in the project",
        )
        parser.add_argument(
            "--label-map",
            default="",
            metavar="THEIRS=OURS,…",
            help="e.g. Quotation=QUOTE,Source=SPEAKER,Cue=CUE,Person=-",
        )
        parser.add_argument("--user", help="username recorded as the importer")

    def handle(self, *args, files, project, user, **options):
        try:
            project_obj = Project.objects.get(slug=project)
        except Project.DoesNotExist:
            raise CommandError(f"--project: no project {project!r}") from None
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"--user: no user {user!r}")
        paths = [Path(name) for name in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
        try:
            opts = importing.ImportOptions.build(
                options["format"], options["dry_run"], options["skip_invalid"],
                options["on_duplicate"], options["label_map"],
            )  # fmt: skip
        except importing.ImportRefused as error:
            raise CommandError(str(error)) from error
        job = importing.record_file_job(project_obj, importer, paths, opts)
        bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
        with abandoned.held(job.pk):  # the job is failed, not left running, if we die
            try:
                result = importing.run_import(
                    project_obj, [(str(p), p.name) for p in paths], opts,
                    user=importer, job_id=job.pk, progress=bar,
                )  # fmt: skip
            except importing.ImportRefused as error:
                result = importing.ImportResult(format=opts.format)
                result.add([importing.Problem(paths[0].name, "", str(error))])
            finally:
                if bar:
                    bar.done()
            importing.finish_job(job, result, opts)
        tasks.queue_suggestions(project_obj.pk, result)
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        for error in result.errors:
            self.stderr.write(f"error: {error}")
        if result.error_count > len(result.errors):
            self.stderr.write(f"… and {result.error_count - len(result.errors)} more errors")
        summary = (
            f"{result.articles} new and {result.updated} updated articles, {result.mentions} "
            f"mentions, {result.quotes} quotes ({result.format}); {result.skipped} skipped, "
            f"{result.invalid} invalid"
        )
        if opts.dry_run:
            self.stdout.write(f"Dry run, nothing written: would import {summary}")
        elif result.written:
            self.stdout.write(f"Imported {summary}")
        elif not result.error_count:
            self.stdout.write(f"Nothing to import: {summary}")
        if result.error_count and not opts.skip_invalid:
            raise CommandError(f"{result.error_count} errors: nothing was imported")


class ProgressBar:
    """A plain one-line bar on a terminal, redrawn with a carriage return."""

    def __init__(self, stream, width: int = 30):
        self.stream, self.width = stream, width

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if total:
            filled = int(self.width * done / max(total, 1))
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{phase:<8} [{bar}] {done}/{total} articles")
        else:
            self.stream.write(f"\r{phase:<8} {done} records")
        self.stream.flush()

    def done(self) -> None:
        self.stream.write("\n")
