"""Load: simulated annotators saving changes against gunicorn as the README's production
section runs it, and a check that every acknowledged change is stored.

    DATABASE_URL=… .venv/bin/python bench/load.py [--clients 50] [--interval 2] [--duration 180]

Prepares (again on every run) a project `bench-load` with 10 generated articles of about
15,800 characters and one annotator a client (`load01`…), each holding an annotation of
article i mod 10 (the project's overlap is 5). Starts `gunicorn newsquotes.wsgi --workers 3`
with NEWSQUOTES_ENV=production on 127.0.0.1 (a random port). Each client then, every
`--interval` seconds, adds one QUOTE and one SPEAKER mention and a quote linking them, and
saves the whole annotation with the version it read (PUT and PATCH in turn; after a non-2xx
it reads the annotation again). At the end every annotation is read back and compared
with what its client's last acknowledged save held. Prints latency percentiles (all
requests and writes), requests a second, status counts, errors, the comparison, the
wall-clock time and `uptime`'s load average before and after.
Target: p95 ≤ 200 ms, no error, nothing acknowledged missing.
"""

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import django
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")
django.setup()

import serving  # noqa: E402  (bench/, the script's own folder)
from django.contrib.auth import get_user_model  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from annotations.models import Annotation, Article, Membership, Project, Role, Status  # noqa: E402

ARTICLES = 10
WORDS = ["the", "minister", "said", "talks", "would", "resume", "after", "summit", "while"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--interval", type=float, default=2.0)
    parser.add_argument("--duration", type=float, default=180.0)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (README: 3)")
    options = parser.parse_args()
    clients = prepare(options.clients)
    port = random.randint(20000, 29999)
    print(f"load average before: {load_average()}")
    server = serving.start_gunicorn(port, options.workers)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base)
        started = time.monotonic()
        results = run_clients(base, clients, options.interval, options.duration)
        wall = time.monotonic() - started
        missing = verify(base, clients)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report(results, wall, missing, options)
    print(f"load average after: {load_average()}")


def prepare(count: int) -> list[dict]:
    """The project, its articles and one annotator a client, each with an empty annotation."""
    project, _ = Project.objects.update_or_create(
        slug="bench-load", defaults={"name": "Bench: load", "overlap": 5}
    )
    rng = random.Random(7)
    articles = []
    for number in range(ARTICLES):
        text = " ".join(rng.choice(WORDS) for _ in range(2300))[:15_800]
        article, _ = Article.objects.get_or_create(
            project=project, external_id=f"load-{number}", defaults={"text": text, "title": "L"}
        )
        articles.append(article)
    Annotation.objects.filter(article__project=project).delete()
    clients = []
    for number in range(1, count + 1):
        user, _ = get_user_model().objects.get_or_create(username=f"load{number:02d}")
        Membership.objects.get_or_create(
            project=project, user=user, defaults={"role": Role.ANNOTATOR}
        )
        token, _ = Token.objects.get_or_create(user=user)
        article = articles[number % ARTICLES]
        annotation = Annotation.objects.create(
            article=article, annotator=user, status=Status.ASSIGNED
        )
        clients.append(
            {
                "token": token.key,
                "url": f"/api/v1/projects/bench-load/articles/{article.pk}/annotations/"
                f"{annotation.pk}/",
                "length": len(article.text),
                "acknowledged": set(),
            }
        )
    return clients


