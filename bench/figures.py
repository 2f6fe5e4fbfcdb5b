"""All speed figures in one table, wall-clock, each with the machine's load average beside it.

    DATABASE_URL=… .venv/bin/python bench/figures.py [--only import,suggestions,reads,writes]
        [--sizes 5000 50000] [--large 1000000] [--requests 200]

- import: the whole `manage.py import_articles` command, in a child process, on generated
  files of N articles of 14 spans (JSONL and Label Studio's full export, written once under
  bench/data/), articles/s, the command's peak memory and CPU seconds (its own, not
  PostgreSQL's: `bench/import_phases.py` splits both by phase); beside them the floor,
  COPY of the same rows into copies of the same tables (same indexes).
- suggestions: as many `db_worker` processes as cores run from before the 5,000-article
  JSONL import; the time from the command's end until every article has its suggestions.
- reads and writes: gunicorn, production settings, 2 workers, 127.0.0.1; one new
  connection per request as a client gets from gunicorn's sync workers; p50 and p95 of
  `--requests` requests each, after a warm-up. The large project (`--large` articles, made
  once by INSERT … SELECT) serves the deep list page; beside them the floor, one committed
  UPDATE of one row, and what writing a 50-mention annotation's rows costs in SQL alone.
"""

import argparse
import base64
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import django

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")
django.setup()

import serving  # noqa: E402  (bench/, the script's own folder)
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from annotations import editing  # noqa: E402
from annotations.formats.labelstudio import labelstudio_task  # noqa: E402
from annotations.models import (  # noqa: E402
    Annotation,
    ArticleSuggestions,
    Membership,
    Project,
)

SENTENCE = "Minister {n} said: “The plan for {n} will work out, and we will see results soon.” "
FILLER = "The agency reported figures for the region, which analysts described as mixed. "
ROWS: list[tuple[str, str, str, str, str]] = []  # (area, figure, value, detail, load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="import,suggestions,reads,writes")
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    parts = set(options.only.split(","))
    if "import" in parts or "suggestions" in parts:
        bench_imports(options.sizes if "import" in parts else [5000], "suggestions" in parts)
    if "reads" in parts or "writes" in parts:
        bench_api(parts, options.large, options.requests)
    print_table()


# --- the table -------------------------------------------------------------------------------


def load() -> str:
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def row(area: str, figure: str, value: str, detail: str = "") -> None:
    ROWS.append((area, figure, value, detail, load()))
    print(f"  {area}: {figure}: {value} {detail} (load {ROWS[-1][4]})", file=sys.stderr)


