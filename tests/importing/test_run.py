"""annotations/importing.py: each format gives the right articles, mentions and quotes;
every error is named and leaves the database as it was."""

import json

import pytest

from annotations import demo, importing, tasks
from annotations.models import (
    Annotation,
    AnnotationEvent,
    Article,
    ImportJob,
    Mention,
    Quote,
    Role,
    Speaker,
)
from tests import factories
from tests.factories import IMPORT_TEXT as TEXT
from tests.factories import gold, record, write_jsonl, write_zip

pytestmark = pytest.mark.django_db


def run(project, path, **options):
    opts = importing.ImportOptions.build(**options)
    return importing.run_import(project, [(str(path), path.name)], opts)


def counts(project) -> tuple[int, int, int]:
    return (
        Article.objects.filter(project=project).count(),
        Mention.objects.filter(annotation__article__project=project).count(),
        Quote.objects.filter(annotation__article__project=project).count(),
    )


def test_jsonl_import_creates_articles_mentions_quotes_and_speakers(project, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [record("a1", annotations=[gold()]), record("a2")])
    result = run(project, path)
    assert result.written and result.errors == []
    assert counts(project) == (2, 3, 1)
    quote = Quote.objects.get(annotation__article__project=project)
    assert (quote.content.text, quote.speaker_mention.text, quote.cue.text) == (
        "We will win.",
        "Alice",
        "said",
    )
    assert quote.speaker.name == "Alice Smith" and quote.speaker.aliases == ["Alice"]
    article = Article.objects.get(external_id="a1")
    assert article.text_sha256 == factories.Article(text=TEXT).text_sha256 or article.text_sha256
    assert str(article.published) == "2023-11-28" and article.source == "Wire"
    assert article.annotations.get().status == "gold"


def test_imported_article_keeps_its_text_hash(project, tmp_path):
    from annotations.models import text_sha256

    run(project, write_jsonl(tmp_path / "a.jsonl", [record("a1")]))
    assert Article.objects.get(external_id="a1").text_sha256 == text_sha256(TEXT)


def test_each_imported_annotation_gets_one_imported_event(project, tmp_path):
    run(project, write_jsonl(tmp_path / "a.jsonl", [record("a1", annotations=[gold()])]))
    event = AnnotationEvent.objects.get(annotation__article__project=project)
    assert event.action == "imported" and event.detail["quotes"] == 1


def test_imported_event_holds_the_snapshot_history_restores(project, tmp_path):
    from annotations import editing

    run(project, write_jsonl(tmp_path / "a.jsonl", [record("a1", annotations=[gold()])]))
    event = AnnotationEvent.objects.get(annotation__article__project=project)
    assert event.snapshot == editing.snapshot(event.annotation)
    assert len(event.snapshot["mentions"]) == 3


def test_existing_speaker_is_matched_by_name_not_duplicated(project, tmp_path):
    factories.make_speaker(project, name="Alice Smith", description="kept")
    run(project, write_jsonl(tmp_path / "a.jsonl", [record("a1", annotations=[gold()])]))
    assert Speaker.objects.filter(project=project).count() == 1
    assert Quote.objects.get().speaker.description == "kept"


def test_json_array_imports_like_jsonl(project, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([record("a1", annotations=[gold()]), record("a2")]))
    result = run(project, path)
    assert result.format == "json" and counts(project) == (2, 3, 1)


