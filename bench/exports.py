"""Figures for exports: time of each format against PostgreSQL's own COPY, and peak memory.

    DATABASE_URL=… .venv/bin/python bench/exports.py [--sizes 5000 50000] [--formats …]

For each size it makes (once; later runs reuse it) a project `bench-exports-N` of N generated
articles (about 3,000 characters, 8 gold quotes each, with speaker mentions, cues and
speakers), inserted by PostgreSQL itself (INSERT … SELECT). Then, per format, a fresh
process serves `GET /api/v1/projects/bench-exports-N/export.F?status=gold` through Django's
WSGI stack, reads the whole streamed body, and reports the time and its peak RSS
(`ru_maxrss`); each measure runs `--repeat` times (other work on a shared PostgreSQL makes
single runs noisy) and the fastest is shown. The baseline is
`COPY (SELECT …) TO STDOUT WITH CSV` of the same quote rows.
Targets: CSV and JSONL within 3× of COPY; peak RSS under 200 MB and flat across sizes.
"""

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from annotations import exporting  # noqa: E402
from annotations.models import Article, Membership, Project, Role, Speaker  # noqa: E402

QUOTES_PER_ARTICLE = 8
SPEAKERS = ["Ana Silva", "Ben Okafor", "Chen Wei", "Dara Novak", "Eli Haddad", "Fay Moreau"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--formats", nargs="+", default=list(exporting.EXPORT_FORMATS))
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of each measure; the best is shown"
    )
    parser.add_argument("--child", nargs=2, metavar=("SLUG", "FORMAT"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        serve_once(*options.child)
        return
    print(f"{'articles':>8} {'quotes':>8} {'format':>12} {'seconds':>8} {'× COPY':>7} "
          f"{'MB out':>8} {'peak RSS MB':>11}")  # fmt: skip
    for size in options.sizes:
        project = bench_project(size)
        quotes = exporting.count_quotes(exporting.export_annotations(project, "gold"))
        copy_seconds, copy_bytes = min(time_copy(project) for _ in range(options.repeat))
        print(f"{size:>8} {quotes:>8} {'COPY csv':>12} {copy_seconds:>8.2f} {1:>7.2f} "
              f"{copy_bytes / 1e6:>8.1f} {'(server)':>11}")  # fmt: skip
        for fmt in options.formats:
            result = min(
                (run_child(project.slug, fmt) for _ in range(options.repeat)),
                key=lambda run: run["seconds"],
            )
            ratio = result["seconds"] / copy_seconds
            print(f"{size:>8} {quotes:>8} {fmt:>12} {result['seconds']:>8.2f} {ratio:>7.2f} "
                  f"{result['bytes'] / 1e6:>8.1f} {result['peak_rss_mb']:>11.0f}")  # fmt: skip


def bench_project(size: int) -> Project:
    """The generated project of `size` articles, made on first use."""
    slug = f"bench-exports-{size}"
    project = Project.objects.filter(slug=slug).first()
    if project and Article.objects.filter(project=project).count() == size:
        return project
    if project:
        project.delete()
    started = time.perf_counter()
    text, parts = article_text()
    with transaction.atomic():
        project = Project.objects.create(name=f"Export bench, {size} articles", slug=slug)
        speakers = [Speaker.objects.create(project=project, name=name) for name in SPEAKERS]
        with connection.cursor() as cursor:
            generate(cursor, project.pk, size, text, parts, [s.pk for s in speakers])
    print(f"(generated {size} articles in {time.perf_counter() - started:.0f} s)")
    return project


def article_text() -> tuple[str, list[tuple]]:
    """A ~3,000-character article with 8 quotes, and each quote's (speaker, cue, content) spans."""
    text, parts = "", []
    for number in range(QUOTES_PER_ARTICLE):
        speaker, cue = SPEAKERS[number % len(SPEAKERS)], "said"
        quote = (
            f"Quote {number} — with commas, “curly quotes”, an emoji 🙂 and enough words to be "
            f"as long as a real one, about the budget, the talks and what comes next"
        )
        sentence = f"{speaker} {cue}: “{quote}.” Then the report went on for a while.\n\n"
        base = len(text)
        spans = (
            (base, base + len(speaker)),
            (base + len(speaker) + 1, base + len(speaker) + 1 + len(cue)),
            (base + sentence.index(quote), base + sentence.index(quote) + len(quote)),
        )
        parts.append(spans)
        text += sentence
    text += "Background. " * ((3000 - len(text)) // 12)
    return text, parts


def generate(cursor, project_id: int, size: int, text: str, parts: list, speaker_ids: list) -> None:
    cursor.execute(
        """
        INSERT INTO annotations_article (project_id, external_id, title, text, text_sha256,
            source, url, author, published, language, meta, created_at, updated_at)
        SELECT %s, 'bench-' || g, 'Article ' || g, %s, %s, 'Bench Wire', '', '',
            DATE '2020-01-01' + (g %% 1500), 'en', '{}', now(), now()
        FROM generate_series(1, %s) g""",
        [project_id, text, hashlib.sha256(text.encode()).hexdigest(), size],
    )
    cursor.execute(
        """
        INSERT INTO annotations_annotation (article_id, annotator_id, status, version,
            time_spent, skip_reason, created_at, updated_at)
        SELECT id, NULL, 'gold', 1, 0, '', now(), now()
        FROM annotations_article WHERE project_id = %s""",
        [project_id],
    )
    spans = [
        (label, start, end, text[start:end])
        for spans_of_quote in parts
        for label, (start, end) in zip(("SPEAKER", "CUE", "QUOTE"), spans_of_quote, strict=True)
    ]
    cursor.execute(
        """
        INSERT INTO annotations_mention (annotation_id, label, start, "end", text, created_at)
        SELECT an.id, s.label, s.start, s.stop, s.text, now()
        FROM annotations_annotation an
        JOIN annotations_article ar ON ar.id = an.article_id
        CROSS JOIN unnest(%s::text[], %s::int[], %s::int[], %s::text[])
            AS s(label, start, stop, text)
        WHERE ar.project_id = %s""",
        [[s[0] for s in spans], [s[1] for s in spans], [s[2] for s in spans], [s[3] for s in spans],
         project_id],
    )  # fmt: skip
    cursor.execute(
        """
        INSERT INTO annotations_quote (annotation_id, content_id, type, speaker_mention_id,
            cue_id, speaker_id, origin, created_at, updated_at)
        SELECT an.id, c.id, 'direct', s.id, k.id, q.speaker, '', now(), now()
        FROM annotations_annotation an
        JOIN annotations_article ar ON ar.id = an.article_id
        CROSS JOIN unnest(%s::int[], %s::int[], %s::int[], %s::bigint[])
            AS q(speaker_start, cue_start, content_start, speaker)
        JOIN annotations_mention c ON c.annotation_id = an.id AND c.label = 'QUOTE'
            AND c.start = q.content_start
        JOIN annotations_mention s ON s.annotation_id = an.id AND s.label = 'SPEAKER'
            AND s.start = q.speaker_start
        JOIN annotations_mention k ON k.annotation_id = an.id AND k.label = 'CUE'
            AND k.start = q.cue_start
        WHERE ar.project_id = %s""",
        [[p[0][0] for p in parts], [p[1][0] for p in parts], [p[2][0] for p in parts],
         [speaker_ids[n % len(speaker_ids)] for n in range(len(parts))], project_id],
    )  # fmt: skip
    cursor.execute("ANALYZE annotations_article, annotations_annotation, annotations_mention, "
                   "annotations_quote")  # fmt: skip


def time_copy(project: Project) -> tuple[float, int]:
    """PostgreSQL's own COPY … TO STDOUT WITH CSV of the same quote rows, read to the end."""
    sql, params = exporting.quote_rows_sql(project, exporting.export_annotations(project, "gold"))
    started = time.perf_counter()
    size = 0
    copy_sql = f"COPY ({sql}) TO STDOUT WITH CSV HEADER"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql, params) as copy:
        for chunk in copy:
            size += len(chunk)
    return time.perf_counter() - started, size


def run_child(slug: str, fmt: str) -> dict:
    child = subprocess.run(
        [sys.executable, __file__, "--child", slug, fmt],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    if child.returncode != 0:
        raise SystemExit(f"the {fmt} export of {slug} failed:\n{child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def serve_once(slug: str, fmt: str) -> None:
    """In a fresh process: one export request through the WSGI stack, body read to the end."""
    project = Project.objects.get(slug=slug)
    manager, _ = get_user_model().objects.get_or_create(username="bench-exporter")
    Membership.objects.get_or_create(project=project, user=manager, defaults={"role": Role.MANAGER})
    token, _ = Token.objects.get_or_create(user=manager)
    client = Client(headers={"Authorization": f"Token {token.key}"}, HTTP_HOST="127.0.0.1")
    # A serving process has its code loaded: one small request first, not timed.
    assert client.get("/api/v1/projects/").status_code == 200
    started = time.perf_counter()
    response = client.get(f"/api/v1/projects/{slug}/export.{fmt}", {"status": "gold"})
    assert response.status_code == 200, response.status_code
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "bytes": size, "peak_rss_mb": peak}))


if __name__ == "__main__":
    main()
