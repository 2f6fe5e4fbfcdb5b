"""CSV exports are safe to open in a spreadsheet: a text cell that starts with =, +, -, @, a
tab or a carriage return gets a leading single quote (OWASP), in every text column. `raw`
(the API's ?raw=1, export_dataset --raw, the export page's box) keeps values as they are, and
JSON, JSONL and Parquet always do."""

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from annotations import editing, exporting
from annotations.models import Label, Role, Status
from tests import factories

pytestmark = pytest.mark.django_db

STARTS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOADS = {start: f"{start}HYPERLINK(1+1)" for start in STARTS}


def _world():
    """One gold quote per leading character, each with its payload as quote text; the speaker,
    title and source start with = and @."""
    project = factories.make_project()
    text = " ".join(PAYLOADS.values()) + " said Bob."
    article = factories.make_article(
        project, text=text, title="=1+2 title", source="@source", external_id="-id"
    )
    speaker = factories.make_speaker(project, name="=HYPERLINK(evil)")
    gold = editing.gold_annotation(article)
    for payload in PAYLOADS.values():
        start = text.index(payload)
        content = editing.add_mention(
            gold, label=Label.QUOTE, start=start, end=start + len(payload)
        )
        editing.add_quote(gold, content=content, speaker=speaker)
    return project


def _rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _export(project, fmt, raw=False) -> bytes:
    annotations = exporting.export_annotations(project, "gold")
    return b"".join(exporting.stream_export(project, annotations, fmt, raw=raw))


@pytest.mark.parametrize("start", STARTS, ids=repr)
def test_each_formula_start_is_neutralised_in_csv(start):
    rows = _rows(_export(_world(), "csv"))
    quote_texts = {row["quote_text"] for row in rows}
    assert "'" + PAYLOADS[start] in quote_texts
    assert PAYLOADS[start] not in quote_texts


def test_title_source_speaker_and_article_id_are_neutralised_too():
    row = _rows(_export(_world(), "csv"))[0]
    assert row["article_title"] == "'=1+2 title"
    assert row["article_source"] == "'@source"
    assert row["speaker_name"] == "'=HYPERLINK(evil)"
    assert row["article_id"] == "'-id"


def test_numbers_and_ordinary_text_are_left_alone():
    row = _rows(_export(_world(), "csv"))[0]
    assert row["quote_start"].isdigit() and row["status"] == Status.GOLD


@pytest.mark.parametrize("start", STARTS, ids=repr)
def test_raw_csv_keeps_every_value(start):
    rows = _rows(_export(_world(), "csv", raw=True))
    assert PAYLOADS[start] in {row["quote_text"] for row in rows}
    assert rows[0]["speaker_name"] == "=HYPERLINK(evil)"


def test_jsonl_and_parquet_keep_raw_values():
    project = _world()
    record = json.loads(_export(project, "jsonl").splitlines()[0])
    assert record["title"] == "=1+2 title"
    table = pq.read_table(io.BytesIO(_export(project, "parquet"))).to_pylist()
    assert {row["quote_text"] for row in table} == set(PAYLOADS.values())


def test_api_neutralises_by_default_and_raw_1_keeps_values(client):
    project = _world()
    viewer = factories.add_member(project, role=Role.VIEWER)
    token = Token.objects.create(user=viewer)
    headers = {"Authorization": f"Token {token.key}"}
    url = f"/api/v1/projects/{project.slug}/export.csv?status=gold"
    safe = b"".join(client.get(url, headers=headers).streaming_content)
    raw = b"".join(client.get(url + "&raw=1", headers=headers).streaming_content)
    assert _rows(safe)[0]["article_title"] == "'=1+2 title"
    assert _rows(raw)[0]["article_title"] == "=1+2 title"


def test_export_page_passes_raw_on_to_the_download(client):
    project = _world()
    client.force_login(factories.add_member(project, role=Role.VIEWER))
    page = client.get(f"/projects/{project.slug}/export/").content.decode()
    assert 'name="raw"' in page
    response = client.get(f"/projects/{project.slug}/export/download/?format=csv&raw=1")
    assert response.url.endswith("export.csv?raw=1")


def test_export_dataset_command_neutralises_unless_raw(tmp_path):
    project = _world()
    safe, raw = tmp_path / "safe.csv", tmp_path / "raw.csv"
    call_command("export_dataset", project=project.slug, format="csv", status="gold", output=safe)
    call_command(
        "export_dataset", project=project.slug, format="csv", status="gold", output=raw, raw=True
    )
    assert _rows(safe.read_bytes())[0]["speaker_name"] == "'=HYPERLINK(evil)"
    assert _rows(raw.read_bytes())[0]["speaker_name"] == "=HYPERLINK(evil)"
