"""Import speed and memory: 5,000 and 50,000 generated articles of 14 spans each (JSONL).

Each size runs in a fresh subprocess so that the peak RSS figures are comparable; prints
articles/s, spans/s and peak memory. Uses DATABASE_URL (set it to your own database) and
removes its project afterwards. `--quick` runs 1,000 and 5,000. "py CPU s" is the importing
process's CPU time during the import and "pg CPU s" its PostgreSQL backend's (local servers
only): they work in parallel, so on an idle two-core machine articles / max(py, pg) — "idle
rate" — is the rate to expect; "load" is the machine's load average, which skews the
wall-clock figures on a shared machine.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "Minister {n} said: “The plan for {n} will work out, and we will see results soon.” "
FILLER = "The agency reported figures for the region, which analysts described as mixed. "


def article(number: int) -> dict:
    """An article of ~1,500 characters with 14 spans: 4 quotes with speaker and cue, 2 spare."""
    text, mentions, quotes = "", [], []
    for index in range(4):
        sentence = SENTENCE.format(n=f"{number}-{index}")
        base = len(text)
        speaker = (base, base + len("Minister"))
        cue_start = sentence.index(" said") + 1
        content_start = sentence.index("“") + 1
        content_end = sentence.index("”")
        spans = [
            ("SPEAKER", speaker),
            ("CUE", (base + cue_start, base + cue_start + 4)),
            ("QUOTE", (base + content_start, base + content_end)),
        ]
        text += sentence + FILLER * 3
        first = len(mentions) + 1
        mentions += [
            {"id": first + k, "label": label, "start": s, "end": e}
            for k, (label, (s, e)) in enumerate(spans)
        ]
        quotes.append(
            {
                "id": index + 1,
                "type": "direct",
                "content": first + 2,
                "speaker_mention": first,
                "cue": first + 1,
                "speaker": {
                    "name": f"Minister {index}",
                    "aliases": [],
                    "description": "",
                    "wikidata_id": "",
                },
                "origin": "",
            }
        )
    for extra in range(2):
        start = text.index("agency", extra * 300)
        mentions.append(
            {"id": len(mentions) + 1, "label": "SPEAKER", "start": start, "end": start + 6}
        )
    for mention in mentions:
        mention["text"] = text[mention["start"] : mention["end"]]
    mentions.sort(key=lambda m: m["start"])
    return {
        "external_id": f"bench-{number}", "title": f"Article {number}", "text": text,
        "source": "Bench Wire", "url": "", "author": "", "published": "2024-01-01",
        "language": "en", "meta": {"n": number},
        "annotations": [{"annotator": None, "status": "gold", "created_at": None,
                         "updated_at": None, "mentions": mentions, "quotes": quotes}],
    }  # fmt: skip


def child(path: str, count: int) -> None:
    """Import the file into a new project; print one JSON line of figures."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")
    import django

    django.setup()
    from django.db import connection

    from annotations import importing
    from annotations.models import Project

    project = Project.objects.create(name="bench imports", slug=f"bench-imports-{os.getpid()}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    backend_cpu = _process_cpu(backend)
    before = resource.getrusage(resource.RUSAGE_SELF)
    try:
        started = time.perf_counter()
        result = importing.run_import(project, [(path, Path(path).name)], importing.ImportOptions())
        elapsed = time.perf_counter() - started
        assert result.written and result.articles == count, result.errors[:3]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        after = _process_cpu(backend)
        cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
        figures = {"articles": result.articles, "spans": result.mentions, "seconds": elapsed,
                   "peak_mb": usage.ru_maxrss / 1024, "cpu": cpu,
                   "pg_cpu": None if after is None else after - backend_cpu}  # fmt: skip
        print(json.dumps(figures))
    finally:
        with connection.cursor() as cursor:
            for sql in (
                "DELETE FROM annotations_annotationevent WHERE annotation_id IN (SELECT an.id FROM annotations_annotation an JOIN annotations_article ar ON ar.id = an.article_id WHERE ar.project_id = %s)",  # noqa: E501
                "DELETE FROM annotations_quote WHERE annotation_id IN (SELECT an.id FROM annotations_annotation an JOIN annotations_article ar ON ar.id = an.article_id WHERE ar.project_id = %s)",  # noqa: E501
                "DELETE FROM annotations_mention WHERE annotation_id IN (SELECT an.id FROM annotations_annotation an JOIN annotations_article ar ON ar.id = an.article_id WHERE ar.project_id = %s)",  # noqa: E501
                "DELETE FROM annotations_annotation WHERE article_id IN (SELECT id FROM annotations_article WHERE project_id = %s)",  # noqa: E501
                "DELETE FROM annotations_article WHERE project_id = %s",
                "DELETE FROM annotations_speaker WHERE project_id = %s",
                "DELETE FROM annotations_importjob WHERE project_id = %s",
                "DELETE FROM annotations_project WHERE id = %s",
            ):
                cursor.execute(sql, [project.pk])


def _process_cpu(pid: int) -> float | None:
    """CPU seconds of a local process (the PostgreSQL backend), None if it is not visible."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return
    sizes = (1_000, 5_000) if "--quick" in sys.argv else (5_000, 50_000)
    if not os.environ.get("DATABASE_URL"):
        print("note: DATABASE_URL is unset: the embedded PostgreSQL is used")
    columns = ("articles", "spans", "file MB", "seconds", "articles/s", "spans/s", "peak MB",
               "py CPU s", "pg CPU s", "idle rate", "load")  # fmt: skip
    print(" ".join(f"{name:>10}" for name in columns))
    for size in sizes:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            for number in range(size):
                f.write(json.dumps(article(number), ensure_ascii=False) + "\n")
        try:
            output = subprocess.run(
                [sys.executable, __file__, "--child", f.name, str(size)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            figures = json.loads(output.strip().splitlines()[-1])
            seconds, pg_cpu = figures["seconds"], figures["pg_cpu"]
            # With PostgreSQL and Python each on a core, the slower of the two sets the pace.
            idle = figures["articles"] / max(figures["cpu"], pg_cpu or 0) if pg_cpu else None
            values = (
                f"{figures['articles']:,}", f"{figures['spans']:,}",
                f"{Path(f.name).stat().st_size / 1e6:.1f}", f"{seconds:.1f}",
                f"{figures['articles'] / seconds:,.0f}", f"{figures['spans'] / seconds:,.0f}",
                f"{figures['peak_mb']:.0f}", f"{figures['cpu']:.1f}",
                "n/a" if pg_cpu is None else f"{pg_cpu:.1f}",
                "n/a" if idle is None else f"{idle:,.0f}", f"{os.getloadavg()[0]:.1f}",
            )  # fmt: skip
            print(" ".join(f"{value:>10}" for value in values))
        finally:
            os.unlink(f.name)


if __name__ == "__main__":
    main()
