"""Figures for the annotation workspace: server time of the page and of saving one mention,
and the bytes a browser fetches for the page.

    DATABASE_URL=… .venv/bin/python bench/workspace.py [--requests 200] [--quotes 30]
        [--kilobytes 200]

In-process: Django's test `Client` through the whole middleware stack (sessions, auth, CSP,
htmx) against the real PostgreSQL of DATABASE_URL, DEBUG off (no query logging). Saving is
the htmx POST that adds a CUE mention, naming the open quote as the page does, and answers
with the parts it touched (out of band); each saved mention is then deleted, untimed, so that
every request sees the same article. The same save is timed again in the last paragraph of
an article of `--kilobytes` KB (one quote every four paragraphs; 0 skips it).
Bytes are the HTML plus every stylesheet and script it links to (ours, the suggestion
panel's, vendored htmx), plain and gzip-compressed; the panel's own htmx request and the
favicon are not counted. For scale it also times one committed one-row UPDATE (the WAL flush
every save waits for), in a probe table it drops again. Works in a
throw-away project and user that it deletes at the end.
"""

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DEBUG", "0")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from annotations import editing  # noqa: E402
from annotations.models import (  # noqa: E402
    Annotation,
    Article,
    Label,
    Membership,
    Project,
    Role,
    Speaker,
    Status,
)

PARAGRAPH = (
    "“Statement number {n} is about the budget, the alliance and what comes next,” "
    "Speaker {n} told reporters on Monday.\n\n"
    "Background for statement {n}: officials met in the capital to discuss the plan.\n\n"
)
STATIC = ROOT / "static"
# The stylesheets and scripts the page links to (whoever added them), read from static/.
ASSET_LINK = re.compile(rb'(?:href|src)="/static/([^"?#]+)"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--quotes", type=int, default=30)
    parser.add_argument("--kilobytes", type=int, default=200)
    options = parser.parse_args()
    stamp = str(int(time.time()))
    user = get_user_model().objects.create_user(username=f"bench-ws-{stamp}", password=None)
    project = Project.objects.create(name=f"bench {stamp}", slug=f"bench-ws-{stamp}")
    try:
        Membership.objects.create(project=project, user=user, role=Role.ANNOTATOR)
        article, annotation = _article(project, user, options.quotes)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        page_url = reverse("workspace", args=[project.slug, article.pk])
        page_times, html = _time_page(client, page_url, options.requests)
        save_times = _time_save(client, project, annotation, article.text, options.requests)
        big = None
        if options.kilobytes:
            paragraphs = options.kilobytes * 1024 // len(PARAGRAPH.format(n=100)) + 1
            big_article, big_annotation = _article(
                project, user, paragraphs // 4, paragraphs=paragraphs, external_id="big"
            )
            big = _time_save(
                client, project, big_annotation, big_article.text, options.requests // 4
            )
        print(f"article: {len(article.text)} characters, {options.quotes} quotes")
        print(
            f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)"
        )
        _report("workspace page (GET)", page_times)
        _report("save one mention (POST + re-render)", save_times)
        if big is not None:
            print(
                f"big article: {len(big_article.text.encode()) / 1024:.0f} KB, "
                f"{len(big_article.text)} characters, {paragraphs // 4} quotes"
            )
            _report("save one mention in its last paragraph", big)
        _report("for scale: one committed one-row UPDATE", _time_commit(options.requests))
        _bytes(html)
    finally:
        project.delete()
        user.delete()


