"""``imagegen-wire parquet``: NDJSON or a binary stream to Parquet and back, hardened as every output."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from cli_runner import run
from test_arrow import GOLDEN_ITEMS, NEWER

from imagegen_wire import write_delimited
from imagegen_wire._cli import main


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    ndjson = tmp_path / "in.ndjson"
    ndjson.write_text("".join(item.to_json() + "\n" for item in GOLDEN_ITEMS), "utf-8")
    stream = tmp_path / "in.bin"
    with stream.open("wb") as file:
        write_delimited(file, [*GOLDEN_ITEMS, NEWER])
    return ndjson, stream


def test_round_trips_both_inputs(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    ndjson, stream = inputs
    assert main(["parquet", str(stream), "-o", str(tmp_path / "a.parquet")]) == 0
    assert main(["parquet", "--read", str(tmp_path / "a.parquet"), "-o", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b").read_bytes() == stream.read_bytes()
    assert main(["parquet", str(ndjson), "-o", str(tmp_path / "c.parquet")]) == 0
    out = tmp_path / "d.ndjson"
    assert main(["parquet", "--read", "--ndjson", str(tmp_path / "c.parquet"), "-o", str(out)]) == 0
    assert out.read_bytes() == ndjson.read_bytes()


def test_bad_input_leaves_no_output(
    inputs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ndjson, stream = inputs
    out = tmp_path / "x"
    assert main(["parquet", "--read", str(ndjson), "-o", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "parquet: " in err
    cut = tmp_path / "cut.bin"
    cut.write_bytes(stream.read_bytes()[:30])
    assert main(["parquet", str(cut), "-o", str(out)]) == 1
    assert not out.exists()
    assert capsys.readouterr().err.count("\n") == 1


def test_missing_pyarrow_says_what_to_install(
    inputs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    assert main(["parquet", str(inputs[1]), "-o", "-"]) == 2
    assert 'pip install "imagegen-wire[arrow]"' in capsys.readouterr().err


def test_reads_parquet_from_a_pipe(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    """A pipe cannot seek: the file is read whole first, and no offset is asked of the pipe."""
    _, stream = inputs
    table = tmp_path / "a.parquet"
    assert main(["parquet", str(stream), "-o", str(table)]) == 0
    piped = run("parquet", "--read", stdin=table.read_bytes())
    assert (piped.status, piped.err, piped.out) == (0, "", stream.read_bytes())