def print_table() -> None:
    headers = ("area", "figure", "wall-clock", "detail", "load 1/5/15 min")
    widths = [max(len(str(r[i])) for r in [headers, *ROWS]) for i in range(len(headers))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for values in ROWS:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |")


# --- import and suggestions ------------------------------------------------------------------


def article(number: int) -> dict:
    """An article of ~1,500 characters with 14 spans: 4 quotes with speaker and cue, 2 spare."""
    text, mentions, quotes = "", [], []
    for index in range(4):
        sentence = SENTENCE.format(n=f"{number}-{index}")
        base = len(text)
        cue_start = sentence.index(" said") + 1
        spans = [
            ("SPEAKER", base, base + len("Minister")),
            ("CUE", base + cue_start, base + cue_start + 4),
            ("QUOTE", base + sentence.index("“") + 1, base + sentence.index("”")),
        ]
        text += sentence + FILLER * 3
        first = len(mentions) + 1
        mentions += [
            {"id": first + k, "label": label, "start": s, "end": e}
            for k, (label, s, e) in enumerate(spans)
        ]
        speaker = {"name": f"Minister {index}", "aliases": [], "description": "", "wikidata_id": ""}
        quotes.append({"id": index + 1, "type": "direct", "content": first + 2,
                       "speaker_mention": first, "cue": first + 1, "speaker": speaker,
                       "origin": ""})  # fmt: skip
    for extra in range(2):
        start = text.index("agency", extra * 300)
        mentions.append({"id": len(mentions) + 1, "label": "SPEAKER", "start": start,
                         "end": start + 6})  # fmt: skip
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


def bench_file(size: int, fmt: str) -> Path:
    """bench/data/articles-N.jsonl or labelstudio-N.json, written on first use."""
    DATA.mkdir(exist_ok=True)
    path = DATA / (f"articles-{size}.jsonl" if fmt == "jsonl" else f"labelstudio-{size}.json")
    if path.exists():
        return path
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as out:
        if fmt == "jsonl":
            for number in range(size):
                out.write(json.dumps(article(number), ensure_ascii=False) + "\n")
        else:
            out.write("[\n")
            for number in range(size):
                task = labelstudio_task(article(number))
                out.write(("," if number else "") + json.dumps(task, ensure_ascii=False) + "\n")
            out.write("]\n")
    partial.rename(path)
    return path


def bench_imports(sizes: list[int], suggestions: bool) -> None:
    for size in sizes:
        for fmt in ("jsonl", "labelstudio"):
            with_suggestions = suggestions and size == 5000 and fmt == "jsonl"
            project = Project.objects.create(
                name="bench figures", slug=f"bench-figures-{fmt}-{size}-{os.getpid()}"
            )
            try:
                import_once(project, bench_file(size, fmt), size, fmt, with_suggestions)
                if fmt == "jsonl":
                    copy_floor(project, size)
            finally:
                drop_project(project.pk)


def import_once(project: Project, path: Path, size: int, fmt: str, suggestions: bool) -> None:
    """The whole import_articles command, timed from outside; then, if asked, the time until
    the workers (started before) have stored every article's suggestions."""
    workers = []
    if suggestions:
        clear_tasks()
        for _ in range(os.cpu_count() or 1):
            workers.append(subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            ))  # fmt: skip
        time.sleep(3)  # their start-up is not the import's
    try:
        started = time.perf_counter()
        command = subprocess.Popen(
            [sys.executable, "manage.py", "import_articles", str(path), "--project", project.slug],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        _, status, usage = os.wait4(command.pid, 0)
        elapsed = time.perf_counter() - started
        errors = command.stderr.read().decode()
        if status != 0:
            raise SystemExit(f"import_articles failed: {errors[-2000:]}")
        row("import", f"import_articles {fmt} {size:,} articles",
            f"{elapsed:.1f} s = {size / elapsed:,.0f} articles/s",
            f"peak {usage.ru_maxrss / 1024:.0f} MB, "
            f"{usage.ru_utime + usage.ru_stime:.1f} s CPU")  # fmt: skip
        if suggestions:
            ended = time.perf_counter()
            while True:
                done = ArticleSuggestions.objects.filter(article__project=project).count()
                if done >= size:
                    break
                if time.perf_counter() - ended > 900:
                    raise SystemExit(f"suggestions: only {done} of {size} after 15 minutes")
                time.sleep(0.1)
            waited = time.perf_counter() - ended
            row("suggestions", f"ready after the import, {size:,} articles",
                f"{waited:.1f} s = {size / waited:,.0f} articles/s",
                f"{len(workers)} worker processes")  # fmt: skip
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait()


def copy_floor(project: Project, size: int) -> None:
    """COPY of the import's rows (articles, annotations, mentions, quotes, events) into
    fresh copies of the tables, indexes included: what writing them costs PostgreSQL alone."""
    tables = ["article", "annotation", "mention", "quote", "annotationevent"]
    where = {
        "article": "project_id = %(p)s",
        "annotation": "article_id IN (SELECT id FROM annotations_article WHERE project_id = %(p)s)",
    }
    where["mention"] = where["quote"] = where["annotationevent"] = (
        "annotation_id IN (SELECT a.id FROM annotations_annotation a JOIN annotations_article r"
        " ON r.id = a.article_id WHERE r.project_id = %(p)s)"
    )
    dumps = {}
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table in tables:
            buffer = bytearray()
            query = f"COPY (SELECT * FROM annotations_{table} WHERE {where[table]}) TO STDOUT"
            with raw.copy(query, {"p": project.pk}) as copy:
                for chunk in copy:
                    buffer += chunk
            dumps[table] = bytes(buffer)
    try:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    f"CREATE TABLE bench_floor_{table} (LIKE annotations_{table} INCLUDING ALL)"
                )
        started = time.perf_counter()
        spent = {}
        with transaction.atomic(), connection.cursor() as cursor:
            for table in tables:
                table_started = time.perf_counter()
                with cursor.cursor.copy(f"COPY bench_floor_{table} FROM STDIN") as copy:
                    copy.write(dumps[table])
                spent[table] = time.perf_counter() - table_started
        elapsed = time.perf_counter() - started
        detail = ", ".join(f"{table} {seconds:.1f} s" for table, seconds in spent.items())
        row("import", f"floor: COPY of the same rows, {size:,} articles",
            f"{elapsed:.1f} s = {size / elapsed:,.0f} articles/s", detail)  # fmt: skip
    finally:
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"DROP TABLE IF EXISTS bench_floor_{table}")


