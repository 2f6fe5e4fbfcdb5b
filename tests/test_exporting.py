"""Exports: the demo's gold version equals the reference file; every format reads back with its
standard reader; awkward text survives; statuses, roles and pseudonyms."""

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from annotations import contents, demo, editing, exporting, pseudonyms
from annotations.models import Label, Role, Status
from tests import factories
from tests.factories import REFERENCE, reference_quotes

pytestmark = pytest.mark.django_db
README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture
def demo_project():
    return demo.load_demo(password="demo-pass-123").project


def export_bytes(project, fmt, status="gold", **selection) -> bytes:
    annotations = exporting.export_annotations(project, status, **selection)
    return b"".join(exporting.stream_export(project, annotations, fmt))


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_demo_gold_csv_equals_the_reference_quotes(demo_project):
    def span(row, prefix):
        if not row[f"{prefix}_start"]:
            return None
        return (int(row[f"{prefix}_start"]), int(row[f"{prefix}_end"]), row[f"{prefix}_text"])

    rows = csv_rows(export_bytes(demo_project, "csv"))
    exported = {
        (
            span(row, "quote"),
            row["quote_type"],
            row["speaker_name"] or None,
            span(row, "speaker_mention"),
            span(row, "cue"),
        )
        for row in rows
    }
    assert len(rows) == len(REFERENCE["quotes"]) == 11
    assert exported == reference_quotes()


def test_demo_gold_jsonl_equals_the_reference_quotes(demo_project):
    (line,) = export_bytes(demo_project, "jsonl").decode("utf-8").splitlines()
    record = json.loads(line)
    (annotation,) = record["annotations"]
    mentions = {m["id"]: (m["start"], m["end"], m["text"]) for m in annotation["mentions"]}
    exported = {
        (
            mentions[q["content"]],
            q["type"],
            q["speaker"]["name"] if q["speaker"] else None,
            mentions.get(q["speaker_mention"]),
            mentions.get(q["cue"]),
        )
        for q in annotation["quotes"]
    }
    assert exported == reference_quotes()
    assert record["text"] == REFERENCE["text"]


def test_csv_header_is_exactly_the_declared_columns(demo_project):
    header = export_bytes(demo_project, "csv").decode("utf-8").splitlines()[0]
    assert header == ",".join(exporting.CSV_COLUMNS)


def test_jsonl_record_keys_are_in_the_documented_order(demo_project):
    record = json.loads(export_bytes(demo_project, "jsonl"))
    assert tuple(record) == exporting.ARTICLE_KEYS
    annotation = record["annotations"][0]
    assert tuple(annotation) == exporting.ANNOTATION_KEYS
    assert tuple(annotation["mentions"][0]) == contents.MENTION_FIELDS
    assert tuple(annotation["quotes"][0]) == contents.QUOTE_FIELDS


def test_article_fields_and_meta_come_out_as_stored():
    project = factories.make_project()
    article = factories.make_article(
        project, meta={"section": "world", "tags": ["a"]}, url="https://example.org/x"
    )
    editing.gold_annotation(article)
    record = json.loads(export_bytes(project, "jsonl"))
    assert record["meta"] == {"section": "world", "tags": ["a"]}
    assert record["url"] == "https://example.org/x" and record["published"] is None
    assert record["annotations"][0]["mentions"] == [] and record["annotations"][0]["quotes"] == []


def test_mention_ids_are_numbered_by_start_offset(demo_project):
    annotation = json.loads(export_bytes(demo_project, "jsonl"))["annotations"][0]
    starts = [m["start"] for m in annotation["mentions"]]
    assert [m["id"] for m in annotation["mentions"]] == list(range(1, len(starts) + 1))
    assert starts == sorted(starts)


def test_json_is_an_array_of_the_jsonl_records(demo_project):
    records = json.loads(export_bytes(demo_project, "json"))
    assert records == [json.loads(export_bytes(demo_project, "jsonl"))]


def test_parquet_reads_back_with_pyarrow(demo_project):
    table = pq.read_table(io.BytesIO(export_bytes(demo_project, "parquet")))
    assert table.column_names == list(exporting.CSV_COLUMNS)
    assert table.num_rows == 11
    assert sorted(table.column("quote_start").to_pylist()) == sorted(
        q["content"]["start"] for q in REFERENCE["quotes"]
    )


def test_brat_zip_holds_the_text_and_standoff_with_code_point_offsets(demo_project):
    archive = zipfile.ZipFile(io.BytesIO(export_bytes(demo_project, "brat")))
    stem = demo.ARTICLE_ID
    assert sorted(archive.namelist()) == [f"{stem}.ann", f"{stem}.txt"]
    text = archive.read(f"{stem}.txt").decode("utf-8")
    assert text == REFERENCE["text"]
    spans = re.findall(r"^T\d+\t(\w+) (\d+) (\d+)\t", archive.read(f"{stem}.ann").decode(), re.M)
    quotes = {(int(s), int(e)) for label, s, e in spans if label == "QUOTE"}
    assert quotes == {(q["content"]["start"], q["content"]["end"]) for q in REFERENCE["quotes"]}
    ann = archive.read(f"{stem}.ann").decode()
    assert ann.count("\tsaid_by Arg1:T") == 11 and "speaker: Jens Stoltenberg" in ann


def test_labelstudio_export_has_regions_and_relations_to_the_quote(demo_project):
    (task,) = json.loads(export_bytes(demo_project, "labelstudio"))
    assert task["data"]["text"] == REFERENCE["text"]
    result = task["annotations"][0]["result"]
    regions = {r["id"]: r for r in result if r["type"] == "labels"}
    said_by = [r for r in result if r["type"] == "relation" and r["labels"] == ["said_by"]]
    assert len(said_by) == 11
    for relation in said_by:
        assert regions[relation["from_id"]]["value"]["labels"] == ["SPEAKER"]
        assert regions[relation["to_id"]]["value"]["labels"] == ["QUOTE"]


