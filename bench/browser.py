"""Figures for the workspace in a real browser: key press to updated screen, and the paint of a
200 KB article.

    DATABASE_URL=… .venv/bin/python bench/browser.py [--repeat 20] [--big-repeat 5]

Starts `manage.py runserver` (DEBUG on, so that it serves static files without collectstatic)
on a random 127.0.0.1 port, and drives Debian's /usr/bin/chromium headless with Playwright.

- key press → updated screen: the time from the `keydown` of S (mark a selected word as a
  speaker) or Ctrl+Z (undo it) to the first animation frame after htmx settled the server's
  answer, measured inside the page with `performance.now()`; in the short demo-sized article
  and in the last paragraph of the big one.
- paint: first contentful paint and largest contentful paint (the article text) of the big
  article's workspace, from navigation start, each load with an empty cache.

The server time of one save alone is `bench/workspace.py`. Works in a throw-away project and
user that it deletes at the end.
"""

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsquotes.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM beside Playwright's loop

import django  # noqa: E402

django.setup()

import serving  # noqa: E402  (bench/, the script's own folder)
from django.contrib.auth import get_user_model  # noqa: E402

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

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "bench-pass-word-1"
PARAGRAPH = (
    "“Statement number {n} is about the budget, the alliance and what comes next,” "
    "Speaker {n} told reporters on Monday.\n\n"
    "Background for statement {n}: officials met in the capital to discuss the plan, and "
    "several delegations arrived late because of the weather over the northern airports.\n\n"
)
# Stamps the keydown and the first frame after htmx settled the next swap.
PROBE = """() => {
  window.__bench = {down: 0, painted: 0};
  document.addEventListener('keydown', () => { window.__bench.down = performance.now();
    window.__bench.painted = 0; }, true);
  document.addEventListener('htmx:afterSettle', () => requestAnimationFrame(() => {
    if (!window.__bench.painted) window.__bench.painted = performance.now(); }));
}"""

# Selects the word at code point `offset` (its segment's text node, UTF-16 = code points here).
SELECT_WORD = """([start, end]) => {
  for (const segment of document.querySelectorAll('#text [data-start]')) {
    const from = Number(segment.dataset.start), to = Number(segment.dataset.end);
    if (start < from || end > to) continue;
    const range = document.createRange();
    range.setStart(segment.firstChild, start - from);
    range.setEnd(segment.firstChild, end - from);
    segment.scrollIntoView({block: 'center'});
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return true;
  }
  return false;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--kilobytes", type=int, default=200)
    parser.add_argument("--big-repeat", type=int, default=5, help="key presses in the big one")
    options = parser.parse_args()
    stamp = str(int(time.time()))
    user = get_user_model().objects.create_user(username=f"bench-br-{stamp}", password=PASSWORD)
    project = Project.objects.create(name=f"bench {stamp}", slug=f"bench-br-{stamp}")
    port = _free_port()
    server = None
    try:
        Membership.objects.create(project=project, user=user, role=Role.ANNOTATOR)
        small = _article(project, user, "small", paragraphs=6, quotes=3)
        paragraphs = options.kilobytes * 1024 // len(PARAGRAPH.format(n=100)) + 1
        big = _article(project, user, "big", paragraphs=paragraphs, quotes=paragraphs // 4)
        server = _serve(port)
        url = f"http://127.0.0.1:{port}"
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            _login(page, url, user.username)
            print(
                f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
                f"({os.cpu_count()} CPUs)"
            )
            runs = (
                ("short article", small, options.repeat),
                ("big article", big, options.big_repeat),
            )
            for name, article, repeat in runs:
                print(
                    f"{name}: {len(article.text.encode()) / 1024:.0f} KB, "
                    f"{len(article.text)} characters"
                )
                page.goto(f"{url}/projects/{project.slug}/articles/{article.pk}/")
                page.wait_for_selector("#text")
                marks, undos = _key_presses(page, article.text, repeat)
                _report(f"  key S → updated screen ({name})", marks)
                _report(f"  key Ctrl+Z → updated screen ({name})", undos)
            first, largest = _paints(browser, url, user.username, project, big)
            _report("big article: first contentful paint", first)
            _report("big article: largest contentful paint (the text)", largest)
            print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        project.delete()
        user.delete()


def _article(project, user, name: str, paragraphs: int, quotes: int) -> Article:
    text = "".join(PARAGRAPH.format(n=n) for n in range(paragraphs))
    article = Article.objects.create(
        project=project, external_id=name, title=f"Bench article ({name})", text=text
    )
    annotation = Annotation.objects.create(
        article=article, annotator=user, status=Status.IN_PROGRESS
    )
    offset = 0
    for n in range(paragraphs):
        paragraph = PARAGRAPH.format(n=n)
        if n < quotes:
            end = paragraph.index(",”") + 1
            content = editing.add_mention(
                annotation, label=Label.QUOTE, start=offset + 1, end=offset + end
            )
            name_at = offset + paragraph.index("Speaker")
            who = editing.add_mention(
                annotation, label=Label.SPEAKER, start=name_at, end=name_at + len(f"Speaker {n}")
            )
            speaker, _ = Speaker.objects.get_or_create(project=project, name=f"Speaker {n}")
            editing.add_quote(annotation, content=content, speaker_mention=who, speaker=speaker)
        offset += len(paragraph)
    return article


def _key_presses(page, text: str, repeat: int):
    """S on the last paragraph's word "officials", then Ctrl+Z, `repeat` times each."""
    start = text.rindex("officials")
    end = start + len("officials")
    page.evaluate(PROBE)
    marks, undos = [], []
    for _ in range(repeat + 1):
        for key, times in (("s", marks), ("Control+z", undos)):
            version = page.get_attribute("#annotation", "data-version")
            if key == "s":
                assert page.evaluate(SELECT_WORD, [start, end]), "word not found"
            page.keyboard.press(key)
            page.wait_for_function(
                "v => document.getElementById('annotation').dataset.version !== v"
                " && window.__bench.painted > window.__bench.down",
                arg=version,
            )
            times.append(page.evaluate("window.__bench.painted - window.__bench.down") / 1000)
    return marks[1:], undos[1:]  # the first of each warmed up


def _paints(browser, url: str, username: str, project, article):
    """First and largest contentful paint of the article's page, each with a cold cache."""
    first, largest = [], []
    for _ in range(5):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        page = context.new_page()
        _login(page, url, username)
        page.goto(f"{url}/projects/{project.slug}/articles/{article.pk}/", wait_until="load")
        figures = page.evaluate(
            """() => new Promise(resolve => {
              const fcp = performance.getEntriesByName('first-contentful-paint')[0];
              new PerformanceObserver(list => {
                const entries = list.getEntries();
                resolve([fcp ? fcp.startTime : -1, entries[entries.length - 1].startTime]);
              }).observe({type: 'largest-contentful-paint', buffered: true});
            })"""
        )
        first.append(figures[0] / 1000)
        largest.append(figures[1] / 1000)
        context.close()
    return first, largest


def _login(page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda address: "/login/" not in address)


def _serve(port: int) -> subprocess.Popen:
    environment = dict(os.environ, DEBUG="1")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return serving.wait_until_listening(server, port, "the server")


def _free_port() -> int:
    for _ in range(50):
        port = random.randint(20000, 29999)
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit("no free port")


def _report(name: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"{name}: median {statistics.median(ordered) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms over {len(ordered)}"
    )


if __name__ == "__main__":
    main()