def clear_tasks() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_tasks_database_dbtaskresult")


def drop_project(project_id: int) -> None:
    """Delete a bench project in set-based SQL (the ORM's cascade reads every row first)."""
    annotations = (
        "SELECT an.id FROM annotations_annotation an JOIN annotations_article ar"
        " ON ar.id = an.article_id WHERE ar.project_id = %s"
    )
    articles = "SELECT id FROM annotations_article WHERE project_id = %s"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, column, ids in (
            ("annotationevent", "annotation_id", annotations),
            ("suggestiondecision", "annotation_id", annotations),
            ("quote", "annotation_id", annotations),
            ("mention", "annotation_id", annotations),
            ("annotation", "article_id", articles),
            ("articlesuggestions", "article_id", articles),
        ):
            cursor.execute(
                f"DELETE FROM annotations_{table} WHERE {column} IN ({ids})", [project_id]
            )
        for table in ("article", "speaker", "importjob", "membership"):
            cursor.execute(f"DELETE FROM annotations_{table} WHERE project_id = %s", [project_id])
        cursor.execute("DELETE FROM annotations_project WHERE id = %s", [project_id])


# --- the API ---------------------------------------------------------------------------------


def bench_api(parts: set[str], large: int, requests: int) -> None:
    user, token = bench_user()
    big = large_project(user, large)
    small = api_project(user)
    port = random.randint(20000, 29999)
    server = serving.start_gunicorn(port, workers=2)
    try:
        client = Client(port, token)
        if "reads" in parts:
            bench_reads(client, big, small, requests)
        if "writes" in parts:
            bench_writes(client, small, user, requests)
    finally:
        server.terminate()
        server.wait()


def bench_user():
    user, _ = get_user_model().objects.get_or_create(username="bench-figures")
    token, _ = Token.objects.get_or_create(user=user)
    for number in range(2):  # three projects in the project list, with the two below
        project, _ = Project.objects.get_or_create(
            slug=f"bench-figures-other-{number}", defaults={"name": f"Other {number}"}
        )
        Membership.objects.get_or_create(project=project, user=user, defaults={"role": "manager"})
    return user, token.key


