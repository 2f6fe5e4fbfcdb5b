"""`status=all` moves a whole project, unannotated articles included; CSV and Parquet say
where each quote came from (`origin`)."""

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from annotations import editing, exporting, importing
from annotations.models import Article, Quote, Role
from tests import factories

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    token, _ = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


@pytest.fixture
def team():
    project = factories.make_project(slug="moving")
    manager = factories.add_member(project, role=Role.MANAGER)
    annotated = factories.make_article(project, external_id="annotated", text="Ann said: “Yes.”")
    factories.make_article(project, external_id="untouched", text="Nobody spoke here.")
    gold = editing.gold_annotation(annotated)
    content = editing.add_mention(gold, label="QUOTE", start=11, end=15)
    editing.add_quote(gold, content=content, type="direct")
    second = editing.add_mention(gold, label="QUOTE", start=0, end=3)
    quote = editing.add_quote(gold, content=second, type="indirect")
    Quote.objects.filter(pk=quote.pk).update(origin="direct_marks_before")
    return project, manager


def test_all_jsonl_holds_articles_without_annotations(team):
    project, manager = team
    answer = api(manager).get(f"/api/v1/projects/{project.slug}/export.jsonl?status=all")
    records = [json.loads(line) for line in b"".join(answer.streaming_content).splitlines()]
    assert [r["external_id"] for r in records] == ["annotated", "untouched"]
    assert records[1]["annotations"] == [] and records[1]["text"] == "Nobody spoke here."


def test_all_json_too_but_the_default_export_only_annotated_articles(team):
    project, manager = team
    url = f"/api/v1/projects/{project.slug}/export.json"
    every = json.loads(b"".join(api(manager).get(url + "?status=all").streaming_content))
    assert len(every) == 2
    default = json.loads(b"".join(api(manager).get(url).streaming_content))
    assert [r["external_id"] for r in default] == ["annotated"]


def test_an_all_export_imports_into_another_project_without_loss(team, tmp_path):
    project, manager = team
    chunks = exporting.stream_export(project, exporting.export_annotations(project, "all"), "jsonl")
    path = tmp_path / "moving.jsonl"
    path.write_bytes(b"".join(chunks))
    other = factories.make_project(slug="elsewhere")
    factories.add_member(other, manager, role=Role.MANAGER)
    result = importing.run_import(
        other, [(str(path), path.name)], importing.ImportOptions(format="jsonl"), user=manager
    )
    assert result.error_count == 0, result
    assert sorted(Article.objects.filter(project=other).values_list("external_id", flat=True)) == [
        "annotated",
        "untouched",
    ]
    assert Quote.objects.filter(annotation__article__project=other).count() == 2


def test_csv_stays_one_row_per_quote_with_its_origin(team):
    project, manager = team
    answer = api(manager).get(f"/api/v1/projects/{project.slug}/export.csv?status=all")
    rows = list(csv.DictReader(io.StringIO(b"".join(answer.streaming_content).decode())))
    assert [(r["quote_text"], r["origin"]) for r in rows] == [
        ("Ann", "direct_marks_before"),
        ("Yes.", "hand-made"),
    ]
    assert list(rows[0])[-1] == "origin"


def test_parquet_has_the_origin_column(team, tmp_path):
    project, manager = team
    answer = api(manager).get(f"/api/v1/projects/{project.slug}/export.parquet?status=gold")
    path = tmp_path / "x.parquet"
    path.write_bytes(b"".join(answer.streaming_content))
    table = pq.read_table(path)
    assert table.column_names == list(exporting.CSV_COLUMNS)
    assert table.column("origin").to_pylist() == ["direct_marks_before", "hand-made"]
