"""Plain text files, one article each: the first line is the title, the whole file is the
text (so offsets made by other tools over the file still hold), the file name is the
external id. Several files at once, or a .zip of them."""

import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

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


def read_text_zip(path: str, name: str) -> Iterator[Parsed]:
    """The .txt files of a zip, in name order (other members are ignored with a warning)."""
    for member_name, data, warning in archive_members(path, name, (".txt",)):
        if warning is not None:
            yield Parsed(warning.where, None, [], [warning])
            continue
        yield from read_text_files([(f"{name}:{member_name}", data)])


def archive_members(
    path: str, name: str, suffixes: tuple[str, ...]
) -> Iterator[tuple[str, bytes | None, Problem | None]]:
    """The members of a zip, or the files of a folder (their paths inside it, with `/`)."""
    if os.path.isdir(path):
        yield from folder_members(path, name, suffixes)
    else:
        yield from zip_members(path, name, suffixes)


def folder_members(
    path: str, name: str, suffixes: tuple[str, ...]
) -> Iterator[tuple[str, bytes | None, Problem | None]]:
    """As `zip_members`, for the files under a folder (hidden ones passed over)."""
    root = Path(path)
    for file in sorted(root.rglob("*")):
        member = file.relative_to(root).as_posix()
        if file.is_dir() or any(part.startswith(".") for part in file.relative_to(root).parts):
            continue
        if not member.lower().endswith(suffixes):
            yield (
                member,
                None,
                Problem(f"{name}/{member}", "", "not a file this format reads: ignored"),
            )
            continue
        yield member, file.read_bytes(), None


def zip_members(
    path: str, name: str, suffixes: tuple[str, ...]
) -> Iterator[tuple[str, bytes | None, Problem | None]]:
    """(member name, bytes, None) for each file with one of the suffixes, and (name, None,
    warning) for the others; directories and macOS resource forks are passed over."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise FileProblem(name, f"not a readable zip file: {error}") from error
    with archive:
        for info in sorted(archive.infolist(), key=lambda info: info.filename):
            member = info.filename
            if (
                info.is_dir()
                or member.startswith("__MACOSX/")
                or PurePosixPath(member).name.startswith(".")
            ):
                continue
            if not member.lower().endswith(suffixes):
                yield (
                    member,
                    None,
                    Problem(f"{name}:{member}", "", "not a file this format reads: ignored"),
                )
                continue
            yield member, archive.read(info), None
