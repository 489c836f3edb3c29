"""Page faults and time per L conversion under glibc malloc settings, each in a fresh process.

    python benchmarks/heap.py            # every setting below, 200 calls each
    python benchmarks/heap.py --calls 50 # a rough look

An L conversion (a 1 MiB image, 1.4 MB of JSON) allocates and frees a few
buffers of 1 MB or more per call. Whether glibc keeps those pages between
calls or hands them back to the kernel (``munmap``, or trimming the heap top)
decides whether the next call faults them in again: on this machine a page
fault costs about 1.8 µs, 256 of them per MiB. Each setting below runs in its
own interpreter, since glibc reads its ``MALLOC_*`` variables and
``GLIBC_TUNABLES`` once, at start, and its thresholds then move with what the
process has freed.

Two patterns per setting: ``loop`` drops each result before the next call;
``keep`` holds the previous item and its output alive while the next is made,
as a service holding its last response does. The figure per call is the median
time and the mean minor page faults (``getrusage(RUSAGE_SELF).ru_minflt``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

MIB = 1 << 20
SETTINGS: dict[str, dict[str, str]] = {
    "defaults": {},
    "MALLOC_TOP_PAD_=16 MiB": {"MALLOC_TOP_PAD_": str(16 * MIB)},
    "MALLOC_MMAP_THRESHOLD_=8 MiB, MALLOC_TRIM_THRESHOLD_=64 MiB": {
        "MALLOC_MMAP_THRESHOLD_": str(8 * MIB),
        "MALLOC_TRIM_THRESHOLD_": str(64 * MIB),
    },
    "MALLOC_MMAP_THRESHOLD_=8 MiB alone": {"MALLOC_MMAP_THRESHOLD_": str(8 * MIB)},
    "MALLOC_TRIM_THRESHOLD_=64 MiB alone": {"MALLOC_TRIM_THRESHOLD_": str(64 * MIB)},
    "GLIBC_TUNABLES hugetlb=1 (THP for the heap)": {"GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"},
    "GLIBC_TUNABLES hugetlb=1, mmap 8 MiB, trim 64 MiB": {
        "GLIBC_TUNABLES": (
            f"glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold={8 * MIB}"
            f":glibc.malloc.trim_threshold={64 * MIB}"
        )
    },
}

_CHILD = r"""
import json, resource, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import workloads
from imagegen_wire import ImageGenerationCall

direction, pattern, calls = sys.argv[2], sys.argv[3], int(sys.argv[4])
document = workloads.large().documents[0]
if direction == "encode_str":
    data = document.decode()
elif direction == "decode":
    data = ImageGenerationCall.from_json(document).to_bytes()
else:
    data = document
if direction == "decode":
    def convert(d):
        item = ImageGenerationCall.from_bytes(d)
        return item, item.to_json()
else:
    def convert(d):
        item = ImageGenerationCall.from_json(d)
        return item, item.to_bytes()
del document
kept = convert(data)  # warm-up: imports, first buffers
if pattern == "loop":
    del kept
times, faults = [], []
clock, usage = time.perf_counter, resource.getrusage
for _ in range(calls):
    before, start = usage(resource.RUSAGE_SELF).ru_minflt, clock()
    if pattern == "keep":
        kept = convert(data)  # the previous result is freed only once this one exists
    else:
        convert(data)
    times.append(clock() - start)
    faults.append(usage(resource.RUSAGE_SELF).ru_minflt - before)
print(json.dumps({"median": statistics.median(times), "faults": statistics.mean(faults)}))
"""

DIRECTIONS = {
    "encode": "JSON to binary (bytes)",
    "encode_str": "JSON to binary (str)",
    "decode": "binary to JSON",
}


def measure(env: dict[str, str], direction: str, pattern: str, calls: int) -> dict[str, float]:
    """One fresh interpreter, ``calls`` conversions: median seconds and mean faults per call."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    environment.pop("GLIBC_TUNABLES", None)
    environment.update(env)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(HERE), direction, pattern, str(calls)],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    report: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200, help="conversions per process")
    parser.add_argument(
        "--direction", choices=[*DIRECTIONS, "all"], default="all", help="which conversion"
    )
    args = parser.parse_args(argv)
    directions = list(DIRECTIONS) if args.direction == "all" else [args.direction]
    print(f"L, {args.calls} calls per fresh process: median time, mean minor faults per call\n")
    head = ["setting"] + [
        f"{DIRECTIONS[d]}, {pattern}" for d in directions for pattern in ("loop", "keep")
    ]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, env in SETTINGS.items():
        cells = [name]
        for direction in directions:
            for pattern in ("loop", "keep"):
                report = measure(env, direction, pattern, args.calls)
                cells.append(f"{report['median'] * 1e6:,.0f} µs, {report['faults']:,.0f} faults")
        print("| " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