def wait_until_up(base: str) -> None:
    for _ in range(100):
        try:
            requests.get(f"{base}/login/", timeout=10)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def run_clients(base: str, clients: list[dict], interval: float, duration: float) -> list:
    results: list[tuple[str, int, float]] = []  # (method, status or 0, seconds)
    lock = threading.Lock()
    end = time.monotonic() + duration

    def client(index: int, state: dict) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {state['token']}"
        rng = random.Random(index)
        version, mentions = None, []
        time.sleep(rng.random() * interval)
        step = 0
        while time.monotonic() < end:
            began = time.monotonic()
            if version is None:
                answer = _timed(session.get, f"{base}{state['url']}", results, lock, "GET")
                if answer is not None and answer.ok:
                    data = answer.json()
                    version = data["version"]
                    mentions = [
                        {k: m[k] for k in ("label", "start", "end")} for m in data["mentions"]
                    ]
            else:
                start = rng.randrange(0, state["length"] - 40)
                new = [
                    {"label": "QUOTE", "start": start, "end": start + 20},
                    {"label": "SPEAKER", "start": start + 25, "end": start + 30},
                ]
                proposed = _dedupe(mentions + new)
                body = _body(proposed, version)
                method = "PUT" if step % 2 == 0 else "PATCH"
                send = session.put if method == "PUT" else session.patch
                answer = _timed(send, f"{base}{state['url']}", results, lock, method, json=body)
                if answer is not None and answer.ok:
                    version, mentions = answer.json()["version"], proposed
                    state["acknowledged"] = {(m["label"], m["start"], m["end"]) for m in mentions}
                else:
                    version = None  # read it again
                step += 1
            time.sleep(max(0.0, interval - (time.monotonic() - began)))

    threads = [
        threading.Thread(target=client, args=(index, state)) for index, state in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _dedupe(mentions: list[dict]) -> list[dict]:
    seen, kept = set(), []
    for mention in mentions:
        key = (mention["label"], mention["start"], mention["end"])
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def _body(mentions: list[dict], version: int) -> dict:
    numbered = [{"id": index + 1, **m} for index, m in enumerate(mentions)]
    quotes, speaker_of = [], {}
    for mention in numbered:
        if mention["label"] == "SPEAKER":
            speaker_of[mention["start"] - 25] = mention["id"]
    for mention in numbered:
        if mention["label"] == "QUOTE":
            quotes.append(
                {"content": mention["id"], "speaker_mention": speaker_of.get(mention["start"])}
            )
    return {"version": version, "mentions": numbered, "quotes": quotes}


def _timed(send, url, results, lock, method, **kwargs):
    began = time.monotonic()
    try:
        answer = send(url, timeout=30, **kwargs)
        status = answer.status_code
    except requests.RequestException:
        answer, status = None, 0
    with lock:
        results.append((method, status, time.monotonic() - began))
    return answer


def verify(base: str, clients: list[dict]) -> int:
    """How many acknowledged mentions are not on the server."""
    missing = 0
    for state in clients:
        answer = requests.get(
            f"{base}{state['url']}",
            headers={"Authorization": f"Token {state['token']}"},
            timeout=30,
        )
        stored = {(m["label"], m["start"], m["end"]) for m in answer.json()["mentions"]}
        missing += len(state["acknowledged"] - stored)
    return missing


def report(results: list, wall: float, missing: int, options) -> None:
    def percentiles(seconds: list[float]) -> str:
        if len(seconds) < 2:
            return "n/a"
        cuts = [statistics.quantiles(seconds, n=100)[i] * 1000 for i in (49, 94, 98)]
        return f"p50 {cuts[0]:.0f} ms, p95 {cuts[1]:.0f} ms, p99 {cuts[2]:.0f} ms"

    writes = [seconds for method, _, seconds in results if method in ("PUT", "PATCH")]
    statuses = Counter(f"{method} {status or 'error'}" for method, status, _ in results)
    errors = sum(1 for _, status, _ in results if status == 0 or status >= 500)
    print(
        f"{options.clients} clients, a save every {options.interval:g} s each, "
        f"{options.duration:g} s; gunicorn --workers {options.workers}"
    )
    print(f"wall-clock {wall:.1f} s; {len(results)} requests, {len(results) / wall:.1f} req/s")
    print(f"all requests: {percentiles([s for _, _, s in results])}")
    print(f"writes:       {percentiles(writes)}")
    print("statuses:     " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    print(f"errors (5xx or no answer): {errors}")
    print(f"acknowledged mentions missing on the server: {missing}")


def load_average() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
