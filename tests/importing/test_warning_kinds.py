"""Warnings alike are counted by kind in an import's report (the command, the page, the
API), and only the first of each kind is listed: an attribution corpus gives thousands."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from annotations import importing
from annotations.models import ImportJob, Quote, Role
from tests import factories
from tests.factories import write_zip

pytestmark = pytest.mark.django_db
LABEL_MAP = "Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=-,Discard=-,Discuss=-"
TEXT = "Alice said: “We will win.” Bob added that it was over."
ANN = (
    "T1\tSource 0 5\tAlice\nT2\tCue 6 10\tsaid\nT3\tContent 13 25\tWe will win.\n"
    "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    "T5\tCue 31 36\tadded\nT6\tContent 37 54\tthat it was over.\n"
    "T7\tAttribution 31 36\tadded\nE2\tAttribution:T7 Cue:T5 Content:T6\n"
)
ARTICLES = 30


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def corpus(tmp_path):
    members = {}
    for number in range(ARTICLES):
        members[f"a{number:02}.txt"] = TEXT
        members[f"a{number:02}.ann"] = ANN
    return write_zip(tmp_path / "corpus.zip", members)


def test_sixty_triggers_make_one_listed_warning_and_one_count(project, corpus):
    options = importing.ImportOptions.build(label_map=LABEL_MAP)
    result = importing.run_import(project, [(str(corpus), "corpus.zip")], options)
    assert result.written and result.errors == []
    assert result.warning_kinds == {"trigger spans left out by the label map": 2 * ARTICLES}
    assert result.warning_count == 2 * ARTICLES and len(result.warnings) == 1
    assert result.warning_summary() == ["60 trigger spans left out by the label map"]
    assert Quote.objects.filter(speaker_mention__isnull=False).count() == ARTICLES
    assert Quote.objects.filter(speaker_mention__isnull=True, cue__isnull=False).count() == 30


def test_the_command_prints_each_kind_with_its_count(project, corpus, capsys):
    call_command(
        "import_articles", str(corpus), "--project", project.slug, "--label-map", LABEL_MAP
    )
    err = capsys.readouterr().err
    assert "warnings: 60 trigger spans left out by the label map" in err
    assert err.count("E1: its trigger T4 (Attribution) was left out") == 1


def test_the_report_page_shows_the_counts(client, project, corpus):
    manager = factories.add_member(project, role=Role.MANAGER)
    client.force_login(manager)
    upload = SimpleUploadedFile("corpus.zip", corpus.read_bytes())
    client.post(
        reverse("import_page", args=[project.slug]), {"file": upload, "label_map": LABEL_MAP}
    )
    job = ImportJob.objects.get()
    assert job.report["warning_kinds"] == [
        {"kind": "trigger spans left out by the label map", "count": 60}
    ]
    page = client.get(reverse("import_detail", args=[project.slug, job.pk])).content.decode()
    assert "60 trigger spans left out by the label map" in page
