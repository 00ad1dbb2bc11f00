"""Length-prefixed marshal chunks in a temporary file: how validated rows and
row errors wait on disk instead of in memory."""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from typing import IO, Any


def write_chunk(handle: IO[bytes], items: list[Any]) -> None:
    data = marshal.dumps(items)
    handle.write(len(data).to_bytes(8, "little"))
    handle.write(data)


def read_chunks(handle: IO[bytes]) -> Iterator[list[Any]]:
    """Chunks back from write_chunk. marshal.load on a file object reads a few
    bytes per call; one read per chunk and marshal.loads is many times faster."""
    while size := int.from_bytes(handle.read(8), "little"):
        # Our own temporary file, written by this process a moment ago.
        yield marshal.loads(handle.read(size))  # noqa: S302 # nosec B302 # our own temporary file
