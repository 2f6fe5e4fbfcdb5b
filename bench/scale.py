"""Figures for a team's pages at 10,000, 100,000 and 1,000,000 articles.

    DATABASE_URL=… .venv/bin/python bench/scale.py [--sizes 10000 100000 1000000]
        [--repeat 20] [--build-only] [--measure-only]

For each size it builds (once; later runs reuse it) a project `scale-N` of N generated
articles of about 1,100 characters and 14 spans each (five quotes: four with a speaker
mention and a cue, one with a speaker mention only), written as JSONL and imported with the
product's own importer (`importing.run_import`, 50,000 articles a transaction). A fifth of
the articles carry a gold version, two fifths a submitted version and one fifth a version in
progress of one of five annotators, the rest an assigned, untouched one; the project's
overlap is 2, so every article still has a free place.

Then, for each page, it makes `--repeat` requests through Django's whole stack (in process,
`django.test.Client`, so the figures are the server's: no network, no browser) and prints
the 95th-percentile wall-clock time, the body's size and the number of SQL queries, with
`uptime`'s load average; one request before those, timed apart ("first"), pays what a server
process pays once. Goals at 1,000,000: every page p95 ≤ 100 ms and ≤ 100 KB; next
article p95 ≤ 20 ms; no figure more than twice its value at 10,000.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from annotations import importing  # noqa: E402
from annotations.models import Annotation, Article, Membership, Project, Role  # noqa: E402

BATCH = 50_000
ANNOTATORS = [f"scale-ann{i}" for i in range(1, 6)]
MANAGER, REVIEWER = "scale-manager", "scale-reviewer"
BULK = "scale-bulk"  # who the measured bulk action assigns to


def newcomer_names(count: int) -> list[str]:
    return [f"scale-new{number}" for number in range(count)]


SPEAKERS = ["Ana Silva", "Ben Okafor", "Chen Wei", "Dara Novak", "Eli Haddad", "Fay Moreau"]
SOURCES = ["Wire", "Daily Post", "Evening Star", "Radio Nord", "The Ledger"]
WORDS = [
    *("budget", "council", "harbour", "election", "river", "strike", "hospital", "school"),
    *("railway", "museum", "bridge", "tariff", "drought", "vaccine", "festival", "court"),
    *("energy", "housing", "pension", "market"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--measure-only", action="store_true")
    options = parser.parse_args()
    results = {}
    for size in options.sizes:
        if not options.measure_only:
            build(size)
        if not options.build_only:
            results[size] = measure(size, options.repeat)
    if len(results) > 1:
        compare(results)


# --- building ------------------------------------------------------------------------------


def build(size: int) -> Project:
    """The project `scale-SIZE`, imported by the product's importer on first use."""
    slug = f"scale-{size}"
    project = Project.objects.filter(slug=slug).first()
    have = Article.objects.filter(project=project).count() if project else 0
    if project and have >= size:
        return project
    users = _users()
    if project is None:
        project = Project.objects.create(
            name=f"Scale {size:,}", slug=slug, overlap=2, guidelines="# Guidelines\n\nMark quotes."
        )
    for username, user in users.items():
        role = (
            Role.MANAGER
            if username == MANAGER
            else Role.REVIEWER
            if username == REVIEWER
            else Role.ANNOTATOR
        )
        Membership.objects.get_or_create(project=project, user=user, defaults={"role": role})
    started = time.perf_counter()
    for first in range(have, size, BATCH):
        last = min(size, first + BATCH)
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as file:
            for number in range(first, last):
                file.write(json.dumps(record(number), ensure_ascii=False) + "\n")
            file.flush()
            result = importing.run_import(
                project,
                [(file.name, f"scale-{first}.jsonl")],
                importing.ImportOptions(format="jsonl"),
                user=users[MANAGER],
            )
        if result.error_count:
            raise SystemExit(f"import failed: {result.errors[:3]}")
        print(
            f"  imported {last:,} / {size:,} articles of {slug} "
            f"({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE annotations_article")
        cursor.execute("ANALYZE annotations_annotation")
        cursor.execute("ANALYZE annotations_mention")
        cursor.execute("ANALYZE annotations_quote")
    return project


