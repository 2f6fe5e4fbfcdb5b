"""Where an import's time goes, phase by phase, with the machine's load average.

    DATABASE_URL=… .venv/bin/python bench/import_phases.py [--size 5000]
        [--format jsonl|labelstudio] [--variants]

The same code the `import_articles` command runs, one phase at a time over the whole file
(the command overlaps them: the writer thread COPYs one batch while the next is read and
checked). Each phase prints its wall-clock and CPU seconds: Python's own for reading,
checking and building the rows; the PostgreSQL backend's (from /proc, when the server runs
on this machine) for each table's COPY, the foreign-key checks at the end and the commit.
CPU seconds hold still when other work loads the machine; wall-clock does not.

The writes are rolled back. `--variants` also times, each in a transaction rolled back,
the article COPY without its full-text index and the annotation COPY without its counter
trigger, to show what each costs.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from django.db import connection, transaction  # noqa: E402
from figures import bench_file, drop_project  # noqa: E402  (sets Django up)

from annotations.importing.checks import check_record  # noqa: E402
from annotations.importing.reading import read_records  # noqa: E402
from annotations.importing.writing import BatchWriter, _copy  # noqa: E402
from annotations.models import Project  # noqa: E402

# What each variant runs before its COPYs, inside the transaction that is rolled back.
VARIANTS = {
    "no full-text index": ["DROP INDEX article_search"],
    "no counter trigger": [
        "ALTER TABLE annotations_annotation DISABLE TRIGGER nq_annotation_inserted"
    ],
    "checks immediate": ["SET CONSTRAINTS ALL IMMEDIATE"],
    "no redundant indexes": [
        f"DROP INDEX {name}"
        for name in (
            "annotations_article_project_id_edeaca9e",
            "article_published",
            "annotations_annotation_annotator_id_82f398bc",
            "annotations_mention_annotation_id_4d1662c9",
            "annotations_annotationevent_annotation_id_c32d90c1",
        )
    ],
    "gin pending list 1GB": ["SET LOCAL gin_pending_list_limit = '1GB'"],
}
TICKS = os.sysconf("SC_CLK_TCK")
ROWS: list[tuple[str, float, float, str]] = []


class Clock:
    """Wall-clock and CPU seconds of one phase: this process's, or a backend's."""

    def __init__(self, name: str, backend: int | None = None):
        self.name, self.backend = name, backend

    def cpu(self) -> float | None:
        if self.backend is None:
            return time.process_time()
        try:
            fields = Path(f"/proc/{self.backend}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / TICKS

    def __enter__(self):
        self.wall, self.cpu0 = time.perf_counter(), self.cpu()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.wall
        cpu1 = self.cpu()
        cpu = None if cpu1 is None or self.cpu0 is None else cpu1 - self.cpu0
        who = "python" if self.backend is None else "postgres"
        ROWS.append((self.name, wall, cpu, who, load()))
        shown = "n/a" if cpu is None else f"{cpu:.2f}"
        print(f"  {self.name}: {wall:.2f} s wall, {shown} s CPU ({who}), load {load()}",
              file=sys.stderr)  # fmt: skip


def load() -> str:
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--format", choices=["jsonl", "labelstudio"], default="jsonl")
    parser.add_argument("--variants", nargs="*", default=[], choices=list(VARIANTS))
    options = parser.parse_args()
    path = bench_file(options.size, options.format)
    project = Project.objects.create(
        name="bench phases", slug=f"bench-phases-{options.format}-{options.size}-{os.getpid()}"
    )
    try:
        phases(project, path, options)
    finally:
        drop_project(project.pk)
    print_table(options)


def phases(project: Project, path: Path, options) -> None:
    with Clock("reading (parse the file into records)"):
        parsed = list(read_records([(str(path), path.name)], options.format, {}))
    with Clock("checking (check_record)"):
        clean = [check_record(p, {}) for p in parsed]
    assert all(c is not None for c in clean), "the bench file should be valid"
    del parsed
    backend = backend_pid()
    with transaction.atomic():
        writer = BatchWriter(project.pk, None, None)
        with Clock("building rows (ids, snapshots)"):
            works = [
                writer.statements([(c, None) for c in clean[start : start + 500]])
                for start in range(0, len(clean), 500)
            ]
        writer.close(discard=True)
    del clean
    tables = [(target[0]._meta.db_table, target) for _, target, _ in works[0]]
    copy_all(works, tables, backend, "")
    for name in options.variants:
        copy_all(works, tables, backend, f" ({name})", before=VARIANTS[name])


def copy_all(works, tables, backend: int, variant: str, before: list[str] = ()) -> None:
    """Every batch's COPY, table by table, then the deferred foreign-key checks; rolled
    back."""

    class Undo(Exception):
        pass

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            raw = cursor.cursor
            for statement in before:
                cursor.execute(statement)
            types = BatchWriter.column_types(raw.connection)
            for index, (table, target) in enumerate(tables):
                with Clock(f"COPY {table}{variant}", backend):
                    for work in works:
                        kind, _, rows = work[index]
                        if kind == "copy" and rows:
                            _copy(raw, *target, rows, types)
            with Clock(f"foreign-key checks{variant}", backend):
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            raise Undo
    except Undo:
        pass


def print_table(options) -> None:
    print(f"\n{options.size:,} articles, {options.format}\n")
    print("| phase | wall-clock | CPU | whose CPU | load 1/5/15 min |")
    print("|---|---|---|---|---|")
    for name, wall, cpu, who, at in ROWS:
        shown = "n/a" if cpu is None else f"{cpu:.2f} s"
        print(f"| {name} | {wall:.2f} s | {shown} | {who} | {at} |")


if __name__ == "__main__":
    main()
