"""Stream throughput and memory: ``python benchmarks/stream.py [--items N] [--big M]``.

Not part of the test run (speed is never asserted). Prints, for N small items,
the write and read rates of length-delimited binary and NDJSON streams, then
writes M small items to a temporary file and reports the peak Python memory
(tracemalloc) of reading them all back with ``read_delimited``: it stays flat
however large M is, because the reader is an iterator.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
import tracemalloc
from collections.abc import Callable

from imagegen_wire import (
    ImageGenerationCall,
    read_delimited,
    read_ndjson,
    write_delimited,
    write_ndjson,
)

STATUSES = ("completed", "in_progress", "generating", "failed")


def small_items(count: int) -> list[ImageGenerationCall]:
    """Items of about 60 bytes of binary: an id, a status, a 32-byte image as base64."""
    image = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY="  # 32 bytes
    return [
        ImageGenerationCall(id=f"ig_{n:08d}", status=STATUSES[n % 4], result=image)
        for n in range(count)
    ]


def best_of(runs: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def throughput(count: int) -> None:
    items = small_items(count)
    for name, write, read in (
        ("delimited binary", write_delimited, read_delimited),
        ("NDJSON", write_ndjson, read_ndjson),
    ):
        out = io.BytesIO()
        write(out, items)
        data = out.getvalue()
        assert list(read(io.BytesIO(data))) == items  # type: ignore[operator]
        w = best_of(5, lambda: write(io.BytesIO(), items))  # noqa: B023 - used at once
        r = best_of(5, lambda: sum(1 for _ in read(io.BytesIO(data))))  # type: ignore[operator]  # noqa: B023
        mb = len(data) / 1e6
        print(
            f"{name:17} {count:,} items, {len(data):,} bytes: "
            f"write {count / w:,.0f} items/s ({mb / w:,.1f} MB/s), "
            f"read {count / r:,.0f} items/s ({mb / r:,.1f} MB/s)"
        )


def flat_memory(count: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "big.bin")
        with open(path, "wb") as file:
            batch = 10_000
            for start in range(0, count, batch):
                write_delimited(file, small_items(min(batch, count - start)))
        size = os.path.getsize(path)
        tracemalloc.start()
        start = time.perf_counter()
        with open(path, "rb") as file:
            seen = sum(1 for _ in read_delimited(file))
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"read_delimited over {seen:,} items ({size / 1e6:,.1f} MB file): "
        f"peak traced memory {peak / 1024:,.1f} KiB, {elapsed:,.1f} s under tracemalloc"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=1_000_000)
    args = parser.parse_args()
    throughput(args.items)
    if args.big:
        flat_memory(args.big)


if __name__ == "__main__":
    main()
