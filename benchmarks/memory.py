"""Peak memory of converting one large item, each direction in a fresh process.

The goal (docs/robustness.md): converting an item adds at most 3x the larger of
its input and its output to the process's peak resident memory.

Each case runs in a child process that reads its input from a file, resets the
kernel's peak-RSS counter (``/proc/self/clear_refs``), converts, and reports
``VmHWM - VmRSS before``: everything the conversion added at its peak, the
output included. Linux only.

    python benchmarks/memory.py                  # 100 MB image, both directions
    python benchmarks/memory.py --mb 10          # a smaller image
    python benchmarks/memory.py --stream 1000000 # also: the stream readers over N items
    python benchmarks/memory.py --hostile        # also: inputs built to cost the most
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

MIB = 1024 * 1024

_CHILD = r"""
import sys
from pathlib import Path

from imagegen_wire import ImageGenerationCall


def status(name):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(name)


direction, path = sys.argv[1], sys.argv[2]
# "json-to-binary-str": the document handed over as a str (response.text), read before the mark.
data = Path(path).read_text("utf-8") if direction == "json-to-binary-str" else Path(path).read_bytes()
Path("/proc/self/clear_refs").write_text("5")  # peak RSS := current RSS
before = status("VmRSS")
if direction.startswith("json-to-binary"):
    out = ImageGenerationCall.from_json(data, strict=direction.endswith("strict")).to_bytes()
else:
    out = ImageGenerationCall.from_bytes(data).to_json()
peak = status("VmHWM")
print(len(data), len(out), peak - before)
"""


_STREAM_CHILD = r"""
import sys
from pathlib import Path

import imagegen_wire


def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise LookupError("VmRSS")


kind, path, every = sys.argv[1], sys.argv[2], int(sys.argv[3])
read = imagegen_wire.read_ndjson if kind == "ndjson" else imagegen_wire.read_delimited
samples = []
with open(path, "rb") as file:
    for count, item in enumerate(read(file), 1):
        if count % every == 0:
            samples.append(rss())
print(count, *samples)
"""


def _write_stream(folder: Path, count: int, kind: str) -> Path:
    import imagegen_wire

    def items() -> Iterator[imagegen_wire.ImageGenerationCall]:
        for index in range(count):
            yield imagegen_wire.ImageGenerationCall(
                id=f"ig_{index}", status="completed", result="aGVsbG8gd29ybGQ=",
                extra={"n": index},
            )  # fmt: skip

    path = folder / f"items.{kind}"
    with path.open("wb") as file:
        write = imagegen_wire.write_ndjson if kind == "ndjson" else imagegen_wire.write_delimited
        write(file, items())
    return path


def _measure_stream(kind: str, path: Path, every: int) -> tuple[int, list[int]]:
    done = subprocess.run(
        [sys.executable, "-c", _STREAM_CHILD, kind, str(path), str(every)],
        check=True,
        capture_output=True,
        text=True,
    )
    count, *samples = (int(word) for word in done.stdout.split())
    return count, samples


# Inputs made of the smallest things a parser must hold as objects: the worst
# ratio of memory to input size. Each is about 5-12 MB; the ratio is what matters.
_HOSTILE_CHILD = r"""
import sys
import time
from pathlib import Path

from imagegen_wire import ImageGenerationCall
from imagegen.v1 import image_generation_call_pb2 as pb


def status(name):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(name)


