"""The newsquotes JSONL format (one article record a line) and its JSON-array twin.

The record shape is README's "The JSONL article record"; the importer checks the fields,
this module only reads. Both readers stream: memory stays flat whatever the file size.
"""

import codecs
import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from .records import FileProblem, Parsed, Problem, json_lines

# --- reading ------------------------------------------------------------------------------


def read_jsonl(stream: BinaryIO, name: str) -> Iterator[Parsed]:
    """One Parsed per non-blank line."""
    for where, _number, value, problem in json_lines(stream, name):
        if problem is not None:
            yield Parsed(where, None, [problem])
            continue
        yield _as_record(value, where)


def read_json_array(stream: BinaryIO, name: str) -> Iterator[Parsed]:
    """One Parsed per element of a top-level JSON array."""
    for number, value in iter_json_array(stream, name):
        yield _as_record(value, f"{name} record {number}")


def iter_json_array(
    stream: BinaryIO, name: str, chunk_size: int = 1 << 16
) -> Iterator[tuple[int, object]]:
    """The elements of a top-level JSON array, numbered from 1, decoded one at a time.

    Raises FileProblem for bytes that are not UTF-8 (with their position), for JSON that
    breaks off or is malformed (with the record number), or when the file is not an array.
    """
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    buffer = ""
    consumed_bytes = 0
    at_eof = False
    started = False
    number = 0
    position = 0

    def more() -> bool:
        nonlocal buffer, consumed_bytes, at_eof, position
        if at_eof:
            return False
        data = stream.read(chunk_size)
        if not data:
            at_eof = True
            try:
                buffer = buffer[position:] + utf8.decode(b"", final=True)
            except UnicodeDecodeError as error:
                raise FileProblem(
                    name, f"invalid UTF-8 at byte {consumed_bytes + error.start} of the file"
                ) from error
            position = 0
            return True
        if consumed_bytes == 0 and data.startswith(codecs.BOM_UTF8):
            data = data[3:]
            consumed_bytes += 3
        try:
            text = utf8.decode(data)
        except UnicodeDecodeError as error:
            raise FileProblem(
                name, f"invalid UTF-8 at byte {consumed_bytes + error.start} of the file"
            ) from error
        consumed_bytes += len(data)
        buffer = buffer[position:] + text
        position = 0
        return True

    def skip_space() -> bool:
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n":
                position += 1
            if position < len(buffer):
                return True
            if not more():
                return False

    if not skip_space() or buffer[position] != "[":
        raise FileProblem(name, "not a JSON array: the file must start with [")
    position += 1
    started = True
    while started:
        if not skip_space():
            raise FileProblem(name, f"the JSON array breaks off after record {number}")
        if buffer[position] == "]":
            position += 1
            if skip_space():
                raise FileProblem(name, "bad JSON: extra data after the closing ]")
            return
        if number > 0:
            if buffer[position] != ",":
                raise FileProblem(name, f"bad JSON after record {number}: expected , or ]")
            position += 1
            if not skip_space():
                raise FileProblem(name, f"the JSON array breaks off after record {number}")
        while True:
            try:
                value, end = decoder.raw_decode(buffer, position)
                # A number at the very end of the buffer may continue in the next chunk.
                if end < len(buffer) or at_eof or not isinstance(value, int | float):
                    break
                if not more():
                    break
            except json.JSONDecodeError as error:
                if not more():
                    raise FileProblem(
                        name, f"bad JSON in record {number + 1}: {error.msg}"
                    ) from error
            except RecursionError:
                raise FileProblem(
                    name, f"bad JSON in record {number + 1}: nested too deeply"
                ) from None
        number += 1
        position = end
        yield number, value


def _as_record(value: object, where: str) -> Parsed:
    if not isinstance(value, dict):
        return Parsed(where, None, [Problem(where, "", "an article must be a JSON object")])
    return Parsed(where, value)


# --- writing ------------------------------------------------------------------------------

_CHUNK = 1 << 16


def write_jsonl(records: Iterable[dict]) -> Iterator[bytes]:
    """One record a line, UTF-8 without BOM; yields about 64 KB at a time."""
    yield from _chunks(_encode(record) + "\n" for record in records)


def write_json_array(records: Iterable[dict]) -> Iterator[bytes]:
    """The JSON format: the same records as one array, one record a line."""

    def pieces() -> Iterator[str]:
        yield "["
        for index, record in enumerate(records):
            yield ("\n" if index == 0 else ",\n") + _encode(record)
        yield "\n]\n"

    yield from _chunks(pieces())


_encode = json.JSONEncoder(ensure_ascii=False).encode


def _chunks(pieces: Iterable[str]) -> Iterator[bytes]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")
