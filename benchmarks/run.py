"""Benchmark imagegen-wire against the tools users would otherwise pick, in one run.

    pip install -e ".[bench]"
    python benchmarks/run.py            # about 3 minutes; --quick for a rough look (20 s)

Prints a table of medians with each peer's ratio to us (``x3.0`` = the peer
takes three times as long), checks the goals of the benchmark issue, and
writes ``benchmarks/results/results.json`` and ``results.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import chart  # noqa: E402
import contenders  # noqa: E402
import floor  # noqa: E402
import timing  # noqa: E402
import workloads  # noqa: E402
import xl  # noqa: E402

from imagegen_wire import ImageGenerationCall  # noqa: E402

OURS = "imagegen_wire"
DIRECTIONS = {"encode": "JSON to binary", "decode": "binary to JSON"}
XL_DIRECTIONS = {
    "encode": "JSON to binary (bytes)",
    "encode_str": "JSON to binary (str)",
    "decode": "binary to JSON",
}

# The goals of issue 11: (workload, direction, our input, peer, least ratio peer/ours).
# "str" compares our from_json(str) with the peer's str input where it takes one
# (the SDK); json_format is always given str, its Parse working on text.
# Direction "decode" has no input type to choose: None.
GOALS = [
    ("S", "encode", "bytes", "json_format", 10.0),
    ("S", "encode", "str", "json_format", 10.0),
    ("S", "encode", "bytes", "sdk", 1.1),
    ("S", "encode", "str", "sdk", 1.1),
    ("S", "decode", None, "json_format", 6.0),
    ("S", "decode", None, "sdk", 3.0),
    ("N", "encode", "bytes", "json_format", 6.0),
    ("N", "decode", None, "json_format", 6.0),
    ("L", "encode", "bytes", "sdk", 1.2),
    ("L", "encode", "str", "sdk", 1.2),
    ("L", "encode", "bytes", "json_format", 35.0),
    ("L", "encode", "str", "json_format", 25.0),
    ("L", "decode", None, "json_format", 30.0),
]
SIZE_GOALS = {"S": 0.6, "L": 0.7501}
XL_MEMORY_FACTOR = 3.0


def machine() -> dict[str, Any]:
    """What the figures came from: CPU, cores, Python and every library measured."""
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    from google.protobuf.internal import api_implementation

    packages = [
        "imagegen-wire",
        "protobuf",
        "openrouter",
        "pydantic",
        "msgspec",
        "orjson",
        "pybase64",
    ]
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "protobuf_backend": api_implementation.Type(),
        "packages": {name: metadata.version(name) for name in packages},
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        # Other work on the machine skews ratios: say how busy it was.
        "load_average_1min": os.getloadavg()[0],
    }


def _check_single(document: bytes, chosen: list[contenders.Contender]) -> None:
    """Fail loudly if any contender does not round-trip the document: never time an error path."""
    expected = json.loads(document)
    for contender in chosen:
        json_in, binary_in = contender.prepare(document)
        back = contender.decode(contender.encode(json_in))
        if contender.name == OURS:
            assert json.loads(back) == expected, "our round trip changed the item"
            assert contender.encode(json_in) == binary_in
        elif contender.name != "memcpy":
            again = contender.decode(binary_in)
            assert json.loads(back) == json.loads(again), f"{contender.name} round trip differs"


def bench_single(
    workload: workloads.Workload, chosen: list[contenders.Contender], args: argparse.Namespace
) -> dict[str, Any]:
    document = workload.documents[0]
    _check_single(document, chosen)
    binary = ImageGenerationCall.from_json(document).to_bytes()
    floors = floor.floor_calls(document, binary) if workload.name == "S" else {}
    if floors:  # the floor writes what we write, or it is not a floor of our work
        assert floors["encode"]() == floors["encode_str"]() == binary, "floor bytes differ"
        assert floors["decode"]() == ImageGenerationCall.from_bytes(binary).to_json()
    results: dict[str, Any] = {}
    for direction in DIRECTIONS:
        calls = {}
        for contender in chosen:
            json_in, binary_in = contender.prepare(document)
            if direction == "encode":
                calls[contender.name] = lambda c=contender, j=json_in: c.encode(j)
                if contender.name in contenders.TAKES_STR:
                    text = json_in.decode()
                    calls[contenders.str_name(contender.name)] = lambda c=contender, t=text: (
                        c.encode(t)
                    )
            else:
                calls[contender.name] = lambda c=contender, b=binary_in: c.decode(b)
        if floors:
            calls["floor"] = floors[direction]
            if direction == "encode":
                calls[contenders.str_name("floor")] = floors["encode_str"]
        results[direction] = timing.compare(calls, repeats=args.repeats, target=args.target)
    return results


def bench_stream(
    workload: workloads.Workload, chosen: list[contenders.Contender], args: argparse.Namespace
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    ours_ndjson, ours_stream = next(c for c in chosen if c.name == OURS).stream_inputs(
        workload.documents
    )
    ours = next(c for c in chosen if c.name == OURS)
    assert ours.run_encode_stream(ours_ndjson) == ours_stream, (
        "our stream differs from per-item bytes"
    )
    back = ours.run_decode_stream(ours_stream)
    assert [json.loads(line) for line in back.splitlines()] == [
        json.loads(d) for d in workload.documents
    ]
    for direction in DIRECTIONS:
        calls = {}
        for contender in chosen:
            ndjson, stream = contender.stream_inputs(workload.documents)
            if direction == "encode":
                calls[contender.name] = lambda c=contender, j=ndjson: c.run_encode_stream(j)
            else:
                calls[contender.name] = lambda c=contender, b=stream: c.run_decode_stream(b)
        results[direction] = timing.compare(
            calls, repeats=max(3, args.repeats // 2), target=args.target
        )
    return results


def bench_xl(chosen: list[contenders.Contender], runs: int) -> dict[str, Any]:
    workload = workloads.extra_large()
    document = workload.documents[0]
    binary = ImageGenerationCall.from_json(document).to_bytes()
    results: dict[str, Any] = {"json_size": len(document), "binary_size": len(binary)}
    with tempfile.TemporaryDirectory() as tmp:
        json_path, binary_path = Path(tmp) / "xl.json", Path(tmp) / "xl.bin"
        json_path.write_bytes(document)
        del document, workload
        for contender in chosen:
            if contender.name == "json_format":
                text, pb_binary = contender.prepare(json_path.read_bytes())
                inputs = {"encode": Path(tmp) / "pb.json", "decode": Path(tmp) / "pb.bin"}
                inputs["encode"].write_text(text, "utf-8")
                inputs["decode"].write_bytes(pb_binary)
                del text, pb_binary
            elif contender.name == "msgspec":
                inputs = {"encode": json_path, "decode": Path(tmp) / "ms.bin"}
                inputs["decode"].write_bytes(contender.prepare(json_path.read_bytes())[1])
            elif contender.name == "sdk":  # the child prepares its object
                inputs = {"encode": json_path, "encode_str": json_path, "decode": json_path}
            elif contender.name == "orjson":
                inputs = {"encode": json_path, "decode": json_path}
            elif contender.name == OURS:
                binary_path.write_bytes(binary)
                inputs = {"encode": json_path, "encode_str": json_path, "decode": binary_path}
            else:
                binary_path.write_bytes(binary)
                inputs = {"encode": json_path, "decode": binary_path}
            per: dict[str, Any] = {}
            for direction, path in inputs.items():
                name = contender.name
                if name == "orjson" and direction == "decode":
                    continue  # dumps needs the parsed dict in memory: nothing comparable to load
                reports = [xl.measure(name, direction, path) for _ in range(runs)]
                reports.sort(key=lambda r: r["seconds"])
                median = reports[len(reports) // 2]
                median["input_size"] = path.stat().st_size
                median["peak_added_max"] = max(r["peak_added"] for r in reports)
                per[direction] = median
            results[contender.name] = per
    return results


def _fmt_seconds(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def _cell(timings: dict[str, Any], name: str, reference: str) -> str:
    if name not in timings:
        return "n/a"
    median = timings[name]["median"]
    if name == reference:
        return _fmt_seconds(median)
    return f"{_fmt_seconds(median)} (x{median / timings[reference]['median']:.2f})"


def columns(names: list[str]) -> list[str]:
    """Timing keys in table order: each contender, its str-input twin right after it."""
    keys = []
    for name in names:
        keys.append(name)
        if name in contenders.TAKES_STR:
            keys.append(contenders.str_name(name))
    return keys


def table(results: dict[str, Any], names: list[str]) -> str:
    """Markdown table: our medians, then each peer's median and its ratio to ours.

    A ``[str]`` column is JSON handed over as ``str`` and its ratio is to our
    ``[str]`` figure; json_format is given ``str`` (its Parse works on text), so
    in JSON to binary rows it gets two ratios: to ours on bytes, then on str.
    """
    keys = columns(names)
    head = "| workload | direction | " + " | ".join(keys) + " |"
    lines = [head, "|" + "---|" * (len(keys) + 2)]
    ours_str = contenders.str_name(OURS)
    for workload in ("S", "N", "L"):
        for direction, label in DIRECTIONS.items():
            timings = results["timings"][workload][direction]
            cells = []
            for key in keys:
                if key.endswith("[str]"):
                    cells.append(_cell(timings, key, ours_str if ours_str in timings else ""))
                elif key == "json_format" and ours_str in timings:
                    median = timings[key]["median"]
                    on_bytes = median / timings[OURS]["median"]
                    on_str = median / timings[ours_str]["median"]
                    cells.append(f"{_fmt_seconds(median)} (x{on_bytes:.2f} / x{on_str:.2f})")
                else:
                    cells.append(_cell(timings, key, OURS))
            lines.append(f"| {workload} | {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ratio(timings: dict[str, Any], peer: str, our_input: str | None) -> float | None:
    ours = OURS if our_input != "str" else contenders.str_name(OURS)
    theirs = peer if our_input != "str" else contenders.str_name(peer)
    if theirs not in timings:
        theirs = peer  # a peer given one input type only (json_format: str)
    if ours not in timings or theirs not in timings:
        return None
    return float(timings[theirs]["median"] / timings[ours]["median"])


def goals_report(results: dict[str, Any]) -> tuple[str, bool]:
    lines, all_met = [], True
    for workload, direction, our_input, peer, least in GOALS:
        ratio = _ratio(results["timings"][workload][direction], peer, our_input)
        if ratio is None:
            continue
        met = ratio >= least
        all_met &= met
        given = f"({our_input})" if our_input else ""
        lines.append(
            f"{'met ' if met else 'MISS'}  {workload} {DIRECTIONS[direction]:15s} {given:7s} vs {peer:12s} "
            f"x{ratio:6.2f}  (goal >= x{least:g})"
        )
    for workload, most in SIZE_GOALS.items():
        sizes = results["sizes"][workload]
        ratio = sizes["binary"] / sizes["json"]
        met = ratio <= most
        all_met &= met
        lines.append(
            f"{'met ' if met else 'MISS'}  {workload} wire size {sizes['binary']:,} / {sizes['json']:,} bytes = {ratio:.4f}x JSON (goal <= {most}x)"
        )
    if "xl" in results:
        xl_results = results["xl"][OURS]
        for direction, report in xl_results.items():
            bound = XL_MEMORY_FACTOR * max(report["input_size"], report["output_size"])
            met = report["peak_added_max"] <= bound
            all_met &= met
            lines.append(
                f"{'met ' if met else 'MISS'}  XL {XL_DIRECTIONS[direction]:21s} peak added "
                f"{report['peak_added_max'] / 1e6:,.0f} MB, bound {bound / 1e6:,.0f} MB "
                f"(3x the larger of {report['input_size'] / 1e6:,.0f} MB in, "
                f"{report['output_size'] / 1e6:,.0f} MB out); {_fmt_seconds(report['seconds'])}"
            )
    return "\n".join(lines), all_met


def floor_report(results: dict[str, Any]) -> str:
    """Each S figure as a multiple of the floor (benchmarks/floor.py), and N's per item."""
    lines = [
        "Floor: the lowest-cost calls the generated bindings allow for S (benchmarks/floor.py);",
        "each figure as a multiple of it (ours / floor)",
        "",
        "| S | floor | " + " | ".join(_FLOOR_COLUMNS) + " |",
        "|---|---|" + "---|" * len(_FLOOR_COLUMNS),
    ]
    s_timings = results["timings"]["S"]
    rows = (
        ("JSON to binary, bytes", "encode", "floor"),
        ("JSON to binary, str", "encode", contenders.str_name("floor")),
        ("binary to JSON", "decode", "floor"),
    )
    for label, direction, floor_key in rows:
        timings = s_timings[direction]
        floor_time = timings[floor_key]["median"]
        cells = []
        for column in _FLOOR_COLUMNS:
            key = column
            if floor_key.endswith("[str]") and column in contenders.TAKES_STR:
                key = contenders.str_name(column)
            cells.append(f"x{timings[key]['median'] / floor_time:.2f}" if key in timings else "n/a")
        lines.append(f"| {label} | {_fmt_seconds(floor_time)} | " + " | ".join(cells) + " |")
    # N per item against the S floor: items of 16 to 64 bytes, one in ten null, and
    # the stream's framing; an approximate multiple, not a floor of its own.
    n_timings = results["timings"].get("N")
    if n_timings:
        parts = []
        for direction, label in DIRECTIONS.items():
            per_item = n_timings[direction][OURS]["median"] / workloads.N_ITEMS
            floor_time = s_timings[direction]["floor"]["median"]
            parts.append(
                f"{label} {_fmt_seconds(per_item)} per item = x{per_item / floor_time:.2f} the S floor"
            )
        lines.append("")
        lines.append("N through the stream module: " + "; ".join(parts))
    return "\n".join(lines)


