"""Streams as users run them: ``python benchmarks/stream.py [--quick] [--big M]``.

Not part of the test run (speed is never asserted). In one round-robin run
(``timing.compare``: medians over repeats), for N (``workloads.many()``: 10,000
small items), NDJSON to a length-delimited stream and back:

- protobuf's ``json_format``, a per-item loop over lines and frames (the peer);
- ``write_delimited(out, read_ndjson(src))`` and ``write_ndjson(out, read_delimited(src))``
  over ``BytesIO`` and over files on disk;
- the same through ``imagegen_wire.aio``, from an ``asyncio.StreamReader`` to an
  async ``write``;
- the command line, ``imagegen-wire encode --format ndjson`` and ``decode --format
  stream``, on N ten times over (its start-up spread over 100,000 items), beside
  the library on the same files.

Then L (1 MiB images) through the stream against ``from_json(line).to_bytes()``
alone, and the peak Python memory of reading M small items back (flat: the reader
is an iterator).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import contenders
import timing
import workloads

from imagegen_wire import (
    ImageGenerationCall,
    aio,
    read_delimited,
    read_ndjson,
    write_delimited,
    write_ndjson,
)

CLI = [sys.executable, "-m", "imagegen_wire"]


class _Sink:
    """An async ``write`` into memory, as aiofiles or a socket wrapper offers."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    async def write(self, data: bytes) -> None:
        self.parts.append(data)


def _through_aio(data: bytes, read: Callable[..., object], write: Callable[..., object]) -> bytes:
    async def run() -> bytes:
        source = asyncio.StreamReader()
        source.feed_data(data)
        source.feed_eof()
        sink = _Sink()
        await write(sink, read(source))  # type: ignore[misc]
        return b"".join(sink.parts)

    return asyncio.run(run())


def _through_files(
    src: Path, dst: Path, read: Callable[..., object], write: Callable[..., int]
) -> None:
    with src.open("rb") as source, dst.open("wb") as out:
        write(out, read(source))


def _through_memory(data: bytes, read: Callable[..., object], write: Callable[..., int]) -> bytes:
    out = io.BytesIO()
    write(out, read(io.BytesIO(data)))
    return out.getvalue()


def n_figures(directory: Path, repeats: int) -> None:
    documents = workloads.many().documents
    count = len(documents)
    ndjson, stream = contenders.ours().stream_inputs(documents)
    peer = contenders.protobuf_json_format()
    peer_ndjson, peer_stream = peer.stream_inputs(documents)
    paths = {name: directory / name for name in ("n.ndjson", "n.bin", "out")}
    paths["n.ndjson"].write_bytes(ndjson)
    paths["n.bin"].write_bytes(stream)
    # Every way gives the library's bytes before it is timed.
    assert _through_memory(ndjson, read_ndjson, write_delimited) == stream
    assert _through_memory(stream, read_delimited, write_ndjson) == ndjson
    assert _through_aio(ndjson, aio.read_ndjson, aio.write_delimited) == stream
    assert _through_aio(stream, aio.read_delimited, aio.write_ndjson) == ndjson
    lines = ndjson.splitlines()
    frames = [ImageGenerationCall.from_json(line).to_bytes() for line in lines]
    from_json, from_bytes = ImageGenerationCall.from_json, ImageGenerationCall.from_bytes
    alone = {  # the item's own calls with no stream around them: a floor for any stream of items
        "NDJSON -> stream": lambda: [from_json(line).to_bytes() for line in lines],
        "stream -> NDJSON": lambda: [from_bytes(frame).to_json() for frame in frames],
    }
    directions = {
        "NDJSON -> stream": (ndjson, "n.ndjson", read_ndjson, write_delimited, aio.read_ndjson,
                             aio.write_delimited, lambda: peer.run_encode_stream(peer_ndjson)),
        "stream -> NDJSON": (stream, "n.bin", read_delimited, write_ndjson, aio.read_delimited,
                             aio.write_ndjson, lambda: peer.run_decode_stream(peer_stream)),
    }  # fmt: skip
    print(f"N: {count:,} small items; microseconds per item, median of {repeats} repeats")
    ways = ("BytesIO", "files", "aio", "items alone")
    print(f"{'':18} {'json_format':>12} " + " ".join(f"{way:>14}" for way in ways))
    for direction, (data, name, read, write, aread, awrite, run_peer) in directions.items():
        calls = {
            "json_format": run_peer,
            "BytesIO": lambda d=data, r=read, w=write: _through_memory(d, r, w),
            "files": lambda n=name, r=read, w=write: _through_files(paths[n], paths["out"], r, w),
            "aio": lambda d=data, r=aread, w=awrite: _through_aio(d, r, w),
            "items alone": alone[direction],
        }
        got = timing.compare(calls, repeats=repeats, target=0.2)
        peer_us = got["json_format"].median * 1e6 / count
        cells = [f"{peer_us:12.2f}"]
        for way in ways:
            us = got[way].median * 1e6 / count
            cells.append(f"{us:6.2f} x{peer_us / us:5.2f}")
        print(f"{direction:18} " + " ".join(cells))


