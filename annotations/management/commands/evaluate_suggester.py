"""manage.py evaluate_suggester FILE.jsonl: the suggester against reference annotations."""

import time

from django.core.management.base import BaseCommand, CommandError

from ...models import Project
from ...suggesting.evaluation import EvaluationInputError, evaluate, read_references, report
from ...suggesting.stored import project_speakers


class Command(BaseCommand):
    help = (
        "Compare the suggester's quotes with the reference annotations of a newsquotes JSONL "
        "file; print precision, recall and F1 for quote content (exact and overlap), speaker "
        "mention, canonical speaker and cue."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSONL file in the newsquotes article format.")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--project", help="Name speakers from this project's speakers and aliases."
        )
        group.add_argument(
            "--no-speakers",
            action="store_true",
            help="Give the suggester no known speakers (default: each record's gold speakers).",
        )

    def handle(self, *args, file, project=None, no_speakers=False, **options):
        speakers = None
        if no_speakers:
            speakers = []
        elif project:
            found = Project.objects.filter(slug=project).first()
            if found is None:
                raise CommandError(f"--project: no project with the slug {project!r}")
            speakers = project_speakers(found)
        try:
            with open(file, encoding="utf-8") as lines:
                references = list(read_references(lines))
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        except EvaluationInputError as error:
            raise CommandError(f"{file}: {error}") from error
        started = time.perf_counter()
        scores = evaluate(references, speakers)
        elapsed = time.perf_counter() - started
        self.stdout.write(report(scores))
        per_article = elapsed / len(references) * 1000 if references else 0.0
        self.stdout.write(f"{len(references)} articles, {per_article:.2f} ms per article")