def _article(project, user, quotes: int, paragraphs: int = 0, external_id: str = "bench"):
    """`quotes` paragraphs with a quote, speaker and cue each, then plain ones up to
    `paragraphs`."""
    text = "".join(PARAGRAPH.format(n=n) for n in range(max(quotes, paragraphs)))
    article = Article.objects.create(
        project=project, external_id=external_id, title="Bench article", text=text
    )
    annotation = Annotation.objects.create(
        article=article, annotator=user, status=Status.IN_PROGRESS
    )
    offset = 0
    for n in range(quotes):
        paragraph = PARAGRAPH.format(n=n)
        speaker, _ = Speaker.objects.get_or_create(project=project, name=f"Speaker {n}")
        end = paragraph.index(",”") + 1
        content = editing.add_mention(
            annotation, label=Label.QUOTE, start=offset + 1, end=offset + end
        )
        name_at = offset + paragraph.index("Speaker")
        who = editing.add_mention(
            annotation,
            label=Label.SPEAKER,
            start=name_at,
            end=name_at + len(f"Speaker {n}"),
        )
        cue_at = offset + paragraph.index("told reporters")
        cue = editing.add_mention(annotation, label=Label.CUE, start=cue_at, end=cue_at + 14)
        editing.add_quote(
            annotation, content=content, speaker_mention=who, cue=cue, speaker=speaker
        )
        offset += len(paragraph)
    return article, annotation


def _time_page(client, url, requests: int):
    client.get(url)  # warm up: templates compiled, connection open
    times = []
    for _ in range(requests):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started, time.process_time() - cpu))
        assert response.status_code == 200, response.status_code
    return times, response.content


def _time_save(client, project, annotation, text: str, requests: int):
    url = reverse("ws_mentions", args=[project.slug, annotation.pk])
    start = text.rindex("officials")
    end = start + len("officials")
    times = []
    for _ in range(requests + 1):
        annotation.refresh_from_db(fields=["version"])
        data = {
            "label": "CUE",
            "start": start,
            "end": end,
            "version": annotation.version,
            "quote": "",
            "active_quote": "",
        }
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(url, data, headers={"HX-Request": "true"})
        times.append((time.perf_counter() - started, time.process_time() - cpu))
        assert response.status_code == 200, response.content[:300]
        mention = annotation.mentions.get(label=Label.CUE, start=start, end=end)
        editing.delete_mention(annotation, mention)
    return times[1:]  # the first one warmed up


def _time_commit(requests: int):
    """What PostgreSQL alone takes to commit one write here (the WAL flush a save waits for)."""
    times = []
    with connection.cursor() as cursor:
        cursor.execute("create table bench_workspace_commit (x int)")
        cursor.execute("insert into bench_workspace_commit values (0)")
        try:
            for _ in range(requests):
                started, cpu = time.perf_counter(), time.process_time()
                with transaction.atomic():
                    cursor.execute("update bench_workspace_commit set x = x + 1")
                times.append((time.perf_counter() - started, time.process_time() - cpu))
        finally:
            cursor.execute("drop table bench_workspace_commit")
    return times


def _report(name: str, times: list[tuple[float, float]]) -> None:
    """Wall time (what the browser waits for, less the network) and this process's CPU time
    (the same figure without PostgreSQL and without other processes competing for the CPU)."""
    for kind, values in (("wall", [t[0] for t in times]), ("cpu", [t[1] for t in times])):
        ordered = sorted(values)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        print(
            f"{name}, {kind}: median {statistics.median(ordered) * 1000:.1f} ms, "
            f"p95 {p95 * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms "
            f"over {len(ordered)} requests"
        )


def _bytes(html: bytes) -> None:
    assets = dict.fromkeys(name.decode() for name in ASSET_LINK.findall(html))
    parts = {"HTML": html} | {name: (STATIC / name).read_bytes() for name in assets}
    plain = sum(len(body) for body in parts.values())
    zipped = sum(len(gzip.compress(body, 6)) for body in parts.values())
    for name, body in parts.items():
        zipped_size = len(gzip.compress(body, 6)) / 1024
        print(f"  {name}: {len(body) / 1024:.1f} KB ({zipped_size:.1f} KB gzip)")
    print(f"page transfer: {plain / 1024:.1f} KB plain, {zipped / 1024:.1f} KB gzip")
    # Production: whitenoise serves static files pre-compressed; the HTML goes out as it is.
    served = len(html) + zipped - len(gzip.compress(html, 6))
    print(f"page transfer as deployed (HTML plain, static gzip): {served / 1024:.1f} KB")


if __name__ == "__main__":
    main()
