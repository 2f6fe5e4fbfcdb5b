"""Streaming a file that is written as it is sent: the zip (brat) and Parquet writers write
into a sink whose bytes are handed on after each batch, so memory holds one batch."""


class DrainingSink:
    """A write-only file that keeps only the bytes written since the last `drain()`.

    It cannot seek, which pyarrow's Parquet writer and zipfile both accept; `tell()` counts
    every byte ever written, as they need."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._position = 0
        self.closed = False

    def write(self, data) -> int:
        data = bytes(data)
        self._parts.append(data)
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data
