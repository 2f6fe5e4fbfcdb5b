"""manage.py evaluate_suggester [FILE] [--project SLUG]: the suggester against reference
annotations, overall, per class of text and per rule."""

import time

from django.core.management.base import BaseCommand, CommandError

from ...models import Project
from ...suggesting import learning
from ...suggesting.evaluation import (
    EvaluationInputError,
    evaluate_all,
    read_reference_file,
    report,
    report_by_class,
    report_by_rule,
)
from ...suggesting.stored import project_speakers


class Command(BaseCommand):
    help = (
        "Compare the suggester's quotes with reference annotations: a newsquotes JSONL file "
        "(or a hand-written .txt set), or with --project alone that project's gold "
        "annotations. Prints precision, recall and F1 for all quotes and direct quotes (exact "
        "and overlap), the source of direct quotes, speaker mention and cue (exact and "
        "overlap) and the canonical speaker; then per class of text and per rule."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="A JSONL file in the newsquotes article format, or a .txt set."
        )
        parser.add_argument(
            "--project",
            help="With FILE: name speakers from this project's speakers and aliases. "
            "Without FILE: measure against this project's gold annotations.",
        )
        parser.add_argument(
            "--no-speakers",
            action="store_true",
            help="Give the suggester no known speakers (default: each record's gold speakers).",
        )
        parser.add_argument(
            "--learned",
            action="store_true",
            help="With --project: use what the suggester learned from the project's gold.",
        )

    def handle(self, *args, file=None, project=None, no_speakers=False, learned=False, **options):
        found = None
        if project:
            found = Project.objects.filter(slug=project).first()
            if found is None:
                raise CommandError(f"--project: no project with the slug {project!r}")
        if file is None and found is None:
            raise CommandError("give a FILE, or --project SLUG to measure against its gold")
        if learned and found is None:
            raise CommandError("--learned needs --project")
        speakers, suggester = None, None
        if no_speakers:
            speakers = []
        elif found is not None:
            speakers = project_speakers(found)
        if learned:
            knowledge = learning.knowledge_for(found)
            suggester = knowledge.suggest
            speakers = [] if no_speakers else knowledge.speakers
        if file is None:
            references = learning.project_references(found)
        else:
            try:
                references = read_reference_file(file)
            except OSError as error:
                raise CommandError(f"{file}: {error.strerror}") from error
            except EvaluationInputError as error:
                raise CommandError(f"{file}: {error}") from error
        started = time.perf_counter()
        evaluation = evaluate_all(references, speakers, suggester)
        elapsed = time.perf_counter() - started
        self.stdout.write(report(evaluation.overall))
        if evaluation.by_class:
            self.stdout.write("")
            self.stdout.write(report_by_class(evaluation))
        if evaluation.by_rule:
            self.stdout.write("")
            self.stdout.write(report_by_rule(evaluation))
        per_article = elapsed / len(references) * 1000 if references else 0.0
        self.stdout.write(f"{len(references)} articles, {per_article:.2f} ms per article")
