"""Bounded imports: a zip may expand only so far (each entry, all entries together, and the
compression ratio), entries are read as streams, and a refusal names the entry. JSON nested
too deeply for the decoder is bad input (400, or a problem in the report), not a crash."""

import json
import os
import zipfile

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from annotations import importing
from annotations.models import Article, ImportJob, Role
from tests import factories
from tests.factories import IMPORT_TEXT as TEXT
from tests.factories import record, write_jsonl, write_zip

pytestmark = pytest.mark.django_db

MiB = 1024 * 1024
ANN = "T1\tSPEAKER 0 5\tAlice\n"


def _bomb(path, entry="doc1.txt", size=40 * MiB):
    """A small zip whose one entry expands to `size` bytes of spaces (written in chunks)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc1.ann", ANN)
        with archive.open(entry, "w", force_zip64=True) as member:
            chunk = b" " * MiB
            for _ in range(size // MiB):
                member.write(chunk)
    return path


def _run(project, path, fmt="auto"):
    options = importing.ImportOptions.build(format=fmt)
    return importing.run_import(project, [(str(path), path.name)], options)


def _messages(result) -> str:
    return " | ".join(f"{p.where}: {p.message}" for p in result.errors)


def test_a_zip_bomb_is_refused_by_its_ratio_naming_the_entry(project, tmp_path):
    path = _bomb(tmp_path / "bomb.zip")
    assert path.stat().st_size < 200_000
    result = _run(project, path, fmt="brat")
    assert "bomb.zip:doc1.txt" in _messages(result)
    assert "zip bomb" in _messages(result)
    assert not Article.objects.filter(project=project).exists()


def test_an_entry_over_the_entry_limit_is_refused_naming_it(project, tmp_path, settings):
    settings.IMPORT_ZIP_MAX_ENTRY_BYTES = 1 * MiB
    path = write_zip(tmp_path / "big.zip", {"doc1.txt": os.urandom(2 * MiB), "doc1.ann": ANN})
    result = _run(project, path, fmt="brat")
    assert "big.zip:doc1.txt" in _messages(result)
    assert "1,048,576 bytes an entry" in _messages(result)


def test_a_zip_over_the_total_limit_is_refused(project, tmp_path, settings):
    settings.IMPORT_ZIP_MAX_TOTAL_BYTES = 3 * MiB
    members = {f"doc{n}.txt": os.urandom(MiB) for n in range(4)}
    path = write_zip(tmp_path / "many.zip", members)
    result = _run(project, path, fmt="text")
    assert "the limit is 3,145,728 bytes" in _messages(result)
    assert not Article.objects.filter(project=project).exists()


def test_an_entry_larger_than_its_header_says_is_refused_naming_it(project, tmp_path):
    """The header can lie about the size: reading never goes past what it declares, and the
    mismatch is refused, naming the entry."""
    path = write_zip(tmp_path / "liar.zip", {"doc1.txt": b" " * (3 * MiB), "doc1.ann": ANN})
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_length = int.from_bytes(data[start + offset + 4 : start + offset + 6], "little")
            if signature == b"PK\x01\x02":
                name_length = int.from_bytes(data[start + 28 : start + 30], "little")
                name = data[start + 46 : start + 46 + name_length]
            else:
                name = data[start + 30 : start + 30 + name_length]
            if name == b"doc1.txt":
                data[start + offset : start + offset + 4] = (10).to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))
    result = _run(project, path, fmt="brat")
    assert "liar.zip:doc1.txt" in _messages(result)
    assert not Article.objects.filter(project=project).exists()


def test_ordinary_brat_zip_still_imports(project, tmp_path):
    ann = "T1\tSPEAKER 0 5\tAlice\nT2\tQUOTE 13 25\tWe will win.\nR1\tsaid_by Arg1:T1 Arg2:T2\n"
    path = write_zip(tmp_path / "b.zip", {"doc1.txt": TEXT, "doc1.ann": ann})
    result = _run(project, path)
    assert result.written and Article.objects.filter(project=project).count() == 1


def test_a_bomb_uploaded_through_the_api_is_refused_and_the_job_fails(project, tmp_path):
    manager = factories.add_member(project, role=Role.MANAGER)
    token = Token.objects.create(user=manager)
    api = Client(headers={"Authorization": f"Token {token.key}"})
    with open(_bomb(tmp_path / "bomb.zip"), "rb") as upload:
        response = api.post(
            f"/api/v1/projects/{project.slug}/imports/", {"file": upload, "format": "brat"}
        )
    assert response.status_code == 202
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED
    assert "doc1.txt" in json.dumps(response.json())


DEEP = 20_000


def test_json_nested_20000_deep_in_an_api_body_is_a_400(project):
    reviewer = factories.add_member(project, role=Role.REVIEWER)
    article = factories.make_article(project)
    token = Token.objects.create(user=reviewer)
    body = '{"mentions": ' + "[" * DEEP + "]" * DEEP + "}"
    assert len(body) < 41_000
    response = Client(headers={"Authorization": f"Token {token.key}"}).post(
        f"/api/v1/projects/{project.slug}/articles/{article.pk}/annotations/",
        body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_json_nested_20000_deep_in_a_jsonl_line_is_a_problem_naming_the_line(project, tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", [record("a1")])
    with open(path, "a", encoding="utf-8") as file:
        file.write('{"meta": ' + "[" * DEEP + "]" * DEEP + "}\n")
    result = _run(project, path)
    assert "a.jsonl line 2: bad JSON: nested too deeply" in _messages(result)


def test_json_nested_20000_deep_in_a_json_array_is_refused(project, tmp_path):
    path = tmp_path / "a.json"
    path.write_text("[" + json.dumps(record("a1")) + ", " + "[" * DEEP + "]" * DEEP + "]")
    result = _run(project, path, fmt="json")
    assert "nested too deeply" in _messages(result)
