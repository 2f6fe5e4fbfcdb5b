"""schemathesis with every check (`--checks all`) against a live server finds no failure: the
API answers what its OpenAPI schema says (status codes, content types, bodies, JSON errors on
every /api/ path), accepts what the schema allows and refuses what it does not.

The run is bounded (a few examples an operation, a time budget) and goes over loopback to
`live_server`, as a manager of a project with an article, a gold version and a speaker.

One allowance, for the annotation writes only: whether spans and the quotes' references are
valid depends on the article's text and on the other mentions of the request, which no
schema can express; there a schema-valid body may get 400, naming the field."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from annotations import editing
from annotations.models import Label, Role
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = """
[parameters]
"path.slug" = "{slug}"

[[operations]]
include-path-regex = "/annotations/"
include-method-regex = "^(POST|PUT|PATCH)$"

[operations.checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "429"]
"""


@pytest.fixture
def manager_token(live_server):
    project = factories.make_project(slug="schema")
    manager = factories.add_member(project, role=Role.MANAGER)
    article = factories.make_article(project, text="Alice said: “Hello, world.” Bob agreed.")
    speaker = factories.make_speaker(project, name="Alice")
    gold = editing.gold_annotation(article)
    content = editing.add_mention(gold, label=Label.QUOTE, start=13, end=26)
    editing.add_quote(gold, content=content, speaker=speaker)
    return Token.objects.create(user=manager).key, project, article


def test_schemathesis_with_every_check_finds_no_failure(live_server, manager_token, tmp_path):
    token, project, article = manager_token
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG.format(slug=project.slug))
    report = tmp_path / "report.json"
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(config),
            "run",
            f"{live_server.url}/api/schema/",
            "--header",
            f"Authorization: Token {token}",
            "--checks",
            "all",
            "--max-examples",
            "5",
            "--max-time",
            "150",
            "--seed",
            "15",
            "--request-timeout",
            "30",
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=400,
        cwd=tmp_path,
    )
    summary = run.stdout[-6000:]
    assert run.returncode == 0, summary
    events = [json.loads(line) for line in report.read_text().splitlines() if line.strip()]
    assert len(events) > 19, "every operation was tried"
