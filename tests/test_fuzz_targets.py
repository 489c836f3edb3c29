"""The fuzz targets, run briefly with a fixed seed: CI's short version of fuzz/run.py.

Each target gets a few thousand coverage-guided inputs grown from the golden
seeds; a crash (an exception other than the library's two errors, or a
broken contract law in fuzz/oracle.py) fails the test and leaves its input
in the test's temporary folder. Long runs: see docs/robustness.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from golden_rows import WIRE_CASES

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"
RUNS = 5000
TARGETS = ["json", "bytes", "stream"]


@pytest.mark.peer  # coverage-guided runs: long
@pytest.mark.parametrize("target", TARGETS)
def test_fuzz_target_finds_no_crash(target: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable, str(FUZZ / "run.py"), target,
            "--runs", str(RUNS), "--seed", "1", "--corpus", str(tmp_path / "corpus"),
            "--", f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-4000:]
    assert f"stat::number_of_executed_units: {RUNS}" in log
    assert not list(tmp_path.glob("crash-*"))


def test_seeds_come_from_every_golden_case() -> None:
    sys.path.insert(0, str(FUZZ))
    try:
        import run
    finally:
        sys.path.remove(str(FUZZ))
    assert len(run.seeds("bytes")) == len(WIRE_CASES)
    assert {seed[0] for seed in run.seeds("json")} == set(range(8))


def test_json_oracle_sends_small_documents_through_the_in_place_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Flag bit 2 reads the input with the large-document reader too, and compares.

    The fuzzer's inputs stay far below 64 KiB; without this the in-place
    reader would never be fuzzed. A reader that gets a field wrong fails.
    """
    sys.path.insert(0, str(FUZZ))
    try:
        import oracle
    finally:
        sys.path.remove(str(FUZZ))
    from imagegen_wire import _jsonmap

    document = b'{"type":"image_generation_call","id":"a","result":"QUJD","status":"completed"}'
    oracle.check_json_input(bytes([4]) + document)  # the reader agrees
    real = _jsonmap._read_in_place
    calls = []

    def wrong_id(data: bytes, strict: bool) -> object:
        calls.append(data)
        fields = real(data, strict)
        assert fields is not None
        return ("b", *fields[1:])

    monkeypatch.setattr(_jsonmap, "_read_in_place", wrong_id)
    oracle.check_json_input(bytes([0]) + document)  # bit 2 clear: not consulted
    assert not calls
    with pytest.raises(AssertionError):
        oracle.check_json_input(bytes([4]) + document)
    assert calls
