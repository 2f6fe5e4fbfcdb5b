"""Quotes in fragments leave in every export that can hold them and come back unchanged:
the attribution corpus imported, exported (JSONL, JSON, brat, Label Studio) and imported into
a new project gives the same quotes and fragments; CSV and Parquet give one row a quote."""

import csv
import io
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from annotations import exporting, importing
from annotations.models import Annotation, Role
from tests import factories

pytestmark = pytest.mark.django_db
CORPUS = Path(__file__).parent.parent / "data" / "brat_attribution"
LABEL_MAP = "Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=-,Discard=-,Discuss=-"


@pytest.fixture
def corpus_project(tmp_path):
    project = factories.make_project(show_annotator_names=True)
    factories.add_member(project, factories.make_user("annotator_b"), role=Role.ANNOTATOR)
    options = importing.ImportOptions.build(format="brat", label_map=LABEL_MAP)
    result = importing.run_import(project, [(str(CORPUS), "corpus")], options)
    assert result.written and result.errors == []
    return project


def quotes_of(project) -> dict:
    """(article, annotator) → each quote's fragments, speaker mention, cue, type."""
    found = {}
    for annotation in Annotation.objects.filter(article__project=project).select_related(
        "article", "annotator"
    ):
        key = (annotation.article.external_id, getattr(annotation.annotator, "username", None))
        found[key] = sorted(
            (
                q.fragment_spans,
                q.speaker_mention and (q.speaker_mention.start, q.speaker_mention.end),
                q.cue and (q.cue.start, q.cue.end),
                q.type,
            )
            for q in annotation.quotes.prefetch_related("later_fragments")
        )
    return found


def exported(project, fmt: str, tmp_path) -> Path:
    annotations = exporting.export_annotations(project, "all")
    suffix = {"brat": ".zip", "labelstudio": ".json", "json": ".json"}.get(fmt, f".{fmt}")
    path = tmp_path / f"export{suffix}"
    path.write_bytes(b"".join(exporting.stream_export(project, annotations, fmt)))
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "json", "brat", "labelstudio"])
def test_an_export_imports_into_a_new_project_with_the_same_fragments(
    corpus_project, tmp_path, fmt
):
    path = exported(corpus_project, fmt, tmp_path)
    second = factories.make_project(show_annotator_names=True)
    annotator_b = corpus_project.memberships.get().user
    factories.add_member(second, annotator_b, role=Role.ANNOTATOR)
    result = importing.run_import(second, [(str(path), path.name)], importing.ImportOptions())
    assert result.errors == [] and result.written, result.errors[:3]
    assert result.warnings == []
    first_quotes = quotes_of(corpus_project)
    assert sum(len(q) > 1 for quotes in first_quotes.values() for q, *_ in quotes) >= 8
    assert quotes_of(second) == first_quotes


def test_brat_export_writes_fragments_on_one_t_line(corpus_project, tmp_path):
    archive = zipfile.ZipFile(exported(corpus_project, "brat", tmp_path))
    ann = archive.read("kremlin-nato.ann").decode("utf-8")
    text = archive.read("kremlin-nato.txt").decode("utf-8")
    start = text.index("The alliance")
    second = text.index("and it will go on")
    line = next(line for line in ann.splitlines() if ";" in line)
    assert f"QUOTE {start} {start + 39};{second} {second + 26}\t" in line


def test_csv_row_spans_the_quote_and_lists_its_fragments(corpus_project, tmp_path):
    rows = list(csv.DictReader(io.StringIO(exported(corpus_project, "csv", tmp_path).read_text())))
    row = next(r for r in rows if r["quote_text"].startswith("The alliance"))
    joined = "The alliance is analysing the situation … and it will go on doing so"
    assert row["quote_text"] == joined
    (first, second) = [tuple(map(int, p.split("-"))) for p in row["quote_fragments"].split(";")]
    assert (int(row["quote_start"]), int(row["quote_end"])) == (first[0], second[1])
    whole = next(r for r in rows if r["quote_text"].startswith("NATO regards"))
    assert whole["quote_fragments"] == f"{whole['quote_start']}-{whole['quote_end']}"


def test_parquet_has_the_same_columns_and_fragments(corpus_project, tmp_path):
    table = pq.read_table(exported(corpus_project, "parquet", tmp_path))
    assert table.column_names == list(exporting.CSV_COLUMNS)
    rows = table.to_pylist()
    row = next(r for r in rows if r["quote_text"].startswith("The alliance"))
    assert row["quote_fragments"].count(";") == 1 and isinstance(row["quote_end"], int)
