"""examples/beam/ on Apache Beam's FnApiRunner: binary streams in, NDJSON out, nothing lost.

The pipeline runs in examples/beam/.venv, beside apache-beam and its protobuf 6
(tests/peers.py ``beam_python``): which proves the package installs and runs
there too. Its NDJSON, read back, must hold exactly the items of its input,
compared as items (parsed values), each as often as it was written.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from golden_rows import WIRE_CASES
from helpers import same_json
from peers import BEAM_DIR, beam_python, run

from imagegen_wire import ImageGenerationCall, write_delimited

pytestmark = pytest.mark.peer  # Apache Beam's venv (.ci/setup.d/40-beam.sh)


def items() -> list[ImageGenerationCall]:
    """Every golden case, then 1,000 more of every status and kind of result."""
    golden = [ImageGenerationCall.from_json(case["json"]) for case in WIRE_CASES]
    results: list[object] = ["aGk=", None, "", "not base64!", "AAEC" * 300]
    more = [
        ImageGenerationCall(
            id=f"ig_{n}",
            status=["in_progress", "generating", "completed", "failed", "queued"][n % 5],
            result=results[n % 5],  # type: ignore[arg-type]
            extra={"n": n, "tags": ["a", n / 4]} if n % 3 == 0 else {},
        )
        for n in range(1000)
    ]
    return golden + more


@pytest.fixture(scope="module")
def python() -> Path:
    return beam_python()


def test_beam_venv_has_the_pinned_beam_protobuf_6_and_this_checkout(python: Path) -> None:
    out = run(
        [
            str(python), "-W", "error", "-c",
            "import json, apache_beam, imagegen_wire; from importlib.metadata import version;"
            "from imagegen.v1.image_generation_call_pb2 import ImageGenerationCall as M;"
            "coder = apache_beam.coders.registry.get_coder(M);"
            "print(json.dumps([version('apache-beam'), version('protobuf'),"
            " imagegen_wire.__file__, type(coder).__name__]))",
        ],
        b"",
        "beam venv",
    )  # fmt: skip
    beam, protobuf, package, coder = json.loads(out)
    assert f"apache-beam=={beam}" in (BEAM_DIR / "requirements.txt").read_text()
    assert protobuf.startswith("6.")
    assert Path(package).resolve() == (BEAM_DIR.parents[1] / "src/imagegen_wire/__init__.py")
    assert coder == "ProtoCoder"  # what Beam uses for the message between steps


def test_pipeline_turns_streams_into_the_same_items_as_ndjson(python: Path, tmp_path: Path) -> None:
    written = items()
    # Two files, so that the pattern matches several and each is read by a worker.
    half = len(written) // 2
    for name, part in (("items-1.bin", written[:half]), ("items-2.bin", written[half:])):
        with (tmp_path / name).open("wb") as file:
            write_delimited(file, part)
    script = str(BEAM_DIR / "stream_to_ndjson.py")
    pattern, prefix = str(tmp_path / "items-*.bin"), str(tmp_path / "out" / "items")
    run([str(python), "-W", "error", script, "--input", pattern, "--output", prefix], b"", "beam")

    # Split on "\n" alone, as NDJSON says: str.splitlines() would also break at
    # U+2028 (golden case id-controls-and-quotes), which JSON may hold unescaped.
    lines = [
        line
        for path in sorted((tmp_path / "out").glob("items-*.ndjson"))
        for line in path.read_bytes().decode("utf-8").split("\n")
        if line
    ]
    read = [ImageGenerationCall.from_json(line) for line in lines]
    assert Counter(read) == Counter(written)  # every item, as often as written, nothing else
    for line, item in zip(lines, read, strict=True):
        assert same_json(json.loads(line), json.loads(item.to_json()))


def test_a_pattern_that_matches_nothing_fails(python: Path, tmp_path: Path) -> None:
    script = str(BEAM_DIR / "stream_to_ndjson.py")
    args = [str(python), script, "--input", str(tmp_path / "none-*.bin"), "--output", "x"]
    with pytest.raises(pytest.fail.Exception, match="Empty match"):
        run(args, b"", "beam")