def _users() -> dict:
    User = get_user_model()
    users = {}
    for username in [MANAGER, REVIEWER, *ANNOTATORS]:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password="scale-pass-1")
        users[username] = user
    return users


def record(number: int) -> dict:
    """Article `number`: a text of five attributed quotes (14 spans) and one version."""
    rng = random.Random(number)
    topic = rng.choice(WORDS)
    parts, mentions, quotes = [], [], []
    position = 0

    def add(text: str, label: str | None = None) -> int | None:
        nonlocal position
        parts.append(text)
        start, position = position, position + len(text)
        if label is None:
            return None
        mentions.append({"id": len(mentions) + 1, "label": label, "start": start, "end": position})
        return len(mentions)

    add(f"Article {number} on the {topic} (code w{number % 1000}). ")
    for index in range(5):
        speaker = rng.choice(SPEAKERS)
        add("“")
        content = add(
            f"The {topic} plan number {index} will change how the city works for years to come, "
            f"and we intend to see it through whatever the cost",
            "QUOTE",
        )
        add(",” ")
        mention = add(speaker.split()[1], "SPEAKER")
        cue = add(" said", "CUE") if index < 4 else None
        add(
            f" on {['Monday', 'Tuesday', 'Friday'][index % 3]}, before the vote on the {topic}. "
            "Others in the chamber were less sure about the figures. "
        )
        quotes.append(
            {
                "id": len(quotes) + 1,
                "type": "direct",
                "content": content,
                "speaker_mention": mention,
                "cue": cue,
                "speaker": {"name": speaker},
            }
        )
    text = "".join(parts)
    for mention in mentions:
        mention["text"] = text[mention["start"] : mention["end"]]
        if mention["label"] == "CUE":  # the cue is "said", without the space before it
            mention["start"] += 1
            mention["text"] = mention["text"][1:]
    kind = number % 5
    annotator = ANNOTATORS[(number // 5) % len(ANNOTATORS)]
    version = {
        0: {"annotator": None, "status": "gold"},
        1: {"annotator": annotator, "status": "submitted"},
        2: {"annotator": annotator, "status": "submitted"},
        3: {"annotator": annotator, "status": "in_progress"},
        4: {"annotator": annotator, "status": "assigned"},
    }[kind]
    if kind == 4:
        version_contents = {"mentions": [], "quotes": []}
    else:
        version_contents = {"mentions": mentions, "quotes": quotes}
    return {
        "external_id": f"scale-{number}",
        "title": f"The {topic}: report {number}",
        "text": text,
        "source": SOURCES[number % len(SOURCES)],
        "published": f"20{20 + number % 6}-{1 + number % 12:02d}-{1 + number % 28:02d}",
        "language": "en",
        "annotations": [{**version, **version_contents}],
    }


# --- measuring -----------------------------------------------------------------------------


def measure(size: int, repeat: int) -> dict:
    project = Project.objects.get(slug=f"scale-{size}")
    users = _users()
    newcomers = _newcomers(project, repeat + 1)  # the last one for the first request
    clients = {name: _client(users[name]) for name in (MANAGER, REVIEWER, ANNOTATORS[0])}
    manager, reviewer, annotator = clients[MANAGER], clients[REVIEWER], clients[ANNOTATORS[0]]
    base = f"/projects/{project.slug}"
    api = f"/api/v1/projects/{project.slug}"
    token = Token.objects.get_or_create(user=users[REVIEWER])[0].key
    api_client = Client(SERVER_NAME="127.0.0.1", headers={"Authorization": f"Token {token}"})
    last_article = Article.objects.filter(project=project).order_by("-id").values("id").first()
    # The bulk action assigns to a member of its own, who holds no imported version.
    User = get_user_model()
    bulk_user, _ = User.objects.get_or_create(username=BULK)
    Membership.objects.get_or_create(project=project, user=bulk_user)
    htmx = {"HX-Request": "true", "HX-Target": "assignment-list"}
    pages = [
        ("home", annotator, "get", "/", {}),
        ("project page, first", reviewer, "get", base + "/", {}),
        ("project page, last", reviewer, "get", base + "/", {"last": "1"}),
        ("project page, filter", reviewer, "get", base + "/", {"status": "submitted"}),
        ("project page, search", reviewer, "get", base + "/", {"q": "w7"}),
        ("my articles", annotator, "get", base + "/mine/", {}),
        ("assignments, first", manager, "get", base + "/assignments/", {}),
        ("assignments, last", manager, "get", base + "/assignments/", {"last": "1"}),
        (
            "assignments, bulk",
            manager,
            "post",
            base + "/assignments/bulk/",
            {"action": "assign_next", "count": "10", "user": bulk_user.pk},
        ),
        ("dashboard", reviewer, "get", base + "/dashboard/", {}),
        ("review queue", reviewer, "get", base + "/review/", {}),
        ("export page", reviewer, "get", base + "/export/", {}),
        ("next article, held", annotator, "post", base + "/next/", {}),
        ("next article, new", newcomers, "post", base + "/next/", {}),
        ("agreement API", api_client, "get", api + "/agreement/", {}),
        ("article-list API", api_client, "get", api + "/articles/", {}),
    ]
    load = os.getloadavg()
    print(
        f"\n== {size:,} articles (project {project.slug}, last id {last_article['id']}); "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
        flush=True,
    )
    print(
        f"{'page':<24} {'p95 ms':>8} {'median':>8} {'first':>8} {'KB':>8} {'queries':>8} "
        f"{'status':>6}"
    )
    figures = {}
    for name, client, method, url, params in pages:
        times, size_bytes, queries, status = [], 0, 0, 0
        headers = htmx if name == "assignments, bulk" else {}
        # One request first, timed apart ("first"): it pays what a server process pays once
        # (imports, templates, the dashboard's cached suggester figures), not each request.
        who = client[-1] if isinstance(client, list) else client
        started = time.perf_counter()
        answer = getattr(who, method)(url, params, headers=headers)
        _ = b"".join(answer.streaming_content) if answer.streaming else answer.content
        first = time.perf_counter() - started
        for index in range(repeat):
            who = client[index % len(client)] if isinstance(client, list) else client
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                answer = getattr(who, method)(url, params, headers=headers)
                body = b"".join(answer.streaming_content) if answer.streaming else answer.content
                times.append(time.perf_counter() - started)
            size_bytes, queries, status = len(body), len(captured), answer.status_code
        p95 = statistics.quantiles(times, n=20)[18] if len(times) >= 2 else times[0]
        figures[name] = (p95 * 1000, size_bytes / 1024, queries)
        print(
            f"{name:<24} {p95 * 1000:>8.1f} {statistics.median(times) * 1000:>8.1f} "
            f"{first * 1000:>8.1f} {size_bytes / 1024:>8.1f} {queries:>8} {status:>6}",
            flush=True,
        )
    # Give back what the bulk action and the newcomers took, for the next run.
    # (Only theirs: an import still running into the project commits versions meanwhile.)
    Annotation.objects.filter(
        article__project=project, annotator__username__in=[BULK, *newcomer_names(repeat + 1)]
    ).delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"database size now: {cursor.fetchone()[0]}")
    return figures


def _newcomers(project: Project, count: int) -> list:
    """Annotators who hold nothing yet, one a request, so that each asks for a new article."""
    User = get_user_model()
    clients = []
    for name in newcomer_names(count):
        user, _ = User.objects.get_or_create(username=name)
        Membership.objects.get_or_create(project=project, user=user)
        clients.append(_client(user))
    return clients


def compare(results: dict) -> None:
    smallest = min(results)
    print(f"\nratios to {smallest:,} articles (p95 time, bytes, queries)")
    for size, figures in sorted(results.items()):
        if size == smallest:
            continue
        for name, (ms, kb, queries) in figures.items():
            base_ms, base_kb, base_q = results[smallest][name]
            print(
                f"{size:>9,} {name:<24} {ms / base_ms:>5.2f}× {kb / max(base_kb, 0.001):>5.2f}× "
                f"{queries / max(base_q, 1):>5.2f}×"
            )


def _client(user) -> Client:
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    return client


if __name__ == "__main__":
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    main()