_FLOOR_COLUMNS = ["imagegen_wire", "json_format", "sdk"]


def xl_table(xl_results: dict[str, Any]) -> str:
    head = "| contender | " + " | ".join(XL_DIRECTIONS.values()) + " |"
    lines = [head, "|---|" + "---|" * len(XL_DIRECTIONS)]
    for name, per in xl_results.items():
        if not isinstance(per, dict):
            continue
        cells = []
        for direction in XL_DIRECTIONS:
            report = per.get(direction)
            cells.append(
                "n/a"
                if report is None
                else f"{_fmt_seconds(report['seconds'])}, +{report['peak_added_max'] / 1e6:,.0f} MB"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats, shorter timings, no XL"
    )
    parser.add_argument("--no-xl", action="store_true", help="skip the 100 MB workload")
    parser.add_argument("--xl-runs", type=int, default=3, help="fresh processes per XL conversion")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="where results go")
    args = parser.parse_args(argv)
    args.repeats = 5 if args.quick else 15
    args.target = 0.02 if args.quick else 0.1

    chosen = contenders.all_contenders()
    names = [c.name for c in chosen]
    results: dict[str, Any] = {"machine": machine(), "timings": {}, "sizes": {}}
    results["contenders"] = {c.name: c.label for c in chosen}
    results["stream"] = (
        "library stream module"
        if contenders._stream is not None
        else "per-item loop over NDJSON lines and frames"
    )
    for workload in (workloads.small(), workloads.many(), workloads.large()):
        print(f"== {workload.name}: {workload.description}", file=sys.stderr, flush=True)
        bench = bench_stream if workload.name == "N" else bench_single
        timings = bench(workload, chosen, args)
        results["timings"][workload.name] = {
            direction: {name: vars(t) for name, t in per.items()}
            for direction, per in timings.items()
        }
        json_size = len(workload.ndjson) if workload.name == "N" else len(workload.documents[0])
        binary_size = sum(
            len(ImageGenerationCall.from_json(d).to_bytes()) for d in workload.documents
        )
        results["sizes"][workload.name] = {"json": json_size, "binary": binary_size}
    if not (args.quick or args.no_xl):
        print(
            "== XL: one item with a 100 MB result, each run in a fresh process",
            file=sys.stderr,
            flush=True,
        )
        results["xl"] = bench_xl(chosen, args.xl_runs)

    machine_info = results["machine"]
    print(
        f"\n{machine_info['cpu']}, {machine_info['nproc']} cores, Python {machine_info['python']}, "
        f"protobuf {machine_info['packages']['protobuf']} ({machine_info['protobuf_backend']}), "
        f"load average {machine_info['load_average_1min']:.2f} at the start"
    )
    print(f"N stream: {results['stream']}\n")
    print(
        "Median time per operation; (xR) = that contender's time / imagegen-wire's time on the\n"
        "same input type ([str]: JSON given as str; json_format, given str: x on our bytes / x on\n"
        "our str). N has no str column: a stream is read from a binary file.\n"
    )
    print(table(results, names))
    if "xl" in results:
        print(
            "\nXL (100 MB result), one fresh process per run: median time, highest peak memory added\n"
        )
        print(xl_table(results["xl"]))
    print("\n" + floor_report(results))
    report, all_met = goals_report(results)
    print("\nGoals\n" + report)
    results["goals_met"] = all_met

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    chart.draw(results, columns(names), args.out / "results.png")
    print(f"\nwrote {args.out / 'results.json'} and {args.out / 'results.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