def test_csv_import(project, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('external_id,title,text,desk\nc1,One,"First, text",World\nc2,Two,Second,\n')
    result = run(project, path)
    assert result.format == "csv" and counts(project) == (2, 0, 0)
    assert Article.objects.get(external_id="c1").meta == {"desk": "World"}


def test_text_files_in_a_zip_import_one_article_each(project, tmp_path):
    path = write_zip(tmp_path / "t.zip", {"one.txt": "Title one\nBody", "two.txt": "Title two"})
    result = run(project, path)
    assert result.format == "text"
    assert sorted(Article.objects.values_list("external_id", "title")) == [
        ("one", "Title one"),
        ("two", "Title two"),
    ]


def test_several_text_files_at_once(project, tmp_path):
    (tmp_path / "x.txt").write_text("X\nbody")
    (tmp_path / "y.txt").write_text("Y\nbody")
    opts = importing.ImportOptions.build()
    importing.run_import(project, [(str(tmp_path / n), n) for n in ("x.txt", "y.txt")], opts)
    assert Article.objects.filter(project=project).count() == 2


def test_brat_zip_import(project, tmp_path):
    ann = "T1\tSPEAKER 0 5\tAlice\nT2\tQUOTE 13 25\tWe will win.\nR1\tsaid_by Arg1:T1 Arg2:T2\n"
    path = write_zip(tmp_path / "b.zip", {"doc1.txt": TEXT, "doc1.ann": ann, "annotation.conf": ""})
    result = run(project, path)
    assert result.format == "brat" and counts(project) == (1, 2, 1)
    assert Quote.objects.get().speaker_mention.text == "Alice"


def test_doccano_import(project, tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": 1, "text": TEXT, "label": [[13, 25, "QUOTE"]]}) + "\n")
    result = run(project, path)
    assert result.format == "doccano" and counts(project) == (1, 1, 1)


@pytest.mark.parametrize("name", ["labelstudio_export.json", "labelstudio_export_min.json"])
def test_real_labelstudio_exports_import_to_the_reference_annotation(project, name, settings):
    path = settings.BASE_DIR / "tests" / "data" / name
    result = run(project, path)
    assert result.format == "labelstudio" and result.errors == []
    reference = json.loads((demo.FIXTURES / "peskov_nato.gold.json").read_text("utf-8"))
    annotation = Annotation.objects.get(article__project=project)
    assert annotation.status == "gold" and annotation.article.text == reference["text"]
    got = {
        (q.content.start, q.content.end): (q.content.text, q.type) for q in annotation.quotes.all()
    }
    want = {
        (q["content"]["start"], q["content"]["end"]): (q["content"]["text"], q["type"])
        for q in reference["quotes"]
    }
    assert got == want
    if name == "labelstudio_export.json":  # the full export has the relations
        got_parts = {
            q.content.start: (
                q.speaker_mention.text,
                q.speaker_mention.start,
                q.cue.text,
                q.cue.start,
            )
            for q in annotation.quotes.select_related("speaker_mention", "cue")
        }
        want_parts = {
            q["content"]["start"]: (
                q["speaker_mention"]["text"],
                q["speaker_mention"]["start"],
                q["cue"]["text"],
                q["cue"]["start"],
            )
            for q in reference["quotes"]
        }
        assert got_parts == want_parts


def test_dry_run_reports_and_writes_nothing(project, tmp_path):
    result = run(
        project,
        write_jsonl(tmp_path / "a.jsonl", [record("a1", annotations=[gold()])]),
        dry_run=True,
    )
    assert (result.articles, result.mentions, result.quotes) == (1, 3, 1)
    assert not result.written and counts(project) == (0, 0, 0)


ERROR_CASES = {
    "bad json": (b'{"external_id": "x", "text": \n', "line 1", "", "bad JSON"),
    "missing text": (json.dumps(record("x", text="")).encode() + b"\n", "line 1", "text", "missing"),  # noqa: E501
    "invalid utf-8": (b'{"external_id": "x", "text": "caf\xe9"}\n', "line 1", "", "invalid UTF-8 at byte {prefix_plus_33}"),  # noqa: E501
    "span outside": (
        json.dumps(record("x", annotations=[gold(mentions=[{"id": 1, "label": "QUOTE", "start": 40, "end": 900}], quotes=[])])).encode(),  # noqa: E501
        "line 1", "annotations[0].mentions[0].end", "ends after the text",
    ),
    "span text mismatch": (
        json.dumps(record("x", annotations=[gold(mentions=[{"id": 1, "label": "QUOTE", "start": 13, "end": 25, "text": "We will lose"}], quotes=[])])).encode(),  # noqa: E501
        "line 1", "annotations[0].mentions[0].text", "should read",
    ),
    "unknown label": (
        json.dumps(record("x", annotations=[gold(mentions=[{"id": 1, "label": "PERSON", "start": 0, "end": 5}], quotes=[])])).encode(),  # noqa: E501
        "line 1", "annotations[0].mentions[0].label", "unknown label 'PERSON'",
    ),
    "NUL in meta": (
        json.dumps(record("x", meta={"note": ["a\u0000b"]})).encode(),
        "line 1", "meta", "NUL character",
    ),
    "repeated id": (
        (json.dumps(record("x")) + "\n" + json.dumps(record("x"))).encode(),
        "line 2", "external_id", "repeated in the file (first at e.jsonl line 2)",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", ERROR_CASES)
def test_each_error_is_named_and_leaves_the_database_unchanged(project, tmp_path, case):
    content, where, field, message = ERROR_CASES[case]
    path = tmp_path / "e.jsonl"
    prefix = json.dumps(record("ok", annotations=[gold()])).encode() + b"\n"
    path.write_bytes(prefix + content)
    message = message.format(prefix_plus_33=len(prefix) + 33)
    result = run(project, path)
    assert not result.written and counts(project) == (0, 0, 0)
    assert Speaker.objects.filter(project=project).count() == 0
    problem = result.errors[0]
    line_number = int(where.split()[1]) + 1
    assert problem.where == f"e.jsonl line {line_number}"
    assert problem.field == field and message in problem.message


def test_external_id_already_in_project_is_an_error_by_default(project, tmp_path):
    factories.make_article(project, external_id="a1")
    result = run(project, write_jsonl(tmp_path / "a.jsonl", [record("a1"), record("a2")]))
    assert "already in the project" in result.errors[0].message
    assert Article.objects.filter(project=project).count() == 1


def test_skip_policy_leaves_the_existing_article_alone(project, tmp_path):
    factories.make_article(project, external_id="a1", text="old")
    result = run(
        project,
        write_jsonl(tmp_path / "a.jsonl", [record("a1"), record("a2")]),
        on_duplicate="skip",
    )
    assert result.skipped == 1 and result.articles == 1
    assert Article.objects.get(external_id="a1").text == "old"


def test_update_policy_replaces_an_unannotated_article(project, tmp_path):
    factories.make_article(project, external_id="a1", text="old")
    result = run(
        project,
        write_jsonl(tmp_path / "a.jsonl", [record("a1", annotations=[gold()])]),
        on_duplicate="update",
    )
    assert result.updated == 1
    article = Article.objects.get(external_id="a1")
    assert article.text == TEXT and article.annotations.count() == 1


def test_update_is_refused_for_an_article_with_annotations(project, tmp_path):
    article = factories.make_article(project, external_id="a1", text="old text")
    factories.make_annotation(article)
    result = run(project, write_jsonl(tmp_path / "a.jsonl", [record("a1")]), on_duplicate="update")
    assert "cannot be updated" in result.errors[0].message
    assert Article.objects.get(external_id="a1").text == "old text"


def test_skip_invalid_imports_the_valid_records_and_reports_the_others(project, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("a1")) + "\nnot json\n" + json.dumps(record("a2")) + "\n")
    result = run(project, path, skip_invalid=True)
    assert result.written and result.invalid == 1 and result.errors[0].where == "a.jsonl line 2"
    assert Article.objects.filter(project=project).count() == 2


def test_version_of_a_member_is_imported_as_theirs(project, tmp_path):
    user = factories.add_member(project, factories.make_user("ann"), role=Role.ANNOTATOR)
    version = gold(annotator="ann", status="submitted")
    run(project, write_jsonl(tmp_path / "a.jsonl", [record("a1", annotations=[gold(), version])]))
    assert Annotation.objects.get(annotator=user).status == "submitted"


def test_version_of_a_non_member_is_left_out_with_a_warning(project, tmp_path):
    version = gold(annotator="a-3f9c2a1b", status="submitted")
    result = run(
        project, write_jsonl(tmp_path / "a.jsonl", [record("a1", annotations=[gold(), version])])
    )
    assert result.written and result.errors == []
    assert result.warnings[0].message == (
        "annotator a-3f9c2a1b is not a member of the project: their version was not imported"
    )
    assert Annotation.objects.filter(article__project=project).count() == 1


def test_oversized_upload_is_refused(project, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_BYTES = 10
    user = factories.add_member(project, role=Role.MANAGER)
    with pytest.raises(importing.ImportRefused, match="the limit is 10 bytes"):
        importing.create_import_job(
            project, user, [SimpleUploadedFile("a.jsonl", b"x" * 11)], importing.ImportOptions()
        )
    assert ImportJob.objects.count() == 0


def test_large_upload_is_queued_and_the_task_runs_it(project, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from annotations.tasks import import_articles_task

    settings.MEDIA_ROOT = tmp_path
    user = factories.add_member(project, role=Role.MANAGER)
    content = (json.dumps(record("a1")) + "\n").encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(importing.jobs, "INLINE_BYTES", 10)
        job = tasks.start_import(
            importing.create_import_job(
                project, user, [SimpleUploadedFile("a.jsonl", content)], importing.ImportOptions()
            )
        )
    assert job.state == "pending" and Article.objects.count() == 0
    import_articles_task.call(job.pk)
    job.refresh_from_db()
    assert job.state == "done" and job.articles_count == 1 and Article.objects.count() == 1


def test_bad_zip_is_refused_with_its_name(project, tmp_path):
    path = tmp_path / "b.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(importing.ImportRefused, match="b.zip: not a readable zip"):
        run(project, path)


def test_csv_with_invalid_utf8_names_the_line_and_byte(project, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"external_id,text\nc1,fine\nc2,caf\xe9\n")
    result = run(project, path)
    assert result.errors[0].where == "a.csv line 3"
    assert result.errors[0].message == "invalid UTF-8 at byte 31 of the file"
    assert Article.objects.filter(project=project).count() == 0
