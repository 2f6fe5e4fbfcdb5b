"""Data moves both ways: what the exporter writes, the importer reads back unchanged."""

import pytest

from annotations import demo, exporting, importing
from annotations.models import Annotation, Role
from tests import factories
from tests.factories import reference_quotes

pytestmark = pytest.mark.django_db


def imported_quotes(annotation: Annotation, with_speakers: bool) -> set:
    def span(mention):
        return (mention.start, mention.end, mention.text) if mention else None

    return {
        (
            span(q.content),
            q.type,
            q.speaker.name if with_speakers and q.speaker else None,
            span(q.speaker_mention),
            span(q.cue),
        )
        for q in annotation.quotes.select_related("content", "speaker_mention", "cue", "speaker")
    }


@pytest.mark.parametrize(
    ("fmt", "with_speakers"),
    [("jsonl", True), ("json", True), ("brat", False), ("labelstudio", False)],
)
def test_gold_export_imports_back_into_a_new_project(fmt, with_speakers, tmp_path):
    source = demo.load_demo(password="demo-pass-123").project
    annotations = exporting.export_annotations(source, "gold")
    path = tmp_path / f"export.{exporting.EXPORT_FORMATS[fmt].extension}"
    path.write_bytes(b"".join(exporting.stream_export(source, annotations, fmt)))
    target = factories.make_project()
    manager = factories.add_member(target, role=Role.MANAGER)
    options = importing.ImportOptions.build(format=fmt)
    result = importing.run_import(target, [(str(path), path.name)], options, user=manager)
    assert result.error_count == 0, result.errors
    gold = Annotation.objects.get(article__project=target, annotator=None)
    expected = reference_quotes()
    if not with_speakers:
        expected = {(c, t, None, s, q) for c, t, _, s, q in expected}
    assert imported_quotes(gold, with_speakers) == expected