AWKWARD = 'Intro 😀 then: «He said "yes, no",\nand then\r\n🎉 left» done.'


def awkward_project():
    project = factories.make_project()
    article = factories.make_article(project, text=AWKWARD)
    gold = editing.gold_annotation(article)
    start = AWKWARD.index("He said")
    content = editing.add_mention(gold, label=Label.QUOTE, start=start, end=AWKWARD.index("» done"))
    editing.add_quote(gold, content=content)
    return project, AWKWARD[start : AWKWARD.index("» done")]


def test_commas_quotes_newlines_and_emoji_survive_csv():
    project, quote_text = awkward_project()
    (row,) = csv_rows(export_bytes(project, "csv"))
    assert row["quote_text"] == quote_text
    assert AWKWARD[int(row["quote_start"]) : int(row["quote_end"])] == quote_text


def test_labelstudio_export_counts_utf16_units_as_label_studio_does():
    project, quote_text = awkward_project()
    (task,) = json.loads(export_bytes(project, "labelstudio"))
    (region,) = [r for r in task["annotations"][0]["result"] if r["type"] == "labels"]
    # JavaScript's String.prototype.slice counts UTF-16 units: the emoji before counts twice.
    units = AWKWARD.encode("utf-16-le")
    start, end = region["value"]["start"], region["value"]["end"]
    assert units[2 * start : 2 * end].decode("utf-16-le") == quote_text
    assert start == AWKWARD.index(quote_text) + 1


def test_awkward_text_survives_parquet_and_jsonl():
    project, quote_text = awkward_project()
    table = pq.read_table(io.BytesIO(export_bytes(project, "parquet")))
    assert table.column("quote_text").to_pylist() == [quote_text]
    lines = export_bytes(project, "jsonl").decode("utf-8").split("\n")
    assert len(lines) == 2 and lines[1] == ""  # one record, its newlines escaped
    assert json.loads(lines[0])["text"] == AWKWARD


def versions_project():
    """Article A: gold + submitted; article B: submitted only; article C: in progress only."""
    project = factories.make_project()
    alice = factories.add_member(project, role=Role.ANNOTATOR)
    statuses = {}
    for name, versions in (("a", ("gold", "submitted")), ("b", ("submitted",)), ("c", ("in",))):
        article = factories.make_article(project, external_id=name)
        for version in versions:
            annotation = (
                editing.gold_annotation(article)
                if version == "gold"
                else editing.own_annotation(article, alice)
            )
            content = editing.add_mention(annotation, label=Label.QUOTE, start=13, end=26)
            editing.add_quote(annotation, content=content)
            if version == "submitted":
                editing.set_status(annotation, Status.SUBMITTED)
            statuses[(name, version)] = annotation
    return project, alice


def exported_versions(project, status, **selection) -> list[tuple[str, str]]:
    rows = csv_rows(export_bytes(project, "csv", status, **selection))
    return [(row["article_id"], row["status"]) for row in rows]


def test_default_status_gives_gold_else_submitted():
    project, _ = versions_project()
    assert exported_versions(project, exporting.DEFAULT_STATUS) == [
        ("a", "gold"),
        ("b", "submitted"),
    ]


def test_each_status_selects_its_versions():
    project, _ = versions_project()
    assert exported_versions(project, "gold") == [("a", "gold")]
    assert exported_versions(project, "submitted") == [("a", "submitted"), ("b", "submitted")]
    assert ("c", "in_progress") in exported_versions(project, "all")


def test_viewer_export_of_all_leaves_versions_in_progress_out():
    project, _ = versions_project()
    viewer = factories.add_member(project, role=Role.VIEWER)
    versions = exported_versions(project, "all", user=viewer, role=Role.VIEWER)
    assert ("c", "in_progress") not in versions and ("b", "submitted") in versions


def test_annotators_appear_under_a_stable_pseudonym():
    project, alice = versions_project()
    first = {row["annotator"] for row in csv_rows(export_bytes(project, "csv", "submitted"))}
    again = {row["annotator"] for row in csv_rows(export_bytes(project, "csv", "submitted"))}
    assert first == again == {pseudonyms.annotator_label(project, alice.pk, alice.username)}
    assert alice.username not in first.pop()


def test_pseudonyms_differ_between_projects():
    one, two = factories.make_project(), factories.make_project()
    user = factories.make_user()
    assert pseudonyms.annotator_label(one, user.pk, "x") != pseudonyms.annotator_label(
        two, user.pk, "x"
    )


def test_project_that_allows_names_exports_usernames():
    project, alice = versions_project()
    project.show_annotator_names = True
    project.save()
    rows = csv_rows(export_bytes(project, "csv", "submitted"))
    assert {row["annotator"] for row in rows} == {alice.username}


def test_unknown_status_is_refused_naming_it():
    with pytest.raises(exporting.ExportError, match="status 'golden'"):
        exporting.check_status("golden")


def test_file_name_names_project_status_and_date(demo_project):
    name = exporting.export_filename(demo_project, "gold", "csv")
    assert re.fullmatch(r"kremlin-nato_gold_\d{4}-\d{2}-\d{2}\.csv", name)


def test_readme_lists_exactly_the_csv_columns():
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("## Exports") :]
    listed = re.findall(r"^\| `(\w+)` \|", section, re.M)
    assert tuple(listed) == exporting.CSV_COLUMNS
