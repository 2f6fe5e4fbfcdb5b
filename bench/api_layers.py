"""Where an API read's time goes, layer by layer, inside one process with production settings.

    DATABASE_URL=… .venv/bin/python bench/api_layers.py [--requests 300]

Uses the data `bench/figures.py --only reads` makes (run that once first). Each request goes
through Django's WSGI handler as gunicorn calls it (no server, no socket); a timing marker
between every two middleware gives each middleware's own cost, and timers around the view's
parts (URL resolution, authentication, the project and role, the view's own work, the
serializer, the renderer) and around every SQL statement give the rest. Prints the median of
each layer over `--requests` requests per endpoint, wall-clock, with the load average.
"""

import argparse
import io
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    NEWSQUOTES_ENV="production",
    SECRET_KEY="bench-figures-" + "x" * 50,
    ALLOWED_HOSTS="127.0.0.1",
    SECURE_SSL_REDIRECT="0",
    LOG_LEVEL="WARNING",
    DJANGO_SETTINGS_MODULE="newsquotes.settings",
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

# Per request: layer -> seconds, and the SQL statements with the layer they ran in.
SPENT: dict[str, float] = defaultdict(float)
QUERIES: list[tuple[str, str, float]] = []
STACK: list[str] = []
MARKS: list[tuple[int, str, float]] = []
# --clock cpu: this process's CPU time (what a layer costs, whatever else runs on the
# machine); wall: wall-clock (what a client waits, SQL included).
CLOCK = time.perf_counter


def marker(position: int):
    """A middleware that notes when a request passes it, going in and coming out."""

    class Mark:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            MARKS.append((position, "in", CLOCK()))
            response = self.get_response(request)
            MARKS.append((position, "out", CLOCK()))
            return response

    return Mark


MIDDLEWARE = list(settings.MIDDLEWARE)
for index in range(len(MIDDLEWARE) + 1):
    globals()[f"Mark{index}"] = marker(index)
settings.MIDDLEWARE = [
    item for index, name in enumerate(MIDDLEWARE) for item in (f"{__name__}.Mark{index}", name)
] + [f"{__name__}.Mark{len(MIDDLEWARE)}"]


def timer(layer: str, owner, name: str) -> None:
    """Time `owner.name` as `layer` (its own time: nested timed calls are subtracted)."""
    original = getattr(owner, name)
    is_property = isinstance(original, property)
    function = original.fget if is_property else original

    def timed(*args, **kwargs):
        STACK.append(layer)
        started = CLOCK()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = CLOCK() - started
            STACK.pop()
            SPENT[layer] += elapsed
            if STACK:
                SPENT[STACK[-1]] -= elapsed

    setattr(owner, name, property(timed) if is_property else timed)


def on_sql(execute, sql, params, many, context):
    STACK.append("SQL")
    started = CLOCK()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed = CLOCK() - started
        STACK.pop()
        QUERIES.append((STACK[-1] if STACK else "outside", sql, elapsed))
        SPENT["SQL"] += elapsed
        if STACK:
            SPENT[STACK[-1]] -= elapsed


def instrument() -> None:
    from django.urls.resolvers import URLResolver
    from rest_framework import authentication, pagination, renderers, serializers, views

    from annotations import roles
    from annotations.api import permissions

    timer("URL resolution", URLResolver, "resolve")
    timer("view (DRF request, negotiation, handler)", views.APIView, "dispatch")
    timer("authentication", authentication.TokenAuthentication, "authenticate")
    timer("permission classes", views.APIView, "check_permissions")
    timer("throttles", views.APIView, "check_throttles")
    timer("project and role", roles, "project_for")
    timer("project and role", permissions.ProjectScoped, "get_serializer_context")
    timer("pagination", pagination.CursorPagination, "paginate_queryset")
    timer("pagination", pagination.CursorPagination, "get_paginated_response")
    timer("serializer", serializers.Serializer, "data")
    timer("serializer", serializers.ListSerializer, "data")
    timer("renderer", renderers.JSONRenderer, "render")


def environ(path: str, token: str) -> dict:
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8110",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_AUTHORIZATION": f"Token {token}",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def one_request(application, path: str, token: str) -> dict[str, float]:
    SPENT.clear()
    QUERIES.clear()
    MARKS.clear()
    status = []
    started = CLOCK()
    result = application(environ(path, token), lambda s, h, exc_info=None: status.append(s))
    body = b"".join(result)
    result.close()
    total = CLOCK() - started
    if not status[0].startswith("200"):
        raise SystemExit(f"{path}: {status[0]} {body[:300]!r}")
    layers = {"whole handler": total}
    when = {(position, way): at for position, way, at in MARKS}
    for index, name in enumerate(MIDDLEWARE):
        own = (when[index + 1, "in"] - when[index, "in"]) + (
            when[index, "out"] - when[index + 1, "out"]
        )
        layers["middleware " + name.rsplit(".", 1)[-1]] = own
    inner = when[len(MIDDLEWARE), "out"] - when[len(MIDDLEWARE), "in"]
    layers["WSGI handler outside the middleware"] = total - (when[0, "out"] - when[0, "in"])
    timed_inside = sum(SPENT.values())
    layers.update(SPENT)
    layers["rest of the view (untimed)"] = inner - timed_inside
    layers["queries"] = len(QUERIES)
    return layers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--sql", action="store_true", help="print each request's statements")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    options = parser.parse_args()
    global CLOCK
    CLOCK = time.thread_time if options.clock == "cpu" else time.perf_counter

    from django.core.wsgi import get_wsgi_application
    from django.db.models import Max, Min
    from rest_framework.authtoken.models import Token

    from annotations.models import Annotation, Project

    token = Token.objects.get(user__username="bench-figures").key
    big = Project.objects.get(slug="bench-figures-large")
    small = Project.objects.get(slug="bench-figures-api")
    annotation = Annotation.objects.get(article__project=small, article__external_id="size-20")
    external = big.articles.order_by("id").values_list("external_id", flat=True).first()
    first, last = big.articles.aggregate(Min("id"), Max("id")).values()
    deep = first + (last - first) * 9 // 10  # the large project's ids follow each other
    import base64
    from urllib.parse import urlencode

    cursor = base64.b64encode(urlencode({"p": str(deep)}).encode()).decode()
    base = f"/api/v1/projects/{big.slug}/articles/"
    cases = [
        ("project list", "/api/v1/projects/"),
        ("one article without text", f"{base}?external_id={external}"),
        (
            "one annotation of 20 mentions",
            f"/api/v1/projects/{small.slug}/articles/{annotation.article_id}/annotations/"
            f"{annotation.pk}/",
        ),
        ("article list page at 90%", f"{base}?cursor={cursor}"),
    ]
    application = get_wsgi_application()
    instrument()
    with connection.execute_wrapper(on_sql):
        for name, path in cases:
            for _ in range(max(10, options.requests // 10)):
                one_request(application, path, token)
            runs = [one_request(application, path, token) for _ in range(options.requests)]
            print(f"\n{name}: {path[:90]}  ({options.clock} clock, load {load()})")
            for layer in runs[0]:
                values = [run.get(layer, 0) for run in runs]
                if layer == "queries":
                    print(f"  {'SQL statements':45s} {statistics.median(values):7.0f}")
                else:
                    print(f"  {layer:45s} {statistics.median(values) * 1000:7.3f} ms")
            if options.sql:
                one_request(application, path, token)
                for layer, sql, seconds in QUERIES:
                    print(f"    [{layer}] {seconds * 1000:.2f} ms {sql[:160]}")


def load() -> str:
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


if __name__ == "__main__":
    main()
