"""CSV with a header: one article a row. Known columns fill the article's fields, every other
column goes to its `meta`. (Named csvfile so that it does not shadow the standard library.)"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO

from .records import (
    ARTICLE_STRING_KEYS,
    FileProblem,
    Parsed,
    Problem,
    article_record,
    decoded_lines,
)

ARTICLE_COLUMNS = ARTICLE_STRING_KEYS
REQUIRED_COLUMNS = ("external_id", "text")


def read_csv(stream: BinaryIO, name: str) -> Iterator[Parsed]:
    """One Parsed per data row; a file without the required columns is refused whole."""
    bad_lines: list[Problem] = []

    def lines() -> Iterator[str]:
        for _number, line, problem in decoded_lines(stream, name):
            if problem is not None:
                bad_lines.append(problem)
                yield "\n"
            else:
                yield line

    csv.field_size_limit(1 << 30)
    reader = csv.reader(lines())
    try:
        header = next(reader)
    except StopIteration:
        raise FileProblem(name, "the CSV file is empty: it needs a header row") from None
    except csv.Error as error:
        raise FileProblem(f"{name} line 1", f"bad CSV: {error}") from error
    if bad_lines:
        raise FileProblem(bad_lines[0].where, bad_lines[0].message)
    header = [column.strip() for column in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise FileProblem(f"{name} line 1", f"the header lacks the column(s) {', '.join(missing)}")
    first_line = 2
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            where = f"{name} line {reader.line_num}"
            yield Parsed(where, None, [Problem(where, "", f"bad CSV: {error}")])
            return
        where = f"{name} line {first_line}"
        first_line = reader.line_num + 1
        if bad_lines:
            problem = bad_lines.pop(0)
            bad_lines.clear()
            yield Parsed(problem.where, None, [problem])
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield Parsed(
                where,
                None,
                [
                    Problem(
                        where, "", f"{len(row)} cells where the header has {len(header)} columns"
                    )
                ],
            )
            continue
        cells = dict(zip(header, row, strict=True))
        fields = {column: cells.pop(column) for column in ARTICLE_COLUMNS if column in cells}
        if "published" in fields:
            fields["published"] = fields["published"].strip() or None
        yield Parsed(where, article_record(**fields, meta=cells))


# --- writing ------------------------------------------------------------------------------


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(cell):
    """A text cell a spreadsheet would run, prefixed with a single quote (shown as text)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_csv(
    columns: Sequence[str], batches: Iterable[Sequence[Sequence]], *, raw: bool = False
) -> Iterator[bytes]:
    """The header, then the rows, as UTF-8 CSV (RFC 4180 quoting, CRLF line ends); one chunk
    of bytes a batch of rows, so memory stays flat. None becomes an empty cell. Text cells
    that a spreadsheet would run as a formula are neutralised unless `raw` (machine use)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for batch in batches:
        if not raw:
            batch = [[neutralise_formula(cell) for cell in row] for row in batch]
        writer.writerows(batch)
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")
