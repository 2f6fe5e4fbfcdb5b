"""Round trips through the JSONL export, randomly damaged files (hypothesis), and progress
that pollers can see while the import's transaction is still open."""

import json

import psycopg
import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations import exporting, importing
from annotations.models import Article, ImportJob, Mention, Role
from tests import factories
from tests.factories import gold, record, write_jsonl

pytestmark = pytest.mark.django_db

ALICE = "Alice said: “We will win.” 😀 Bob added that it was over, said Carol."


def corpus() -> list[dict]:
    second = gold(annotator="ann", status="submitted")
    other = gold(
        mentions=[
            {
                "id": 1,
                "label": "QUOTE",
                "start": 39,
                "end": 55,
                "text": "it was over"[:0] or ALICE[39:55],
            },
            {"id": 2, "label": "CUE", "start": 57, "end": 61, "text": ALICE[57:61]},
        ],
        quotes=[
            {
                "id": 1,
                "type": "indirect",
                "content": 1,
                "speaker_mention": None,
                "cue": 2,
                "speaker": None,
                "origin": "",
            }
        ],
    )
    return [
        record("r1", text=ALICE, annotations=[gold(), second], meta={"desk": "World"}),
        record("r2", text=ALICE, annotations=[other], published=None, url="https://example.org/a"),
    ]


def export_jsonl(project) -> list[dict]:
    annotations = exporting.export_annotations(project, "all")
    return list(exporting.article_records(project, annotations))


def without_timestamps(records: list[dict]) -> list[dict]:
    for item in records:
        for annotation in item["annotations"]:
            annotation.pop("created_at"), annotation.pop("updated_at")
    return records


def test_jsonl_export_import_export_is_identical_apart_from_timestamps(tmp_path):
    first = factories.make_project(show_annotator_names=True)
    second = factories.make_project(show_annotator_names=True)
    ann = factories.make_user("ann")
    for project in (first, second):
        factories.add_member(project, ann, role=Role.ANNOTATOR)
    options = importing.ImportOptions()
    path = write_jsonl(tmp_path / "in.jsonl", corpus())
    assert importing.run_import(first, [(str(path), "in.jsonl")], options).written
    exported = export_jsonl(first)
    again = write_jsonl(tmp_path / "again.jsonl", exported)
    assert importing.run_import(second, [(str(again), "again.jsonl")], options).written
    assert without_timestamps(export_jsonl(second)) == without_timestamps(exported)


def test_import_then_export_gives_back_the_input_records(tmp_path):
    project = factories.make_project(show_annotator_names=True)
    factories.add_member(project, factories.make_user("ann"), role=Role.ANNOTATOR)
    records = corpus()
    path = write_jsonl(tmp_path / "in.jsonl", records)
    importing.run_import(project, [(str(path), "in.jsonl")], importing.ImportOptions())
    assert without_timestamps(export_jsonl(project)) == without_timestamps(records)


DAMAGE = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("delete_line"), st.floats(0, 1)),
)


def damage(content: bytes, how: tuple) -> bytes:
    kind, where, *rest = how
    position = int(where * (len(content) - 1))
    if kind == "truncate":
        return content[:position]
    if kind == "flip":
        return content[:position] + bytes([content[position] ^ rest[0]]) + content[position + 1 :]
    lines = content.split(b"\n")
    del lines[int(where * (len(lines) - 1))]
    return b"\n".join(lines)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(how=DAMAGE)
def test_a_damaged_file_imports_cleanly_or_changes_nothing(tmp_path, how):
    project = factories.make_project()
    content = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in corpus())
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(damage(content, how))
    try:
        result = importing.run_import(project, [(str(path), path.name)], importing.ImportOptions())
    except importing.ImportRefused as refused:
        assert str(refused)
        result = None
    if result is None or result.error_count:
        assert result is None or all(p.where.startswith("damaged.jsonl") for p in result.errors)
        assert Article.objects.filter(project=project).count() == 0
        assert Mention.objects.filter(annotation__article__project=project).count() == 0
    else:
        assert result.written or result.records == 0
        for article in Article.objects.filter(project=project):
            for mention in Mention.objects.filter(annotation__article=article):
                assert article.text[mention.start : mention.end] == mention.text


@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_pollers_while_the_import_transaction_is_open():
    project = factories.make_project()
    job = ImportJob.objects.create(project=project, file_name="x.jsonl", state="running")
    reporter = importing.jobs.JobProgress(job.pk, every=0)
    params = connection.get_connection_params()
    with transaction.atomic():
        reporter("writing", 5, 10)
        with psycopg.connect(
            **{
                k: v
                for k, v in params.items()
                if k in ("dbname", "user", "host", "port", "password")
            }
        ) as poller:
            seen = poller.execute(
                "SELECT processed, total FROM annotations_importjob WHERE id = %s", [job.pk]
            ).fetchone()
    reporter.close()
    assert seen == (5, 10)


@pytest.mark.parametrize("fmt,suffix", [("labelstudio", ".json"), ("brat", ".zip")])
def test_our_brat_and_labelstudio_exports_import_back_the_same_quotes(tmp_path, fmt, suffix):
    first = factories.make_project(show_annotator_names=True)
    second = factories.make_project(show_annotator_names=True)
    ann = factories.make_user("ann")
    for project in (first, second):
        factories.add_member(project, ann, role=Role.ANNOTATOR)
    path = write_jsonl(tmp_path / "in.jsonl", corpus())
    importing.run_import(first, [(str(path), "in.jsonl")], importing.ImportOptions())
    exported = tmp_path / f"export{suffix}"
    annotations = exporting.export_annotations(first, "all")
    exported.write_bytes(b"".join(exporting.stream_export(first, annotations, fmt)))
    result = importing.run_import(
        second, [(str(exported), exported.name)], importing.ImportOptions()
    )
    assert result.format == fmt and result.errors == [] and result.warnings == []

    def essentials(project):
        records = without_timestamps(export_jsonl(project))
        for item in records:
            for annotation in item["annotations"]:
                for quote in annotation["quotes"]:
                    if quote["speaker"]:
                        quote["speaker"] = quote["speaker"]["name"]
        return [(r["external_id"], r["text"], r["annotations"]) for r in records]

    assert essentials(second) == essentials(first)
