"""Plain text files, one article each: the first line is the title, the whole file is the
text (so offsets made by other tools over the file still hold), the file name is the
external id. Several files at once, or a .zip of them."""

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from .records import FileProblem, Parsed, Problem, article_record, decode_text


def read_text_files(files: Iterable[tuple[str, bytes]]) -> Iterator[Parsed]:
    """One Parsed per (name, content) pair."""
    for name, data in files:
        try:
            text = decode_text(data, name)
        except FileProblem as problem:
            yield Parsed(name, None, [problem.problem])
            continue
        external_id = PurePosixPath(name.rpartition(".zip:")[2] or name).stem
        title = text.lstrip().split("\n", 1)[0].strip()
        yield Parsed(name, article_record(external_id=external_id, title=title, text=text))


@dataclass(frozen=True)
class ZipLimits:
    """What a zip may expand to: a zip bomb is refused before it fills the memory."""

    total_bytes: int = 256 * 1024 * 1024  # all read entries together, uncompressed
    entry_bytes: int = 64 * 1024 * 1024  # one entry, uncompressed
    ratio: int = 100  # uncompressed / compressed, for entries over RATIO_FROM bytes


# Small entries compress as they like: the ratio only matters where memory does.
RATIO_FROM = 1024 * 1024
CHUNK = 1024 * 1024


def read_text_zip(path: str, name: str, limits: ZipLimits | None = None) -> Iterator[Parsed]:
    """The .txt files of a zip, in name order (other members are ignored with a warning)."""
    for member_name, data, warning in zip_members(path, name, (".txt",), limits):
        if warning is not None:
            yield Parsed(warning.where, None, [], [warning])
            continue
        yield from read_text_files([(f"{name}:{member_name}", data)])


def zip_members(
    path: str, name: str, suffixes: tuple[str, ...], limits: ZipLimits | None = None
) -> Iterator[tuple[str, bytes | None, Problem | None]]:
    """(member name, bytes, None) for each file with one of the suffixes, and (name, None,
    warning) for the others; directories and macOS resource forks are passed over.

    Before anything is read, the entries' declared sizes are checked against `limits` (each
    entry, the total and the compression ratio); each entry is then read as a stream that
    stops at its limit, whatever its header claims. FileProblem names the entry."""
    limits = limits or ZipLimits()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise FileProblem(name, f"not a readable zip file: {error}") from error
    with archive:
        wanted = []
        for info in sorted(archive.infolist(), key=lambda info: info.filename):
            member = info.filename
            if (
                info.is_dir()
                or member.startswith("__MACOSX/")
                or PurePosixPath(member).name.startswith(".")
            ):
                continue
            wanted.append(info)
            if member.lower().endswith(suffixes):
                _check_declared(info, name, limits)
        declared = sum(
            info.file_size for info in wanted if info.filename.lower().endswith(suffixes)
        )
        if declared > limits.total_bytes:
            raise FileProblem(
                name,
                f"the zip expands to {declared:,} bytes; the limit is {limits.total_bytes:,} "
                "bytes (split it into several imports)",
            )
        total = 0
        for info in wanted:
            member = info.filename
            if not member.lower().endswith(suffixes):
                yield (
                    member,
                    None,
                    Problem(f"{name}:{member}", "", "not a file this format reads: ignored"),
                )
                continue
            data = _read_entry(archive, info, name, limits)
            total += len(data)
            if total > limits.total_bytes:
                raise FileProblem(
                    f"{name}:{member}",
                    f"the zip expands to more than {limits.total_bytes:,} bytes: refused",
                )
            yield member, data, None


def _check_declared(info: zipfile.ZipInfo, name: str, limits: ZipLimits) -> None:
    where = f"{name}:{info.filename}"
    if info.file_size > limits.entry_bytes:
        raise FileProblem(
            where,
            f"this entry expands to {info.file_size:,} bytes; the limit is "
            f"{limits.entry_bytes:,} bytes an entry",
        )
    if info.file_size > RATIO_FROM and info.file_size > limits.ratio * max(info.compress_size, 1):
        raise FileProblem(
            where,
            f"this entry expands {info.file_size // max(info.compress_size, 1):,} times "
            f"({info.compress_size:,} to {info.file_size:,} bytes); the limit is "
            f"{limits.ratio} times: refused as a zip bomb",
        )


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, limits) -> bytes:
    """The entry's bytes, read in chunks that stop past the entry limit."""
    chunks, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limits.entry_bytes:
                    raise FileProblem(
                        f"{name}:{info.filename}",
                        f"this entry expands to more than {limits.entry_bytes:,} bytes: refused",
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise FileProblem(f"{name}:{info.filename}", f"cannot read this entry: {error}") from error
    return b"".join(chunks)
