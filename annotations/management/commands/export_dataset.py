"""`manage.py export_dataset --project SLUG --format F [--status S] [--source S]
[--published-after D] [--published-before D] [-o FILE]`: the same export as the API's, for an
administrator (no role check), with its parameters checked by the same rules."""

import sys

from django.core.management.base import BaseCommand, CommandError

from annotations import export_params, exporting
from annotations.models import Project


class Command(BaseCommand):
    help = "Write a project's dataset as csv, json, jsonl, parquet, brat (zip) or labelstudio."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="The project's slug.")
        parser.add_argument("--format", required=True, choices=list(exporting.EXPORT_FORMATS))
        parser.add_argument(
            "--status",
            default=exporting.DEFAULT_STATUS,
            choices=list(exporting.EXPORT_STATUSES),
            help="gold, submitted, all, or (the default) gold plus the submitted versions of "
            "articles without gold.",
        )
        parser.add_argument("--source", default="", help="Only articles from this outlet.")
        parser.add_argument("--published-after", default="", help="YYYY-MM-DD, inclusive.")
        parser.add_argument("--published-before", default="", help="YYYY-MM-DD, inclusive.")
        parser.add_argument("-o", "--output", help="The file to write; standard output if absent.")
        parser.add_argument(
            "--raw",
            action="store_true",
            help="CSV: keep cells that start with = + - @, a tab or a carriage return as they are "
            "(for programs; by default they get a leading ' so spreadsheets show them as text).",
        )

    def handle(self, *args, project, format, status, output, raw, **options):
        found = Project.objects.filter(slug=project).first()
        if found is None:
            raise CommandError(f"no project with the slug {project!r}")
        params = {**{name: options.get(name) for name in export_params.NAMES}, "status": status}
        try:
            selection = export_params.read(params)
        except exporting.ExportError as error:
            option = "--" + error.field.replace("_", "-")
            raise CommandError(f"{option}: {error.message}") from error
        annotations = selection.annotations(found)
        chunks = exporting.stream_export(found, annotations, format, raw=raw)
        if output:
            with open(output, "wb") as file:
                for chunk in chunks:
                    file.write(chunk)
            self.stderr.write(f"wrote {output}")
        else:
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
