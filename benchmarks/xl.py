"""XL: one conversion of a 100 MB item in a fresh process, for its time and its peak memory.

The parent writes the input to a file; a child process (``python xl.py
CONTENDER DIRECTION INPUT``, DIRECTION ``encode``, ``encode_str`` for JSON
read as ``str``, or ``decode``) reads it, resets the kernel's peak-RSS mark
(``/proc/self/clear_refs``), converts once and reports, as one JSON line, the
time and how far the peak resident set rose above the resident set it had
with the input loaded: the memory the conversion itself added, output included.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    msg = f"no {field} in /proc/self/status"
    raise RuntimeError(msg)


def _child(name: str, direction: str, path: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import contenders

    contender = {c.name: c for c in contenders.all_contenders()}[name]
    operation = contender.decode if direction == "decode" else contender.encode
    # "encode_str": the JSON handed over as a str (response.text), decoded before the timing.
    data: object = (
        Path(path).read_text("utf-8") if direction == "encode_str" else Path(path).read_bytes()
    )
    if name == "sdk" and direction == "decode":  # its "binary" is a validated model
        data = contender.prepare(data)[1]
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM to the current RSS
    before = _status_kib("VmRSS")
    start = time.perf_counter()
    output = operation(data)
    elapsed = time.perf_counter() - start
    peak = _status_kib("VmHWM")
    size = len(output) if isinstance(output, (bytes, str)) else None
    report = {"seconds": elapsed, "peak_added": (peak - before) * 1024, "output_size": size}
    print(json.dumps(report))


def measure(name: str, direction: str, path: Path) -> dict[str, float | None]:
    """Run one conversion in a fresh interpreter and return its report."""
    command = [sys.executable, __file__, name, direction, str(path)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        msg = f"XL child {name} {direction} failed:\n{done.stderr}"
        raise RuntimeError(msg)
    report: dict[str, float | None] = json.loads(done.stdout.splitlines()[-1])
    return report


if __name__ == "__main__":
    os.nice(0)
    _child(*sys.argv[1:4])
