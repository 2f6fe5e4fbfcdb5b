"""Which format a file is in, and its records, streamed from the format's reader."""

import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from ..errors import FieldError
from ..formats import brat, csvfile, doccano, jsonl, labelstudio, text
from ..formats.records import FileProblem, Parsed

FORMATS = {
    "jsonl": "newsquotes JSONL",
    "json": "newsquotes JSON (an array of records)",
    "csv": "CSV with a header",
    "text": "plain text files (.txt, several, or a .zip)",
    "brat": "brat standoff (.zip of .txt and .ann)",
    "labelstudio": "Label Studio JSON export",
    "doccano": "doccano JSONL",
}


class ImportRefused(FieldError):
    """The import cannot start: an unknown option, an oversized or unreadable file. It reads
    "field: message" (the command prints it so); `message` is the part after the field."""

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def detect_format(files: list[tuple[str, str]]) -> str:
    """The format from the file name, and for .json/.jsonl from the first record."""
    names = [name.lower() for _, name in files]
    if len(files) > 1 or names[0].endswith(".txt"):
        return "text"
    path, name = files[0][0], names[0]
    if name.endswith(".zip"):
        try:
            with zipfile.ZipFile(path) as archive:
                has_ann = any(member.endswith(".ann") for member in archive.namelist())
        except (zipfile.BadZipFile, OSError) as error:
            raise ImportRefused(
                "file", f"{files[0][1]}: not a readable zip file ({error})"
            ) from error
        return "brat" if has_ann else "text"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    with open(path, "rb") as stream:
        head = stream.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        with open(path, "rb") as stream:
            try:
                first = next((value for _, value in jsonl.iter_json_array(stream, name)), None)
            except FileProblem:
                first = None
        return "labelstudio" if labelstudio.looks_like_labelstudio(first) else "json"
    if head.startswith(b"{"):
        line = head.split(b"\n", 1)[0]
        if b'"external_id"' not in line and (
            b'"label"' in line or b'"entities"' in line or b'"labels"' in line
        ):
            return "doccano"
        return "jsonl"
    raise ImportRefused(
        "file",
        f"{files[0][1]}: cannot tell the format from the name or the content; "
        f"choose one of {', '.join(FORMATS)}",
    )


def read_records(files: list[tuple[str, str]], fmt: str, label_map: dict) -> Iterator[Parsed]:
    """The records of the files in the given format, streamed."""
    if fmt == "text":
        if len(files) == 1 and files[0][1].lower().endswith(".zip"):
            yield from text.read_text_zip(*files[0], zip_limits())
        else:
            yield from text.read_text_files((name, Path(path).read_bytes()) for path, name in files)
        return
    if len(files) != 1:
        raise FileProblem(files[0][1], f"the {fmt} format reads one file at a time")
    path, name = files[0]
    if fmt == "brat":
        yield from brat.read_brat_zip(path, name, label_map, zip_limits())
        return
    with open(path, "rb") as stream:
        if fmt == "jsonl":
            yield from jsonl.read_jsonl(stream, name)
        elif fmt == "json":
            yield from jsonl.read_json_array(stream, name)
        elif fmt == "csv":
            yield from csvfile.read_csv(stream, name)
        elif fmt == "labelstudio":
            yield from labelstudio.read_labelstudio(stream, name, label_map)
        elif fmt == "doccano":
            yield from doccano.read_doccano(stream, name, label_map)


def zip_limits() -> text.ZipLimits:
    """The settings' bounds on what an uploaded zip may expand to."""
    return text.ZipLimits(
        total_bytes=settings.IMPORT_ZIP_MAX_TOTAL_BYTES,
        entry_bytes=settings.IMPORT_ZIP_MAX_ENTRY_BYTES,
        ratio=settings.IMPORT_ZIP_MAX_RATIO,
    )


def numbered_records(files, fmt, label_map, result) -> Iterator[tuple[int, Parsed]]:
    """Records numbered from 1; a problem that stops the file (bad JSON, invalid UTF-8, …) is
    recorded in `result` and ends the stream there."""
    number = 0
    try:
        for parsed in read_records(files, fmt, label_map):
            number += 1
            yield number, parsed
    except FileProblem as problem:
        if result is not None:
            result.add([problem.problem])
            result.invalid += 1