n = 3_000_000
head = b'{"type":"image_generation_call","id":"a","status":"completed"'
last = pb.ImageGenerationCall(status=2).SerializeToString()
members = [pb.ExtraMember(name=str(i), json_value="0").SerializeToString() for i in range(n // 4)]
inputs = {
    "JSON, empty arrays in a member": head + b',"x":[' + b"[]," * n + b"[]]}",
    "JSON, zeros in a member": head + b',"x":[' + b"0," * n + b"0]}",
    "JSON, floats in a member": head + b',"x":[' + b"0.5," * n + b"0.5]}",
    "JSON, many members": head + b"".join(b',"%d":0' % i for i in range(n // 4)) + b"}",
    "binary, unknown varint fields": b"\xa0\x06\x01" * n + last,
    "binary, extra members": b"".join(b"\x32" + bytes([len(m)]) + m for m in members) + last,
}
name = sys.argv[1]
data = inputs[name]
read = ImageGenerationCall.from_bytes if name.startswith("binary") else ImageGenerationCall.from_json
Path("/proc/self/clear_refs").write_text("5")
before = status("VmRSS")
start = time.perf_counter()
try:
    read(data)
    outcome = "read"
except ValueError as exc:
    outcome = type(exc).__name__
print(len(data), status("VmHWM") - before, time.perf_counter() - start, outcome)
"""
_HOSTILE = (
    "JSON, empty arrays in a member",
    "JSON, zeros in a member",
    "JSON, floats in a member",
    "JSON, many members",
    "binary, unknown varint fields",
    "binary, extra members",
)


def _report_hostile() -> None:
    """Memory and time for inputs built to be expensive: why ``max_size`` matters."""
    for name in _HOSTILE:
        done = subprocess.run(
            [sys.executable, "-c", _HOSTILE_CHILD, name], check=True, capture_output=True, text=True
        )
        size, added, seconds, outcome = done.stdout.split()
        ratio = int(added) / int(size)
        print(
            f"{name:31} {int(size) / 1e6:5.1f} MB  added at peak {int(added) / 1e6:6.1f} MB "
            f"= {ratio:4.1f}x  {float(seconds):5.2f} s  {outcome}"
        )


def _write_inputs(folder: Path, megabytes: float) -> tuple[Path, Path, Path]:
    """The item as compact JSON, as JSON with spaces (``json.dumps``'s default), and as bytes.

    Both JSON layouts, since readers may take a different path for each.
    """
    image = os.urandom(int(megabytes * 1_000_000))
    document = {
        "type": "image_generation_call",
        "id": "ig_memory",
        "result": base64.b64encode(image).decode("ascii"),
        "status": "completed",
    }
    del image
    json_path = folder / "item.json"
    json_path.write_text(json.dumps(document, separators=(",", ":")), "utf-8")
    spaced_path = folder / "item-spaced.json"
    spaced_path.write_text(json.dumps(document), "utf-8")
    del document
    from imagegen_wire import ImageGenerationCall

    binary_path = folder / "item.bin"
    binary_path.write_bytes(ImageGenerationCall.from_json(json_path.read_bytes()).to_bytes())
    return json_path, spaced_path, binary_path


def _measure(direction: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, direction, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    size_in, size_out, added = (int(word) for word in done.stdout.split())
    larger = max(size_in, size_out)
    return {
        "input_mb": size_in / 1e6,
        "output_mb": size_out / 1e6,
        "added_mb": added / 1e6,
        "ratio": added / larger,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=100, help="image size in MB (default 100)")
    parser.add_argument("--goal", type=float, default=3.0, help="allowed ratio (default 3)")
    parser.add_argument("--stream", type=int, metavar="N", help="also read a stream of N items")
    parser.add_argument(
        "--hostile", action="store_true", help="also: inputs built to cost the most memory"
    )
    args = parser.parse_args()
    failed = False
    if args.hostile:
        _report_hostile()
    if args.stream:
        failed |= _report_streams(args.stream)
    with tempfile.TemporaryDirectory() as tmp:
        json_path, spaced_path, binary_path = _write_inputs(Path(tmp), args.mb)
        cases = (
            ("json-to-binary", "compact JSON", json_path),
            ("json-to-binary", "JSON, spaced", spaced_path),
            ("json-to-binary strict", "compact JSON", json_path),
            ("json-to-binary-str", "compact, str", json_path),
            ("binary-to-json", "binary", binary_path),
        )
        for direction, label, path in cases:
            row = _measure(direction, path)
            verdict = "ok" if row["ratio"] <= args.goal else "OVER GOAL"
            failed |= row["ratio"] > args.goal
            print(
                f"{direction:21} {label:13} in {row['input_mb']:8.1f} MB  out {row['output_mb']:8.1f} MB  "
                f"added at peak {row['added_mb']:8.1f} MB  = {row['ratio']:.2f}x larger  {verdict}"
            )
    return 1 if failed else 0


def _report_streams(count: int) -> bool:
    """Resident memory while reading ``count`` small items; flat means the reader keeps nothing."""
    every = max(count // 10, 1)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("binary", "ndjson"):
            path = _write_stream(Path(tmp), count, kind)
            read, samples = _measure_stream(kind, path, every)
            growth = samples[-1] - samples[0]
            # Flat: after the first tenth, less than 1 MB more however many items follow.
            verdict = "flat" if growth < 1_000_000 else "GROWS"
            failed |= growth >= 1_000_000 or read != count
            print(
                f"stream {kind:6} {read:,} items, {path.stat().st_size / 1e6:.1f} MB: RSS "
                f"{samples[0] / 1e6:.1f} MB after {every:,} items, {samples[-1] / 1e6:.1f} MB "
                f"after {read:,} ({growth / 1e6:+.2f} MB)  {verdict}"
            )
    return failed


if __name__ == "__main__":
    sys.exit(main())
