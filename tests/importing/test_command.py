"""The import_articles command: jobs, errors, label maps, the progress bar."""

import json

import pytest
from django.core.management import CommandError, call_command

from annotations.models import Article, ImportJob
from tests.factories import gold, record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_command_imports_and_records_the_job(project, tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("a1", annotations=[gold()])) + "\n")
    call_command("import_articles", str(path), "--project", project.slug)
    assert "Imported 1 new" in capsys.readouterr().out
    job = ImportJob.objects.get()
    assert (job.state, job.articles_count, job.quotes_count, job.file_name) == (
        "done",
        1,
        1,
        "a.jsonl",
    )


def test_command_fails_with_the_errors_and_writes_nothing(project, tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record("a1")) + "\n{oops\n")
    with pytest.raises(CommandError, match="1 errors: nothing was imported"):
        call_command("import_articles", str(path), "--project", project.slug)
    assert "a.jsonl line 2" in capsys.readouterr().err
    assert Article.objects.count() == 0 and ImportJob.objects.get().state == "failed"


def test_command_label_map_reads_a_brat_corpus(project, tmp_path):
    from tests.factories import IMPORT_TEXT as TEXT
    from tests.factories import write_zip

    ann = "T1\tQuotation 13 25\tWe will win.\nT2\tPerson 0 5\tAlice\n"
    path = write_zip(tmp_path / "b.zip", {"d.txt": TEXT, "d.ann": ann})
    call_command(
        "import_articles",
        str(path),
        "--project",
        project.slug,
        "--label-map",
        "Quotation=QUOTE,Person=-",
    )
    assert Article.objects.get().annotations.get().mentions.get().label == "QUOTE"


def test_command_progress_bar_redraws_one_line():
    import io

    from annotations.management.commands.import_articles import ProgressBar

    stream = io.StringIO()
    bar = ProgressBar(stream, width=10)
    bar("checking", 500, None)
    bar("writing", 5, 10)
    bar.done()
    assert stream.getvalue() == "\rchecking 500 records\rwriting  [#####-----] 5/10 articles\n"
