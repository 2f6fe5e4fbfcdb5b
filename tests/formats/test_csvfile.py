"""The CSV reader: known columns, unknown ones into meta."""

import pytest

from annotations.formats import csvfile
from annotations.formats.records import FileProblem
from tests.factories import byte_stream


def test_csv_reader_puts_unknown_columns_in_meta():
    data = "external_id,title,text,published,section\nx1,T,Some text,2023-01-02,World\n"
    (parsed,) = list(csvfile.read_csv(byte_stream(data), "f.csv"))
    assert parsed.record["text"] == "Some text"
    assert parsed.record["published"] == "2023-01-02"
    assert parsed.record["meta"] == {"section": "World"}


def test_csv_reader_refuses_a_header_without_text():
    with pytest.raises(FileProblem, match="text"):
        list(csvfile.read_csv(byte_stream("external_id,title\nx,y\n"), "f.csv"))
