"""A corpus in the attribution style of published brat corpora (tests/data/brat_attribution,
written by tests/data/make_brat_attribution.py with what it must give beside it) read with
the label map such corpora need: every article, every attribution, fragments exact."""

import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.formats import brat
from annotations.formats.spanlinks import parse_label_map
from annotations.models import Annotation, ImportJob, Role
from tests import factories

DATA = Path(__file__).parent.parent / "data"
CORPUS = DATA / "brat_attribution"
LABEL_MAP = "Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=-,Discard=-,Discuss=-"
EXPECTED = json.loads((DATA / "brat_attribution.expected.json").read_text(encoding="utf-8"))


def essentials(annotation: dict) -> dict:
    """A read annotation as the expected file has it: fragments, speaker and cue offsets."""
    place = {m["id"]: (m["start"], m["end"]) for m in annotation["mentions"]}
    quotes = []
    for quote in annotation["quotes"]:
        content = quote["content"] if isinstance(quote["content"], list) else [quote["content"]]
        quotes.append({
            "fragments": [list(place[m]) for m in content],
            "speaker": None if quote["speaker_mention"] is None
            else list(place[quote["speaker_mention"]]),
            "cue": None if quote["cue"] is None else list(place[quote["cue"]]),
        })  # fmt: skip
    return {"mentions": len(annotation["mentions"]), "quotes": quotes}


@pytest.fixture(scope="module")
def read():
    return list(brat.read_brat_zip(str(CORPUS), CORPUS.name, parse_label_map(LABEL_MAP)))


def test_the_corpus_has_twenty_articles_and_the_cases_it_is_for():
    assert len(EXPECTED) >= 20
    quotes = [q for versions in EXPECTED.values() for q in versions["gold"]["quotes"]]
    assert sum(len(q["fragments"]) > 1 for q in quotes) >= 8
    assert sum(q["speaker"] is None for q in quotes) >= 4


def test_every_article_is_read_without_errors(read):
    records = {p.record["external_id"]: p for p in read if p.record is not None}
    assert sorted(records) == sorted(EXPECTED)
    assert [p.errors for p in read] == [[] for _ in read]


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_every_attribution_comes_in_with_its_fragments_speaker_and_cue(read, stem):
    (parsed,) = [p for p in read if p.record and p.record["external_id"] == stem]
    versions = {a["annotator"] or "gold": essentials(a) for a in parsed.record["annotations"]}
    assert versions == {
        name: {
            "mentions": want["mentions"],
            "quotes": [{**q, "speaker": q["speaker"], "cue": q["cue"]} for q in want["quotes"]],
        }
        for name, want in EXPECTED[stem].items()
    }


def test_fragment_offsets_read_the_quote_in_the_text(read):
    (parsed,) = [p for p in read if p.record and p.record["external_id"] == "kremlin-nato"]
    annotation, text = parsed.record["annotations"][0], parsed.record["text"]
    (split,) = [q for q in annotation["quotes"] if isinstance(q["content"], list)]
    by_id = {m["id"]: m for m in annotation["mentions"]}
    assert [text[by_id[m]["start"] : by_id[m]["end"]] for m in split["content"]] == [
        "The alliance is analysing the situation",
        "and it will go on doing so",
    ]
    assert split["type"] == "direct"


def test_warnings_come_by_kind(read):
    kinds = {}
    for parsed in read:
        for warning in parsed.warnings:
            kinds[warning.kind] = kinds.get(warning.kind, 0) + 1
    events = sum(len(v["gold"]["quotes"]) for v in EXPECTED.values())
    assert kinds["trigger spans left out by the label map"] >= events - 10
    assert kinds["event arguments left out by the label map"] == 1  # Some commuters (Discuss)
    assert kinds["events without a content left out"] == 1  # Passenger groups welcomed
    assert kinds["quotes linked to a second speaker mention: the first was kept"] == 1
    assert kinds["spans given twice at the same offsets, kept as one mention"] == 2


def test_a_version_in_a_folder_with_no_article_at_the_top_is_a_warning(read):
    (lost,) = [p for p in read if p.record is None]
    assert lost.where == "brat_attribution:annotator_b/lost-story.txt"
    assert "no lost-story.txt at the top" in lost.warnings[0].message


# --- imported into a project: the command line (a folder), the page and the API (a zip) ---


def stored(project) -> dict:
    """Each article's versions as the expected file has them, read from the database."""

    result = {}
    annotations = Annotation.objects.filter(article__project=project).select_related(
        "article", "annotator"
    )
    for annotation in annotations:
        quotes = []
        for quote in annotation.quotes.select_related("speaker_mention", "cue").prefetch_related(
            "later_fragments"
        ):
            quotes.append({
                "fragments": [list(span) for span in quote.fragment_spans],
                "speaker": None if quote.speaker_mention is None
                else [quote.speaker_mention.start, quote.speaker_mention.end],
                "cue": None if quote.cue is None else [quote.cue.start, quote.cue.end],
            })  # fmt: skip
        quotes.sort(key=lambda q: q["fragments"][0])
        name = annotation.annotator.username if annotation.annotator else "gold"
        result.setdefault(annotation.article.external_id, {})[name] = {
            "mentions": annotation.mentions.count(),
            "quotes": quotes,
        }
    return result


@pytest.fixture
def annotator_b(project):

    return factories.add_member(project, factories.make_user("annotator_b"), role=Role.ANNOTATOR)


def zipped(tmp_path) -> Path:

    path = tmp_path / "brat_attribution.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(CORPUS.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(CORPUS).as_posix())
    return path


@pytest.mark.django_db
def test_the_command_imports_the_folder_every_attribution_exact(project, annotator_b, capsys):
    call_command(
        "import_articles", str(CORPUS), "--project", project.slug, "--format", "brat",
        "--label-map", LABEL_MAP,
    )  # fmt: skip
    out, err = capsys.readouterr()
    quotes = sum(len(v["quotes"]) for versions in EXPECTED.values() for v in versions.values())
    assert f"Imported {len(EXPECTED)} new and 0 updated articles" in out
    assert f", {quotes} quotes (brat)" in out
    assert "trigger spans left out by the label map" in err
    assert stored(project) == EXPECTED


@pytest.mark.django_db
def test_the_import_page_imports_the_zip(client, project, annotator_b, tmp_path, settings):

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(factories.add_member(project, role=Role.MANAGER))
    upload = SimpleUploadedFile("corpus.zip", zipped(tmp_path).read_bytes())
    client.post(
        reverse("import_page", args=[project.slug]), {"file": upload, "label_map": LABEL_MAP}
    )
    job = ImportJob.objects.get()
    assert job.state == "done" and job.articles_count == len(EXPECTED), job.errors
    assert stored(project) == EXPECTED


@pytest.mark.django_db
def test_the_api_imports_the_zip(project, annotator_b, tmp_path, settings):

    settings.MEDIA_ROOT = tmp_path / "media"
    api = APIClient()
    api.force_authenticate(factories.add_member(project, role=Role.MANAGER))
    upload = SimpleUploadedFile("corpus.zip", zipped(tmp_path).read_bytes())
    response = api.post(
        reverse("api-imports", args=[project.slug]),
        {"file": upload, "label_map": LABEL_MAP, "format": "brat"},
        format="multipart",
    )
    body = response.json()
    assert response.status_code == 202 and body["state"] == "done", body
    kinds = {k["kind"]: k["count"] for k in body["report"]["warning_kinds"]}
    assert kinds["versions in a folder with no article at the top left out"] == 1
    assert stored(project) == EXPECTED
