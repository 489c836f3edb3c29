"""Stream -> Parquet beside stream -> stream, and the memory of a long stream into Parquet.

    python benchmarks/arrow.py                     # 20,000 items, 7 rounds; 1,000,000 for memory
    python benchmarks/arrow.py --items 5000 --memory 100000

The speed rows run side by side, round-robin, in one process (medians). The
memory row converts a stream of N small items into a Parquet file in a child
process and reports its peak resident memory above what it held before
(``VmHWM`` after ``/proc/self/clear_refs``): flat in N, because
``record_batches`` holds one batch at a time. Linux only. Needs pyarrow
(``pip install -e ".[arrow]"``).
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from imagegen_wire import ImageGenerationCall, arrow, read_delimited, write_delimited, write_ndjson

_CHILD = r"""
import sys
from pathlib import Path

import pyarrow.parquet as pq

from imagegen_wire import arrow, read_delimited


def kib(name):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    raise SystemExit(f"no {name} in /proc/self/status")


source, target = sys.argv[1], sys.argv[2]
before = kib("VmRSS")
Path("/proc/self/clear_refs").write_text("5")
with open(source, "rb") as stream, pq.ParquetWriter(target, arrow.SCHEMA) as out:
    for batch in arrow.record_batches(read_delimited(stream)):
        out.write_batch(batch)
print(kib("VmHWM") - before)
"""


def _items(count: int) -> list[ImageGenerationCall]:
    statuses = ("completed", "in_progress", "generating", "failed")
    return [
        ImageGenerationCall(id=f"ig_{n}", status=statuses[n % 4], result="aGk=" * (1 + n % 50))
        for n in range(count)
    ]


def speed(count: int, rounds: int) -> None:
    buffer = io.BytesIO()
    write_delimited(buffer, _items(count))
    data = buffer.getvalue()

    def to_stream() -> None:
        write_delimited(io.BytesIO(), read_delimited(io.BytesIO(data)))

    def to_ndjson() -> None:
        write_ndjson(io.BytesIO(), read_delimited(io.BytesIO(data)))

    def to_parquet() -> None:
        with pq.ParquetWriter(io.BytesIO(), arrow.SCHEMA) as out:
            for batch in arrow.record_batches(read_delimited(io.BytesIO(data))):
                out.write_batch(batch)

    cases: dict[str, Callable[[], None]] = {
        "stream -> stream": to_stream,
        "stream -> NDJSON": to_ndjson,
        "stream -> Parquet": to_parquet,
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            start = time.perf_counter()
            case()
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["stream -> stream"])
    for name, measured in times.items():
        median = statistics.median(measured)
        print(
            f"{name:18s} {count:,} items: {median * 1000:7.1f} ms "
            f"({count / median:,.0f} items/s, {median / base:.2f}x stream -> stream)"
        )


def memory(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "items.bin"
        with source.open("wb") as out:
            write_delimited(out, (item for _ in range(count // 1000) for item in _items(1000)))
        target = Path(folder) / "items.parquet"
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(source), str(target)],
            capture_output=True,
            text=True,
            check=True,
        )
        print(
            f"stream -> Parquet  {count:,} items ({source.stat().st_size / 1e6:.0f} MB): "
            f"peak RSS {int(done.stdout) / 1024:.1f} MiB above the start"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--memory", type=int, default=1_000_000, metavar="N")
    args = parser.parse_args()
    speed(args.items, args.rounds)
    memory(args.memory)


if __name__ == "__main__":
    main()
