"""Nothing lost: a stream conversion with bad records in it, at any place.

By default a conversion stops at the first bad record with exit 1, one line on
stderr naming the record, and no output file (an existing one is left as it
was). With ``--skip-invalid`` it writes every good record, in order, and names
each bad one by number. Bad records here are real rejections: the golden
invalid documents, and golden messages cut short.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from golden_rows import INVALID_ROWS as INVALID
from golden_rows import WIRE_CASES as WIRE
from golden_rows import document
from hypothesis import given
from hypothesis import strategies as st
from strategies import items

from imagegen_wire import ImageGenerationCall, ValidationError, read_delimited, read_ndjson
from imagegen_wire._cli import main
from imagegen_wire._stream import encode_varint


def _line_of(row: dict[str, Any]) -> bytes | None:
    """A golden invalid document as one NDJSON line, if it fits on one (and is refused as one)."""
    if row["mode"] == "strict" or "json_template" in row:  # templates: too big to matter here
        return None
    data = document(row)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if b"\n" in data or not data.strip():
        return None  # blank lines are skipped, not errors
    return data


BAD_LINES = [line for line in map(_line_of, INVALID) if line is not None]
# A golden message cut short still frames cleanly but does not decode.
BAD_FRAMES = [bytes.fromhex(case["hex"])[:cut] for case in WIRE[:8] for cut in (1, 5)]


def run_cli(*argv: str) -> tuple[int, list[str]]:
    """``main(argv)`` in-process; returns the exit status and the stderr lines."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, err.getvalue().splitlines()


@st.composite
def mixed(draw: st.DrawFn, bad: list[bytes]) -> list[ImageGenerationCall | bytes]:
    """Good items with bad records (raw bytes) among them, at least one of each."""
    records: list[ImageGenerationCall | bytes] = draw(st.lists(items(), min_size=1, max_size=6))
    for _ in range(draw(st.integers(1, 3))):
        records.insert(draw(st.integers(0, len(records))), draw(st.sampled_from(bad)))
    return records


def ndjson_of(records: list[ImageGenerationCall | bytes]) -> bytes:
    return b"".join((r if isinstance(r, bytes) else r.to_json().encode()) + b"\n" for r in records)


def stream_of(records: list[ImageGenerationCall | bytes]) -> bytes:
    out = []
    for record in records:
        data = record if isinstance(record, bytes) else record.to_bytes()
        out.append(encode_varint(len(data)) + data)
    return b"".join(out)


CONVERSIONS = {
    # command, input file name, output file name, how to build input, how to read output
    "encode": ("in.ndjson", "out.bin", ndjson_of, read_delimited, BAD_LINES, "line"),
    "decode": ("in.bin", "out.ndjson", stream_of, read_ndjson, BAD_FRAMES, "frame"),
}


def check_conversion(command: str, records: list[ImageGenerationCall | bytes]) -> None:
    in_name, out_name, build, read, _, kind = CONVERSIONS[command]
    good = [r for r in records if isinstance(r, ImageGenerationCall)]
    bad_numbers = [n for n, r in enumerate(records, 1) if isinstance(r, bytes)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / in_name).write_bytes(build(records))
        out = folder / out_name
        argv = (command, str(folder / in_name), "-o", str(out))

        status, err = run_cli(*argv)
        assert status == 1
        assert len(err) == 1, err
        assert err[0].startswith(f"imagegen-wire: {kind} {bad_numbers[0]}: ")
        assert sorted(os.listdir(folder)) == [in_name], "a failed run left output behind"

        out.write_bytes(b"previous")
        assert run_cli(*argv)[0] == 1
        assert out.read_bytes() == b"previous"

        status, err = run_cli(*argv, "--skip-invalid")
        assert status == 1
        assert [line.split(":")[1].strip() for line in err] == [
            f"skipped {kind} {n}" for n in bad_numbers
        ], err
        with out.open("rb") as written:
            assert list(read(written)) == good
        assert sorted(os.listdir(folder)) == sorted([in_name, out_name])


@given(mixed(BAD_LINES))
def test_ndjson_to_stream_with_bad_lines_anywhere(
    records: list[ImageGenerationCall | bytes],
) -> None:
    check_conversion("encode", records)


@given(mixed(BAD_FRAMES))
def test_stream_to_ndjson_with_bad_frames_anywhere(
    records: list[ImageGenerationCall | bytes],
) -> None:
    check_conversion("decode", records)


@pytest.mark.parametrize("line", BAD_LINES, ids=range(len(BAD_LINES)))
def test_every_golden_rejection_is_named_by_its_line(line: bytes) -> None:
    good = ImageGenerationCall(id="ok", status="completed")
    check_conversion("encode", [good, good, line, good])
    with pytest.raises(ValidationError) as alone:
        ImageGenerationCall.from_json(line + b"\n")
    # The stream names the same path and message as the item alone, after "line 3: ".
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.ndjson"
        source.write_bytes(ndjson_of([good, good, line, good]))
        _, err_lines = run_cli("encode", str(source), "-o", str(Path(tmp) / "out.bin"))
    assert err_lines == [f"imagegen-wire: line 3: {alone.value}".replace("\n", " ")]


def test_a_killed_conversion_leaves_no_file_that_looks_complete(tmp_path: Path) -> None:
    item = ImageGenerationCall(id="ig", status="completed", result="aGVsbG8=")
    line = item.to_json().encode() + b"\n"
    source = tmp_path / "in.ndjson"
    source.write_bytes(line * 300_000)  # seconds of work: killed long before its end
    out = tmp_path / "out.bin"
    child = subprocess.Popen(
        [sys.executable, "-m", "imagegen_wire", "encode", str(source), "-o", str(out)],
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not _partial_output(tmp_path) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert child.poll() is None, "the conversion ended before it could be interrupted"
    child.send_signal(signal.SIGKILL)  # mid-write: some output is out, most is not
    child.wait()
    assert child.returncode == -signal.SIGKILL
    assert not out.exists()
    # Only the hidden temporary file may remain, never one under the output's name.
    assert all(name.startswith(".out.bin.") for name in os.listdir(tmp_path) if name != "in.ndjson")


def _partial_output(folder: Path) -> bool:
    """True once the conversion has written bytes to its temporary file."""
    return any(
        path.name.startswith(".out.bin.") and path.stat().st_size > 0 for path in folder.iterdir()
    )


def test_output_to_a_pipe_or_device_writes_through_it(tmp_path: Path) -> None:
    # The atomic writer renames a temporary file over its target. Over a FIFO
    # or a device (-o /dev/null) that would replace the node itself: as root,
    # /dev/null became a regular file for the whole machine. Such targets are
    # streams, written in place like stdout.
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    item = ImageGenerationCall(id="a", status="completed", result="aGk=")
    source = tmp_path / "in.json"
    source.write_text(item.to_json())
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    status, err = run_cli("encode", str(source), "-o", str(fifo))
    reader.join(timeout=30)
    assert (status, err) == (0, [])
    assert received == [item.to_bytes()]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(os.listdir(tmp_path)) == ["in.json", "pipe"]


def test_output_to_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_text(ImageGenerationCall(id="a", status="failed").to_json())
    status, err = run_cli("encode", str(source), "-o", str(tmp_path))
    assert status == 2
    assert err == [f"imagegen-wire: cannot write {tmp_path}: Is a directory"]
