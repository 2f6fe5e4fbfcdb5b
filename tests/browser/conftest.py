"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

Never `playwright install`: the browser is the system's `/usr/bin/chromium`.
"""

import os
import threading
import time

import pytest

# Playwright's sync API runs an event loop in this thread; Django would refuse its ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; each test gets its own context (cookies, storage)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; JavaScript errors and CSP violations are collected in `page.errors`."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(10_000)
    new_page = context.new_page()
    new_page.errors = []
    new_page.on("pageerror", lambda error: new_page.errors.append(str(error)))
    new_page.on("console", lambda message: _collect(new_page.errors, message))
    in_flight = set()
    new_page.on("request", lambda request: in_flight.add(request))
    new_page.on("requestfinished", lambda request: in_flight.discard(request))
    new_page.on("requestfailed", lambda request: in_flight.discard(request))
    yield new_page
    _settle(new_page, in_flight)
    context.close()  # sends what the page sends as it closes (the time spent)
    _wait_for_the_live_server()


def _settle(page, in_flight: set, seconds: float = 5) -> None:
    """Waits (bounded) for the page's requests still in flight, such as an htmx refresh.

    The database is emptied after each browser test; a request the live server is still
    answering holds locks that the emptying would deadlock with.
    """
    for _ in range(int(seconds * 20)):
        if not in_flight:
            return
        page.wait_for_timeout(50)


def _wait_for_the_live_server(seconds: float = 10) -> None:
    """Waits (bounded) until the live server answers no request: closing the page sends its
    last requests, which the server may still be answering when the database is emptied.
    Each request is a thread of the server's named for its target (Python 3.10 and newer)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any("process_request_thread" in thread.name for thread in threading.enumerate()):
            return
        time.sleep(0.02)


def _collect(errors: list, message) -> None:
    """Console errors, except Chromium's own request for a favicon (we serve none)."""
    if message.type != "error" or message.location.get("url", "").endswith("/favicon.ico"):
        return
    errors.append(message.text)
