"""What "learning from the project" gains: a scratch project gets the development set's
paragraphs as articles, gold on the first 50 (of the tuning part); the suggester is measured
on the others, plain and with what it learned from the 50, and the bench says what there was
to learn: the unseen gold's cues that the lexicon does not read, and its speakers that the
50 name.

    DATABASE_URL=… .venv/bin/python bench/suggester_learning.py

Writes to the database named by DATABASE_URL (a project `bench-learning`, deleted after).
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from annotations.models import Project  # noqa: E402
from annotations.suggesting import learning  # noqa: E402
from annotations.suggesting.evaluation import (  # noqa: E402
    evaluate_all,
    read_references,
    report,
)
from annotations.suggesting.rules import patterns_for  # noqa: E402

DATA = ROOT / "tests" / "data" / "suggester"
SLUG = "bench-learning"
WITH_GOLD = 50


def main() -> None:
    records = [
        json.loads(line)
        for part in ("tuning.jsonl", "heldout.jsonl")
        for line in (DATA / part).read_text(encoding="utf-8").splitlines()
    ]
    taught, unseen = records[:WITH_GOLD], records[WITH_GOLD:]
    Project.objects.filter(slug=SLUG).delete()
    project = Project.objects.create(name="Bench: learning", slug=SLUG)
    try:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as file:
            for record in taught:
                file.write(json.dumps(record, ensure_ascii=False) + "\n")
            for record in unseen:
                file.write(json.dumps({**record, "annotations": []}, ensure_ascii=False) + "\n")
            file.flush()
            call_command("import_articles", file.name, project=SLUG, verbosity=0)
        started = time.perf_counter()
        knowledge = learning.knowledge_for(project)
        print(f"learned in {time.perf_counter() - started:.2f} s (load {os.getloadavg()[0]:.2f}):")
        print(f"  cues: {', '.join(knowledge.cues) or '-'}")
        aliased = [s for s in knowledge.speakers if s.aliases]
        print(f"  speakers: {len(knowledge.speakers)}, with aliases: {len(aliased)}")
        print(f"  rules weighted: {knowledge.weights or '-'}; stopped: {sorted(knowledge.stopped)}")
        references = list(read_references(json.dumps(r, ensure_ascii=False) for r in unseen))
        plain = evaluate_all(references, speakers=learning.project_speakers(project))
        learned = evaluate_all(references, knowledge.speakers, knowledge.suggest)
        print(f"\nthe {len(unseen)} articles without gold, plain suggester")
        print(report(plain.overall))
        print(f"\nthe same, with what it learned from the first {WITH_GOLD}")
        print(report(learned.overall))
        taught_references = list(read_references(json.dumps(r, ensure_ascii=False) for r in taught))
        print_what_there_was_to_learn(taught_references, references, knowledge)
    finally:
        project.delete()


def print_what_there_was_to_learn(taught, unseen, knowledge) -> None:
    """Why learning can (or cannot) change the figures on the unseen articles."""
    cue = patterns_for().cue
    cues = [r.text[slice(*q.cue)] for r in unseen for q in r.quotes if q.cue]
    unread = [c for c in cues if not cue.fullmatch(c)]
    learned = {c.casefold() for c in knowledge.cues}
    print(f"\nwhat there was to learn, in the {len(unseen)} articles without gold:")
    print(
        f"  cues: {len(cues)}; not read by the lexicon: {len(unread)} ({', '.join(unread) or '-'})"
        f"; of those learned from the {WITH_GOLD}: "
        f"{sum(1 for c in unread if c.casefold() in learned)}"
    )
    taught_names = {q.speaker for r in taught for q in r.quotes if q.speaker}
    names = [q.speaker for r in unseen for q in r.quotes if q.speaker]
    shared = [n for n in names if n in taught_names]
    print(
        f"  canonical speakers: {len(names)}; named in the {WITH_GOLD} with gold: {len(shared)}"
        f" ({', '.join(sorted(set(shared))) or '-'})"
    )


if __name__ == "__main__":
    main()
