"""The plain-text reader: one article a file."""

from annotations.formats import text


def test_text_reader_takes_the_first_line_as_title_and_the_name_as_id():
    (parsed,) = list(text.read_text_files([("dir/story-1.txt", b"Headline\n\nBody.")]))
    assert parsed.record["external_id"] == "story-1"
    assert parsed.record["title"] == "Headline"
    assert parsed.record["text"] == "Headline\n\nBody."
