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
    yield from _ArrayScanner(stream, name, chunk_size).elements()


class _ArrayScanner:
    """Reads a JSON array a chunk at a time: `buffer[position:]` is the text not read yet."""

    def __init__(self, stream: BinaryIO, name: str, chunk_size: int):
        self.stream = stream
        self.name = name
        self.chunk_size = chunk_size
        self.decoder = json.JSONDecoder()
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.buffer = ""
        self.position = 0
        self.consumed_bytes = 0
        self.at_eof = False

    def elements(self) -> Iterator[tuple[int, object]]:
        if not self._skip_space() or self.buffer[self.position] != "[":
            raise FileProblem(self.name, "not a JSON array: the file must start with [")
        self.position += 1
        number = 0
        while True:
            if not self._skip_space():
                raise FileProblem(self.name, f"the JSON array breaks off after record {number}")
            if self.buffer[self.position] == "]":
                self.position += 1
                if self._skip_space():
                    raise FileProblem(self.name, "bad JSON: extra data after the closing ]")
                return
            if number > 0:
                self._comma(number)
            number += 1
            yield number, self._value(number)

    def _comma(self, number: int) -> None:
        """The `,` between record `number` and the next, and the space after it."""
        if self.buffer[self.position] != ",":
            raise FileProblem(self.name, f"bad JSON after record {number}: expected , or ]")
        self.position += 1
        if not self._skip_space():
            raise FileProblem(self.name, f"the JSON array breaks off after record {number}")

    def _value(self, number: int) -> object:
        """Record `number`, read from `position`, with more chunks read while it is cut off."""
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.position)
                # A number at the very end of the buffer may continue in the next chunk.
                if end < len(self.buffer) or self.at_eof or not isinstance(value, int | float):
                    break
                if not self._more():
                    break
            except json.JSONDecodeError as error:
                if not self._more():
                    raise FileProblem(
                        self.name, f"bad JSON in record {number}: {error.msg}"
                    ) from error
            except RecursionError:
                raise FileProblem(
                    self.name, f"bad JSON in record {number}: nested too deeply"
                ) from None
        self.position = end
        return value

    def _skip_space(self) -> bool:
        """Move past white space; False at the end of the file."""
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position] in " \t\r\n":
                self.position += 1
            if self.position < len(self.buffer):
                return True
            if not self._more():
                return False

    def _more(self) -> bool:
        """Read and decode the next chunk into the buffer; False once the file is used up."""
        if self.at_eof:
            return False
        data = self.stream.read(self.chunk_size)
        if not data:
            self.at_eof = True
            self.buffer = self.buffer[self.position :] + self._decode(b"", final=True)
            self.position = 0
            return True
        if self.consumed_bytes == 0 and data.startswith(codecs.BOM_UTF8):
            data = data[3:]
            self.consumed_bytes += 3
        text = self._decode(data)
        self.consumed_bytes += len(data)
        self.buffer = self.buffer[self.position :] + text
        self.position = 0
        return True

    def _decode(self, data: bytes, final: bool = False) -> str:
        try:
            return self.utf8.decode(data, final=final)
        except UnicodeDecodeError as error:
            raise FileProblem(
                self.name, f"invalid UTF-8 at byte {self.consumed_bytes + error.start} of the file"
            ) from error


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
