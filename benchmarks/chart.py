"""The README's chart: one panel per workload and direction, a bar per contender, log time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt

OURS = "imagegen_wire"
LABELS = {
    "imagegen_wire": "imagegen-wire",
    "imagegen_wire[str]": "imagegen-wire, str input",
    "sdk[str]": "OpenRouter SDK, str input",
    "json_format": "protobuf json_format",
    "sdk": "OpenRouter SDK (JSON only)",
    "msgspec": "msgspec JSON+msgpack",
    "orjson": "orjson (reference)",
    "memcpy": "memory copy (reference)",
}
TITLES = {
    "S": "S: one small item",
    "N": "N: 10,000 small items",
    "L": "L: one 1 MiB image",
}
DIRECTIONS = {"encode": "JSON to binary", "decode": "binary to JSON"}


def _unit(seconds: float) -> tuple[float, str]:
    if seconds < 1e-3:
        return 1e6, "µs"
    return 1e3, "ms"


def draw(results: dict[str, Any], names: list[str], path: Path) -> None:
    """Write the chart of median times to ``path`` (PNG)."""
    workloads = [w for w in ("S", "N", "L") if w in results["timings"]]
    figure, axes = plt.subplots(
        len(workloads), 2, figsize=(11, 2.2 * len(workloads) + 0.8), squeeze=False
    )
    for row, workload in enumerate(workloads):
        for column, direction in enumerate(DIRECTIONS):
            axis = axes[row][column]
            timings = results["timings"][workload][direction]
            shown = [name for name in names if name in timings]
            medians = [timings[name]["median"] for name in shown]
            scale, unit = _unit(max(medians))
            colours = ["#d62728" if name.startswith(OURS) else "#7f7f7f" for name in shown]
            positions = range(len(shown))
            axis.barh(positions, [m * scale for m in medians], color=colours)
            axis.set_xscale("log")
            axis.set_yticks(list(positions), [LABELS.get(n, n) for n in shown], fontsize=8)
            axis.invert_yaxis()
            for position, name, median in zip(positions, shown, medians, strict=True):
                # A str-input bar is compared with ours on str, the rest with ours on bytes.
                ours = timings[f"{OURS}[str]" if name.endswith("[str]") else OURS]["median"]
                axis.text(
                    median * scale * 1.08,
                    position,
                    f"{median * scale:.3g} {unit}  (x{median / ours:.2g})",
                    va="center",
                    fontsize=7,
                )
            axis.set_xlim(right=max(medians) * scale * 8)
            axis.set_title(f"{TITLES[workload]}, {DIRECTIONS[direction]}", fontsize=9)
            axis.set_xlabel(f"median time ({unit}, log scale; shorter is faster)", fontsize=7)
            axis.tick_params(axis="x", labelsize=7)
    machine = results["machine"]
    figure.suptitle(
        f"imagegen-wire vs peers: {machine['cpu']}, {machine['nproc']} cores, Python {machine['python']}",
        fontsize=10,
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
