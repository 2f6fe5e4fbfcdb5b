"""Parquet: one row a quote, the CSV columns, typed. Written one row group a batch into a
sink that hands its bytes on at once, so the file streams and memory stays flat."""

from collections.abc import Iterable, Iterator, Sequence

from .streams import DrainingSink

# The Arrow type of each export column; any column not named here is text.
INTEGER_COLUMNS = {
    "annotation_id",
    "quote_id",
    "quote_start",
    "quote_end",
    "speaker_id",
    "speaker_mention_start",
    "speaker_mention_end",
    "cue_start",
    "cue_end",
}
DATE_COLUMNS = {"article_published"}


def parquet_schema(columns: Sequence[str]):
    """The Arrow schema of the columns (pyarrow is imported here, when a Parquet file is made:
    it weighs tens of megabytes that the other formats do not need)."""
    import pyarrow as pa

    def arrow_type(column: str):
        if column in INTEGER_COLUMNS:
            return pa.int64()
        if column in DATE_COLUMNS:
            return pa.date32()
        return pa.string()

    return pa.schema([(column, arrow_type(column)) for column in columns])


def write_parquet(columns: Sequence[str], batches: Iterable[Sequence[tuple]]) -> Iterator[bytes]:
    """A Parquet file of the rows, one row group a batch; yields the bytes as they are made."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(columns)
    sink = DrainingSink()
    # Statistics only for numbers and dates: min/max of long texts would pile up in the footer,
    # one pair per row group, and the footer stays in memory until the end.
    statistics = [c for c in columns if c in INTEGER_COLUMNS or c in DATE_COLUMNS]
    writer = pq.ParquetWriter(sink, schema, compression="zstd", write_statistics=statistics)
    try:
        for batch in batches:
            arrays = [
                pa.array([row[index] for row in batch], type=schema.field(index).type)
                for index in range(len(columns))
            ]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            yield sink.drain()
    finally:
        writer.close()
    yield sink.drain()