def cli_figures(directory: Path, repeats: int) -> None:
    documents = workloads.many().documents * 10
    count = len(documents)
    ndjson, stream = contenders.ours().stream_inputs(documents)
    src_json, src_bin, out = directory / "c.ndjson", directory / "c.bin", directory / "c.out"
    src_json.write_bytes(ndjson)
    src_bin.write_bytes(stream)

    def command(*args: str) -> Callable[[], None]:
        return lambda: subprocess.run([*CLI, *args, "-o", str(out)], check=True)

    calls = {
        "encode": command("encode", "--format", "ndjson", str(src_json)),
        "library encode": lambda: _through_files(src_json, out, read_ndjson, write_delimited),
        "decode": command("decode", "--format", "stream", str(src_bin)),
        "library decode": lambda: _through_files(src_bin, out, read_delimited, write_ndjson),
    }
    command("encode", "--format", "ndjson", str(src_json))()
    assert out.read_bytes() == stream
    command("decode", "--format", "stream", str(src_bin))()
    assert out.read_bytes() == ndjson
    got = timing.compare(calls, repeats=repeats, target=0.0)
    start = timing.compare({"start": lambda: subprocess.run([*CLI, "--version"], check=True,
                                                            capture_output=True)},
                           repeats=repeats, target=0.0)["start"].median  # fmt: skip
    print(f"\nCLI on {count:,} items (N ten times), files to files; microseconds per item")
    print(f"(the interpreter's start-up and imports, `--version`, take {start * 1e3:.0f} ms)")
    for what in ("encode", "decode"):
        cli = got[what].median * 1e6 / count
        lib = got[f"library {what}"].median * 1e6 / count
        print(
            f"  {what}: command {cli:.2f}, library {lib:.2f} (command / library x{cli / lib:.2f})"
        )


def l_figures(repeats: int) -> None:
    items = [
        ImageGenerationCall(id=f"ig_{n}", status="completed", image_bytes=os.urandom(1 << 20))
        for n in range(8)
    ]
    lines = [item.to_json().encode() for item in items]
    ndjson = b"".join(line + b"\n" for line in lines)
    frames = [item.to_bytes() for item in items]

    def copies_alone() -> (
        None
    ):  # what a stream of them must copy: each line read, each frame written
        source, out = io.BytesIO(ndjson), io.BytesIO()
        for frame in frames:
            source.readline()
            out.write(frame)

    calls = {
        "the stream's reads and writes alone": copies_alone,
        "from_json(line).to_bytes()": lambda: [
            ImageGenerationCall.from_json(line).to_bytes() for line in lines
        ],
        "write_delimited(out, read_ndjson(src))": lambda: _through_memory(
            ndjson, read_ndjson, write_delimited
        ),
    }
    got = timing.compare(calls, repeats=repeats, target=0.2)
    base = got["from_json(line).to_bytes()"].median
    print(f"\nL: {len(items)} items of 1 MiB images; milliseconds per item")
    for name, figure in got.items():
        ms = figure.median * 1e3 / len(items)
        print(f"  {name}: {ms:.3f} (x{figure.median / base:.3f} of the item alone)")


def flat_memory(directory: Path, count: int) -> None:
    path = directory / "big.bin"
    item = ImageGenerationCall(id="ig_00000000", status="completed", image_bytes=bytes(32))
    with path.open("wb") as file:
        for start in range(0, count, 10_000):
            write_delimited(file, [item] * min(10_000, count - start))
    tracemalloc.start()
    start = time.perf_counter()
    with path.open("rb") as file:
        seen = sum(1 for _ in read_delimited(file))
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\nread_delimited over {seen:,} items ({path.stat().st_size / 1e6:,.1f} MB file): "
        f"peak traced memory {peak / 1024:,.1f} KiB, {elapsed:,.1f} s under tracemalloc"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 repeats, 20,000 items for memory")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--big", type=int, default=1_000_000)
    args = parser.parse_args()
    repeats = 3 if args.quick else args.repeats
    big = 20_000 if args.quick else args.big
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        n_figures(directory, repeats)
        cli_figures(directory, repeats)
        l_figures(repeats)
        if big:
            flat_memory(directory, big)


if __name__ == "__main__":
    main()
