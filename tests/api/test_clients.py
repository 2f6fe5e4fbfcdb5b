"""The README's client examples, run as written against a live server: pandas.read_csv on the
export URL with the token header, and a requests loop over the cursor-paginated quote list."""

import re
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from annotations import demo

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"```python\n(.*?)```", README, re.S)


def readme_example(marker: str, base_url: str) -> str:
    (code,) = [example for example in EXAMPLES if marker in example]
    return code.replace("http://127.0.0.1:8000", base_url)


@pytest.fixture
def token(transactional_db):
    project = demo.load_demo(password="demo-pass-123").project
    viewer = project.memberships.get(role="viewer").user
    return Token.objects.get_or_create(user=viewer)[0].key


def test_pandas_reads_the_csv_export_from_the_url(live_server, token):
    namespace = {"TOKEN": token}
    exec(readme_example("pd.read_csv", live_server.url), namespace)
    quotes = namespace["quotes"]
    assert quotes.shape == (11, 24)
    assert set(quotes["speaker_name"]) == {"Dmitry Peskov", "Jens Stoltenberg"}


def test_requests_loop_collects_every_quote_of_the_paginated_list(live_server, token, capsys):
    namespace = {"TOKEN": token}
    exec(readme_example("requests.Session", live_server.url), namespace)
    assert len(namespace["quotes"]) == 11
    assert capsys.readouterr().out.startswith("11 ")
