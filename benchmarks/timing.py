"""Medians of wall-clock time, measured round-robin so every contender sees the same machine.

A shared, noisy machine drifts over seconds. Measuring contender A for a
while and then contender B would let that drift pass for a difference between
them, so each repeat times every contender once, in turn, and the figure kept
for each is the median over repeats of its time per call.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Call = Callable[[], object]


@dataclass(frozen=True)
class Timing:
    """One contender's figures: median seconds per call, and what it rests on."""

    median: float
    low: float
    high: float
    loops: int
    repeats: int


def _time_loops(call: Call, loops: int) -> float:
    clock = time.perf_counter
    start = clock()
    for _ in range(loops):
        call()
    return (clock() - start) / loops


def calibrate(call: Call, target: float) -> int:
    """How many calls in a row take at least ``target`` seconds (after a warm-up call)."""
    call()  # warm-up: imports, caches, first allocation of buffers
    loops = 1
    while True:
        elapsed = _time_loops(call, loops) * loops
        if elapsed >= target or loops >= 1 << 20:
            return loops
        # Aim a little past the target so the next try usually settles it.
        loops = max(loops * 2, int(loops * target * 1.2 / max(elapsed, 1e-9)))


def compare(calls: Mapping[str, Call], *, repeats: int, target: float) -> dict[str, Timing]:
    """Time each call ``repeats`` times, round-robin; return each one's median per call."""
    loops = {name: calibrate(call, target) for name, call in calls.items()}
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            gc.collect()
            samples[name].append(_time_loops(call, loops[name]))
    return {
        name: Timing(
            median=statistics.median(values),
            low=min(values),
            high=max(values),
            loops=loops[name],
            repeats=repeats,
        )
        for name, values in samples.items()
    }
