"""What every reader yields: an article record in the newsquotes JSONL shape, where it came
from, and what was wrong with it. Readers never touch the database."""

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ..errors import FieldError


@dataclass
class Problem:
    """One error or warning: the file and line or record, the field, and what to do."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.where}: {self.field}: {self.message}"
            if self.field
            else f"{self.where}: {self.message}"
        )

    def as_dict(self) -> dict:
        return {"where": self.where, "field": self.field, "message": self.message}


@dataclass
class Parsed:
    """One article as read from a file; `record` is None when it could not be read at all."""

    where: str
    record: dict | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


class FileProblem(FieldError):
    """The file as a whole cannot be read (wrong format, not a zip, …); the message starts
    with where (the file, its line)."""

    def __init__(self, where: str, message: str):
        super().__init__("file", f"{where}: {message}")
        self.problem = Problem(where, "", message)


def decoded_lines(stream: BinaryIO, name: str) -> Iterator[tuple[int, str | None, Problem | None]]:
    """Lines of a UTF-8 file, numbered from 1; a line that is not UTF-8 gives a Problem
    naming the byte position in the file. A leading BOM is dropped."""
    offset = 0
    for number, raw in enumerate(stream, start=1):
        line_offset = offset
        offset += len(raw)
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
            line_offset += 3
        try:
            yield number, raw.decode("utf-8"), None
        except UnicodeDecodeError as error:
            yield (
                number,
                None,
                Problem(
                    f"{name} line {number}",
                    "",
                    f"invalid UTF-8 at byte {line_offset + error.start} of the file",
                ),
            )


def json_lines(stream: BinaryIO, name: str) -> Iterator[tuple[str, int, object, Problem | None]]:
    """Each non-blank line's place, number and JSON value, or the problem that stops it."""
    for number, line, problem in decoded_lines(stream, name):
        where = f"{name} line {number}"
        if problem is not None:
            yield where, number, None, problem
            continue
        if not line.strip():
            continue
        try:
            yield where, number, json.loads(line), None
        except json.JSONDecodeError as error:
            message = f"bad JSON: {error.msg} at column {error.colno}"
            yield where, number, None, Problem(where, "", message)
        except RecursionError:
            yield where, number, None, Problem(where, "", "bad JSON: nested too deeply")


def decode_text(data: bytes, name: str) -> str:
    """A whole small file (a .txt or .ann) as text; FileProblem with the byte position if it is
    not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileProblem(name, f"invalid UTF-8 at byte {error.start} of the file") from error


# The keys of one newsquotes article record (the JSONL line), in order: declared once here,
# used by every reader, the exporter and the CSV format (whose columns are the string ones).
ARTICLE_KEYS = (
    "external_id", "title", "text", "source", "url", "author", "published", "language",
    "meta", "annotations",
)  # fmt: skip
ARTICLE_STRING_KEYS = tuple(key for key in ARTICLE_KEYS if key not in ("meta", "annotations"))


def article_record(**fields) -> dict:
    """A record with every key of the JSONL shape, in its order, defaults filled in."""
    record = dict.fromkeys(ARTICLE_STRING_KEYS, "")
    record.update(published=None, meta={}, annotations=[])
    record.update(fields)
    return record
