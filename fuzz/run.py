"""Run a fuzz target on seeds from the golden tables: the documented way to fuzz.

    python fuzz/run.py json --runs 1000000            # a long run, seed 1
    python fuzz/run.py bytes --runs 1000000 --seed 7
    python fuzz/run.py stream --time 3600             # an hour instead of a count
    python fuzz/run.py json -- -jobs=2                # anything after -- goes to libFuzzer

Seeds are written to ``fuzz/corpus/<target>/`` (git-ignored), which the
fuzzer then grows with every input that finds new coverage, so a second run
starts where the first stopped. A crash is saved as ``crash-<sha1>`` in the
working directory; ``python fuzz/fuzz_<target>.py crash-<sha1>`` replays it.
Exit status: 0 when no crash was found.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parent / "tests" / "golden"
TARGETS = {
    "json": "fuzz_json.py",
    "bytes": "fuzz_bytes.py",
    "stream": "fuzz_stream.py",
}
# Big enough for every golden case and for framing a few of them; small inputs
# keep the fuzzer fast, and size limits are tested on their own.
MAX_LEN = 4096


def _golden(name: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads((GOLDEN / name).read_text("utf-8"))
    return rows


def _json_of(row: dict[str, object]) -> bytes | None:
    if "json_hex" in row:
        return bytes.fromhex(str(row["json_hex"]))
    if "json" in row:
        return str(row["json"]).encode("utf-8", "surrogatepass")
    return None


def seeds(target: str) -> list[bytes]:
    """Seed inputs for ``target``, all taken from tests/golden."""
    wire = _golden("wire_cases.json")
    binaries = [bytes.fromhex(str(row["hex"])) for row in wire]
    if target == "bytes":
        return binaries
    if target == "stream":
        from stream_oracle import frame_seeds

        return frame_seeds(binaries, [_json_of(row) or b"" for row in wire])
    documents = [_json_of(row) for row in wire + _golden("invalid_documents.json")]
    # First byte: bit 0 strict mode, bit 1 the document as str, bit 2 the in-place
    # reader too (see oracle.py).
    return [bytes([flags]) + doc for doc in documents if doc is not None for flags in range(8)]


def write_seeds(target: str, folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    found = seeds(target)
    for data in found:
        (folder / f"seed-{hashlib.sha1(data).hexdigest()}").write_bytes(data)
    return len(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--runs", type=int, help="stop after this many inputs")
    parser.add_argument("--time", type=int, help="stop after this many seconds")
    parser.add_argument("--seed", type=int, default=1, help="libFuzzer's random seed (default 1)")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default fuzz/corpus/TARGET)")
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    args = parser.parse_args(argv[: len(argv) - len(extra) - (1 if "--" in argv else 0)])

    corpus = args.corpus or HERE / "corpus" / args.target
    count = write_seeds(args.target, corpus)
    command = [
        sys.executable,
        str(HERE / TARGETS[args.target]),
        f"-seed={args.seed}",
        f"-max_len={MAX_LEN}",
        "-print_final_stats=1",
        "-timeout=10",
        "-rss_limit_mb=2048",
    ]
    if args.target in ("json", "stream"):
        command.append(f"-dict={HERE / 'json.dict'}")
    if args.runs is not None:
        command.append(f"-runs={args.runs}")
    if args.time is not None:
        command.append(f"-max_total_time={args.time}")
    command += [*extra, str(corpus)]
    print(f"{count} seeds in {corpus}; running: {' '.join(command)}", flush=True)
    return subprocess.run(command, check=False, cwd=Path.cwd()).returncode


if __name__ == "__main__":
    sys.exit(main())