def large_project(user, size: int) -> Project:
    """A project of `size` short articles, inserted by PostgreSQL itself, made once."""
    project, _ = Project.objects.get_or_create(slug="bench-figures-large", defaults={"name": "L"})
    Membership.objects.get_or_create(project=project, user=user, defaults={"role": "manager"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM annotations_article WHERE project_id = %s",
                       [project.pk])  # fmt: skip
        have = cursor.fetchone()[0]
        if have < size:
            print(f"making the large project: {size - have:,} articles", file=sys.stderr)
            cursor.execute(
                """INSERT INTO annotations_article (project_id, external_id, title, text,
                    text_sha256, source, url, author, published, language, meta, created_at,
                    updated_at)
                SELECT %s, 'large-' || n, 'Article ' || n,
                    'Minister ' || n || ' said: “The plan will work.” The agency reported.',
                    md5(n::text) || md5(n::text), 'Bench Wire', '', '', DATE '2024-01-01',
                    'en', '{}'::jsonb, now(), now()
                FROM generate_series(%s, %s) AS n""",
                [project.pk, have + 1, size],
            )
            cursor.execute("ANALYZE annotations_article")
    return project


def api_project(user) -> Project:
    """A small project: long articles for annotations of 1, 20, 50 and 500 mentions, and
    short ones for new annotations."""
    project, created = Project.objects.get_or_create(
        slug="bench-figures-api", defaults={"name": "API"}
    )
    Membership.objects.get_or_create(project=project, user=user, defaults={"role": "manager"})
    if created:
        long_text = "".join(SENTENCE.format(n=n) for n in range(200))
        for size in (1, 20, 50, 500):
            project.articles.create(external_id=f"size-{size}", title=f"{size}", text=long_text)
        for number in range(2000):
            project.articles.create(external_id=f"new-{number}", text=SENTENCE.format(n=number))
    for size in (1, 20, 50, 500):
        annotation = editing.own_annotation(project.articles.get(external_id=f"size-{size}"), user)
        editing.replace_contents(annotation, contents_of(annotation.article.text, size))
    Annotation.objects.filter(
        article__project=project, article__external_id__startswith="new-"
    ).delete()
    return project


def contents_of(text: str, size: int, first_sentence: int = 0) -> dict:
    """`size` mentions: SPEAKER, CUE and QUOTE of each sentence from `first_sentence` on,
    linked into quotes."""
    mentions, quotes, position = [], [], 0
    for _ in range(first_sentence):
        position = text.index("” ", position) + 2
    while len(mentions) < size:
        sentence_end = text.index("” ", position) + 2
        sentence = text[position:sentence_end]
        cue = sentence.index(" said") + 1
        spans = [
            ("SPEAKER", position, position + len("Minister")),
            ("CUE", position + cue, position + cue + 4),
            ("QUOTE", position + sentence.index("“") + 1, position + sentence.index("”")),
        ][: size - len(mentions)]
        first = len(mentions) + 1
        mentions += [
            {"id": first + k, "label": label, "start": s, "end": e, "text": text[s:e]}
            for k, (label, s, e) in enumerate(spans)
        ]
        if len(spans) == 3:
            quotes.append({"content": first + 2, "speaker_mention": first, "cue": first + 1,
                           "type": "direct"})  # fmt: skip
        position = sentence_end
    return {"mentions": mentions, "quotes": quotes}


class Client:
    """One request per connection, as gunicorn's sync workers answer."""

    def __init__(self, port: int, token: str):
        self.port = port
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body=None) -> tuple[float, int, dict]:
        data = None if body is None else json.dumps(body)
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request(method, path, data, self.headers)
        response = conn.getresponse()
        payload = response.read()
        elapsed = time.perf_counter() - started
        conn.close()
        if response.status >= 400:
            raise SystemExit(f"{method} {path}: {response.status} {payload[:500]!r}")
        return elapsed, response.status, json.loads(payload) if payload else {}


def percentiles(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"p50 {statistics.median(ms):.1f} ms / p95 {p95:.1f} ms"


def timed(requests: int, call) -> list[float]:
    for _ in range(max(5, requests // 10)):
        call()
    return [call() for _ in range(requests)]


def bench_reads(client: Client, big: Project, small: Project, requests: int) -> None:
    def get(path):
        return lambda: client.call("GET", path)[0]

    annotation = Annotation.objects.get(article__project=small, article__external_id="size-20")
    base = f"/api/v1/projects/{big.slug}/articles/"
    ids = list(big.articles.order_by("id").values_list("id", flat=True)[:1])
    deep = big.articles.order_by("id").values_list("id", flat=True)[int(big.articles.count() * 0.9)]
    cursor = base64.b64encode(urlencode({"p": str(deep)}).encode()).decode()
    external = big.articles.get(pk=ids[0]).external_id
    cases = [
        ("GET /api/v1/projects/ (3 projects)", "/api/v1/projects/"),
        ("one article without text (?external_id=)", f"{base}?external_id={external}"),
        ("one annotation of 20 mentions",
         f"/api/v1/projects/{small.slug}/articles/{annotation.article_id}/annotations/"
         f"{annotation.pk}/"),
        (f"article list page at 90% of {big.articles.count():,}", f"{base}?cursor={cursor}"),
    ]  # fmt: skip
    for name, path in cases:
        row("API reads", name, percentiles(timed(requests, get(path))))
    floor_update(requests)


def floor_update(requests: int) -> None:
    """One committed UPDATE of one row, from Python: a write's physical floor."""
    annotation_id = Annotation.objects.values_list("pk", flat=True).first()

    def update():
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE annotations_annotation SET time_spent = time_spent WHERE id = %s",
                [annotation_id],
            )
        return time.perf_counter() - started

    row("floor", "one committed UPDATE of one row", percentiles(timed(requests, update)))


def bench_writes(client: Client, project: Project, user, requests: int) -> None:
    base = f"/api/v1/projects/{project.slug}/articles/"
    for size in (1, 50, 500):
        annotation = Annotation.objects.get(
            article__project=project, article__external_id=f"size-{size}"
        )
        path = f"{base}{annotation.article_id}/annotations/{annotation.pk}/"
        text = annotation.article.text
        _, _, current = client.call("GET", path)
        start = text.index("The plan", len(text) - 200)
        extra = {"id": 10**9, "label": "CUE", "start": start, "end": start + 8,
                 "text": text[start : start + 8]}  # fmt: skip
        adds, removes = [], []
        state = {"version": current["version"], "mentions": current["mentions"]}
        rounds = max(10, requests // 2) if size < 500 else max(10, requests // 4)
        for number in range(rounds + 5):
            body = {"version": state["version"], "mentions": [*state["mentions"], extra]}
            seconds, _, answer = client.call("PATCH", path, body)
            if number >= 5:
                adds.append(seconds)
            added = next(
                m for m in answer["mentions"] if m["start"] == start and m["label"] == "CUE"
            )
            kept = [m for m in answer["mentions"] if m["id"] != added["id"]]
            seconds, _, answer = client.call("PATCH", path, {"version": answer["version"],
                                                             "mentions": kept})  # fmt: skip
            if number >= 5:
                removes.append(seconds)
            state = {"version": answer["version"], "mentions": answer["mentions"]}
        row("API writes", f"PATCH adding one mention, annotation of {size}", percentiles(adds))
        row("API writes", f"PATCH removing one mention, annotation of {size}", percentiles(removes))

    # POST of a new annotation: 3 mentions and a quote on an article not annotated yet.
    articles = iter(
        project.articles.filter(external_id__startswith="new-")
        .order_by("id")
        .values_list("id", "text")
    )

    def post():
        article_id, text = next(articles)
        body = {"version": 1, **contents_of(text, 3)}
        return client.call("POST", f"{base}{article_id}/annotations/", body)[0]

    row(
        "API writes",
        "POST a new annotation (3 mentions, 1 quote)",
        percentiles(timed(requests, post)),
    )

    # PUT of the whole 50-mention annotation, against writing its rows in SQL alone.
    annotation = Annotation.objects.get(article__project=project, article__external_id="size-50")
    path = f"{base}{annotation.article_id}/annotations/{annotation.pk}/"
    # Two sets of 50 mentions on different sentences: each PUT rewrites every row.
    sets = [contents_of(annotation.article.text, 50, first) for first in (0, 100)]
    contents = sets[0]
    version = [client.call("GET", path)[2]["version"]]

    def put():
        body = {"version": version[0], **sets[version[0] % 2]}
        seconds, _, answer = client.call("PUT", path, body)
        version[0] = answer["version"]
        return seconds

    row("API writes", "PUT a whole new annotation of 50 mentions, 16 quotes",
        percentiles(timed(requests // 2, put)))  # fmt: skip
    row("floor", "its rows alone: DELETE + INSERT 50 mentions, 16 quotes, commit",
        percentiles(timed(requests // 2, lambda: rows_floor(annotation, contents))))  # fmt: skip


def rows_floor(annotation: Annotation, contents: dict) -> float:
    """Replace an annotation's mentions and quotes in plain SQL, two multi-row INSERTs."""
    text = annotation.article.text
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM annotations_quote WHERE annotation_id = %s", [annotation.pk])
        cursor.execute("DELETE FROM annotations_mention WHERE annotation_id = %s", [annotation.pk])
        values = ", ".join(["(%s, %s, %s, %s, %s, now())"] * len(contents["mentions"]))
        params = []
        for m in contents["mentions"]:
            params += [annotation.pk, m["label"], m["start"], m["end"], text[m["start"] : m["end"]]]
        cursor.execute(
            'INSERT INTO annotations_mention (annotation_id, label, start, "end", text,'
            f" created_at) VALUES {values} RETURNING id",
            params,
        )
        ids = [r[0] for r in cursor.fetchall()]
        quotes = contents["quotes"]
        values = ", ".join(["(%s, %s, %s, %s, %s, '', now(), now())"] * len(quotes))
        params = []
        for q in quotes:
            params += [annotation.pk, ids[q["content"] - 1], q["type"],
                       ids[q["speaker_mention"] - 1], ids[q["cue"] - 1]]  # fmt: skip
        cursor.execute(
            "INSERT INTO annotations_quote (annotation_id, content_id, type, speaker_mention_id,"
            f" cue_id, origin, created_at, updated_at) VALUES {values}",
            params,
        )
        cursor.execute(
            "UPDATE annotations_annotation SET version = version + 1 WHERE id = %s",
            [annotation.pk],
        )
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
