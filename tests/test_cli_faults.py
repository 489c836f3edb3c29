"""Fault injection: the real ``imagegen-wire`` command against what a pipeline throws at it.

Each test runs the installed console script in a subprocess and injects one
fault (issue 12): termination signals mid-conversion, closed and full standard
streams, a full disk (``RLIMIT_FSIZE``), ``-o`` naming the input under every
spelling, control characters in the input, floods of bad records, option
values at the edges, the wrong kind of input. Each checks the exit status,
that stderr is the promised lines and nothing else (never a traceback), and
what is left on disk.
"""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cli_runner import COMMAND, listing, one_problem, run

from imagegen_wire import (
    ImageGenerationCall,
    read_delimited,
    read_ndjson,
    write_delimited,
    write_ndjson,
)
from imagegen_wire._cli import _process, _report, inspect, main
from imagegen_wire._cli._report import printable

ITEM = ImageGenerationCall(id="ig_1", status="completed", result="aGk=")
ITEMS = [ITEM, ImageGenerationCall(id="ig_2", status="queued", result=None)]
# Enough work that a conversion is still running when the test signals it:
# the signal goes out as soon as the temporary output holds bytes.
LONG = 150_000


def _bytes(write: Callable[[io.BytesIO, list[ImageGenerationCall]], int], items: list) -> bytes:
    out = io.BytesIO()
    write(out, items)
    return out.getvalue()


NDJSON = _bytes(write_ndjson, ITEMS)
STREAM = _bytes(write_delimited, ITEMS)


@pytest.fixture(scope="module")
def long_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A long NDJSON file and the same items as a binary stream."""
    folder = tmp_path_factory.mktemp("long")
    items = [
        ImageGenerationCall(id=f"ig_{n}", status="completed", result="aGk=") for n in range(LONG)
    ]
    (folder / "long.ndjson").write_bytes(_bytes(write_ndjson, items))
    (folder / "long.bin").write_bytes(_bytes(write_delimited, items))
    return {"ndjson": folder / "long.ndjson", "bin": folder / "long.bin"}


# -- 1. termination signals ------------------------------------------------------

SIGNALS = [pytest.param(signum, id=signal.Signals(signum).name) for signum in _process.TERMINATING]
CONVERSIONS = {
    "encode": (["encode", "--ndjson"], "out.bin", "ndjson"),
    "decode": (["decode", "--ndjson"], "out.ndjson", "bin"),
}


def _writing(folder: Path, target: str) -> bool:
    """True once the conversion has written bytes to its temporary file."""
    return any(
        name.startswith(f".{target}.") and (folder / name).stat().st_size > 0
        for name in os.listdir(folder)
    )


def _signal_when_writing(
    child: subprocess.Popen[bytes], folder: Path, target: str, signum: int, feed: Iterator[None]
) -> None:
    deadline = time.monotonic() + 60
    while not _writing(folder, target):
        assert child.poll() is None, "the conversion ended before it could be signalled"
        assert time.monotonic() < deadline
        next(feed, None)
        time.sleep(0.005)
    child.send_signal(signum)


def _check_signalled(child: subprocess.Popen[bytes], folder: Path, signum: int, before: list[str]):
    _, err = child.communicate(timeout=60)
    assert child.returncode == 128 + signum, err
    assert err == b""
    assert listing(folder) == before  # no temporary file; the target absent or as it was


@pytest.mark.parametrize("signum", SIGNALS)
@pytest.mark.parametrize("command", ["encode", "decode"])
def test_a_signal_during_a_conversion_from_a_file(
    tmp_path: Path, long_inputs: dict[str, Path], command: str, signum: int
) -> None:
    argv, target, kind = CONVERSIONS[command]
    if command == "decode":
        (tmp_path / target).write_bytes(b"previous")  # must survive as it was
    before = listing(tmp_path)
    child = subprocess.Popen(
        [str(COMMAND), *argv, str(long_inputs[kind]), "-o", target],
        cwd=tmp_path,
        stderr=subprocess.PIPE,
    )
    _signal_when_writing(child, tmp_path, target, signum, iter(()))
    _check_signalled(child, tmp_path, signum, before)
    if command == "decode":
        assert (tmp_path / target).read_bytes() == b"previous"


@pytest.mark.parametrize("signum", SIGNALS)
@pytest.mark.parametrize("command", ["encode", "decode"])
def test_a_signal_while_waiting_on_a_slow_stdin(tmp_path: Path, command: str, signum: int) -> None:
    argv, target, _ = CONVERSIONS[command]
    if command == "encode":
        (tmp_path / target).write_bytes(b"previous")
    before = listing(tmp_path)
    items = [ImageGenerationCall(id=f"ig_{n}", status="failed") for n in range(500)]
    chunk = _bytes(write_ndjson if command == "encode" else write_delimited, items)
    child = subprocess.Popen(
        [str(COMMAND), *argv, "-o", target],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdin is not None

    def feed() -> Iterator[None]:
        while True:  # a chunk at a time; the pipe stays open, so the command waits for more
            child.stdin.write(chunk)  # type: ignore[union-attr]
            child.stdin.flush()  # type: ignore[union-attr]
            yield

    _signal_when_writing(child, tmp_path, target, signum, feed())
    _check_signalled(child, tmp_path, signum, before)
    if command == "encode":
        assert (tmp_path / target).read_bytes() == b"previous"


def test_deferred_signals_land_after_the_block() -> None:
    # Making and renaming the temporary file hold a signal until they are done.
    reached = []

    def hold() -> None:
        with _process.deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.01)  # the handler has run by now, and held the signal
            reached.append(True)

    with _process.handled(), pytest.raises(_process.Terminated) as stopped:
        hold()
    assert reached == [True]
    assert stopped.value.exit_status == 143


# -- 2. unusable standard streams -------------------------------------------------

WRITING_TO_STDOUT = [
    ["encode", "one.json"],
    ["decode", "one.bin"],
    ["decode", "--ndjson", "items.bin"],
    ["validate", "items.ndjson"],
    ["inspect", "--stream", "items.bin"],
    ["schema", "--proto"],
    ["schema", "--json-schema"],
    ["schema", "--descriptor-set"],
    ["demo"],
    ["--help"],
    ["--version"],
    ["encode", "--help"],
]


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    (tmp_path / "one.json").write_bytes(ITEM.to_json().encode())
    (tmp_path / "one.bin").write_bytes(ITEM.to_bytes())
    (tmp_path / "items.ndjson").write_bytes(NDJSON)
    (tmp_path / "items.bin").write_bytes(STREAM)
    return tmp_path


def _close(fd: int) -> Callable[[], None]:
    return lambda: os.close(fd)


@pytest.mark.parametrize("argv", WRITING_TO_STDOUT, ids=" ".join)
def test_a_closed_stdout_is_one_line_and_exit_2(inputs: Path, argv: list[str]) -> None:
    result = run(*argv, cwd=inputs, stdout=None, preexec=_close(1))
    one_problem(result, 2, "cannot write stdout: it is closed")


@pytest.mark.parametrize("argv", WRITING_TO_STDOUT, ids=" ".join)
def test_a_full_stdout_is_one_line_and_exit_2(inputs: Path, argv: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        result = run(*argv, cwd=inputs, stdout=full.fileno())
    one_problem(result, 2, "cannot write stdout: No space left on device")


def test_with_stdout_closed_an_output_file_still_works(inputs: Path) -> None:
    result = run("encode", "one.json", "-o", "out.bin", cwd=inputs, stdout=None, preexec=_close(1))
    assert (result.status, result.err_lines) == (0, [])
    assert (inputs / "out.bin").read_bytes() == ITEM.to_bytes()
    # The closed descriptor 1 is held on /dev/null, so no file takes its number:
    # -o /dev/stdout cannot land in the input file.
    result = run(
        "decode", "one.bin", "-o", "/dev/stdout", cwd=inputs, stdout=None, preexec=_close(1)
    )
    assert (result.status, result.err_lines) == (0, [])  # written to the held /dev/null
    assert (inputs / "one.bin").read_bytes() == ITEM.to_bytes()


@pytest.mark.parametrize("command", ["encode", "decode", "validate", "inspect"])
def test_a_closed_stdin_is_one_line_and_exit_2(command: str) -> None:
    result = run(command, stdin=None, preexec=_close(0))
    one_problem(result, 2, "cannot read stdin: it is closed; name an input file")


def test_an_unreadable_stdin_names_stdin() -> None:
    fd = os.open(os.devnull, os.O_WRONLY)  # open, but not for reading
    try:
        result = run("validate", stdin=fd)
    finally:
        os.close(fd)
    one_problem(result, 2, "cannot read stdin: Bad file descriptor")


# -- 12. write errors name what failed: a full disk ------------------------------------


def _file_size_limit(size: int) -> Callable[[], None]:
    # SIGXFSZ is left at its default (end the process): the command itself
    # ignores it, so that the write fails with EFBIG and can be reported.
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.parametrize("previous", [False, True], ids=["new", "existing"])
def test_a_full_disk_names_the_file_and_leaves_no_trace(
    tmp_path: Path, long_inputs: dict[str, Path], previous: bool
) -> None:
    if previous:
        (tmp_path / "out.bin").write_bytes(b"previous")
    before = listing(tmp_path)
    result = run(
        "encode",
        str(long_inputs["ndjson"]),
        "-o",
        "out.bin",
        cwd=tmp_path,
        preexec=_file_size_limit(64 * 1024),
    )
    one_problem(result, 2, "cannot write out.bin: File too large")
    assert listing(tmp_path) == before
    if previous:
        assert (tmp_path / "out.bin").read_bytes() == b"previous"


def test_a_full_disk_under_stdout_names_stdout(
    tmp_path: Path, long_inputs: dict[str, Path]
) -> None:
    with (tmp_path / "redirected").open("wb") as file:
        result = run(
            "decode",
            "--ndjson",
            str(long_inputs["bin"]),
            stdout=file.fileno(),
            preexec=_file_size_limit(64 * 1024),
        )
    one_problem(result, 2, "cannot write stdout: File too large")


# -- 4. -o naming the input --------------------------------------------------------------


@pytest.mark.parametrize("command", ["encode", "decode"])
@pytest.mark.parametrize("spelling", ["same", "./same", "absolute", "symlink", "hardlink"])
def test_an_output_naming_the_input_is_refused(tmp_path: Path, command: str, spelling: str) -> None:
    data = NDJSON if command == "encode" else STREAM
    source = tmp_path / "same"
    source.write_bytes(data)
    os.symlink("same", tmp_path / "symlink")
    os.link(source, tmp_path / "hardlink")
    output = {"absolute": str(source)}.get(spelling, spelling)
    result = run(command, "--ndjson", "same", "-o", output, cwd=tmp_path)
    one_problem(
        result,
        2,
        f"refusing to write {output} over the input same: they are the same file, "
        "which would be lost; write elsewhere, then rename",
    )
    assert source.read_bytes() == data
    assert listing(tmp_path) == ["hardlink", "same", "symlink"]


def test_redirected_streams_naming_the_input_are_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.ndjson"
    source.write_bytes(NDJSON)
    with source.open("rb") as file:
        result = run("encode", "--ndjson", "-o", "in.ndjson", stdin=file.fileno(), cwd=tmp_path)
    assert result.status == 2
    assert "over the input stdin: they are the same file" in result.err_lines[0]
    with source.open("ab") as file:
        result = run("encode", "in.ndjson", stdout=file.fileno(), cwd=tmp_path)
    one_problem(
        result,
        2,
        "refusing to write stdout over the input in.ndjson: they are the same file, "
        "which would be lost; write elsewhere, then rename",
    )
    assert source.read_bytes() == NDJSON


def test_an_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_bytes(ITEM.to_json().encode())
    (tmp_path / "real.bin").write_bytes(b"previous")
    os.symlink("real.bin", tmp_path / "link.bin")
    os.symlink("made.bin", tmp_path / "dangling.bin")
    assert run("encode", "one.json", "-o", "link.bin", cwd=tmp_path).status == 0
    assert os.readlink(tmp_path / "link.bin") == "real.bin"
    assert (tmp_path / "real.bin").read_bytes() == ITEM.to_bytes()
    assert run("encode", "one.json", "-o", "dangling.bin", cwd=tmp_path).status == 0
    assert (tmp_path / "made.bin").read_bytes() == ITEM.to_bytes()
    assert listing(tmp_path) == ["dangling.bin", "link.bin", "made.bin", "one.json", "real.bin"]


# -- 5. control characters from the input never reach the terminal raw ------------------

NASTY = "\x1b[2J\x1b]0;owned\x07\r\nitems:     0 valid\u202e\u2028\x9b"


def _raw_controls(text: str) -> list[str]:
    return [char for char in text if char != "\n" and printable(char) != char]


def test_inspect_escapes_statuses(tmp_path: Path) -> None:
    items = [ImageGenerationCall(id="a", status=NASTY + str(n), result=None) for n in range(3)]
    (tmp_path / "s.bin").write_bytes(_bytes(write_delimited, items))
    result = run("inspect", "--stream", "s.bin", cwd=tmp_path)
    text = result.out.decode()
    assert result.status == 0
    assert _raw_controls(text) == []
    assert len(text.splitlines()) == 6
    assert r"\x1b[2J\x1b]0;owned\x07\r\nitems:     0 valid\u202e\u2028\x9b0 1" in text


def test_diagnostics_escape_ids_member_names_statuses_and_paths(tmp_path: Path) -> None:
    lines = [
        json.dumps({"type": "image_generation_call", "id": "a", "status": NASTY}),
        json.dumps({"type": "image_generation_call", "id": "a", "status": "failed", NASTY: 1}),
        json.dumps({"type": NASTY, "id": NASTY, "status": "failed"}),
    ]
    (tmp_path / "in.ndjson").write_text("\n".join(lines) + "\n")
    result = run("validate", "--strict", "in.ndjson", cwd=tmp_path)
    assert result.status == 1
    assert len(result.err_lines) == 3
    assert [line.split(": ")[1] for line in result.err_lines] == ["line 1", "line 2", "line 3"]
    assert _raw_controls("\n".join(result.err_lines)) == []
    result = run("validate", f"missing{NASTY}.json", cwd=tmp_path)
    assert result.status == 2
    assert len(result.err_lines) == 1
    assert _raw_controls(result.err_lines[0]) == []


def test_pretty_output_escapes_line_breaks_as_to_json_does(tmp_path: Path) -> None:
    """One escaping rule (CONTRACT 1): U+0085, U+2028 and U+2029, compact or indented."""
    item = ImageGenerationCall(id="a\u2028b\u2029c\x85d\x9be", status="failed", extra={"\u2028": 1})
    for flags, want in [((), item.to_json()), (("--pretty",), item.to_json(indent=2))]:
        result = run("decode", *flags, stdin=item.to_bytes())
        assert result.status == 0
        assert result.out == want.encode() + b"\n"
        text = result.out.decode()
        assert not set(text) & {"\u2028", "\u2029", "\x85"}
        assert "a\\u2028b\\u2029c\\u0085d\x9be" in text  # other C1 controls as themselves
        assert ImageGenerationCall.from_json(result.out) == item


# -- 6. output bounded whatever the input --------------------------------------------------

ZEROS = b"\x00" * 20_000  # 20,000 empty frames, none of them an item


def _flood_summary(total: int, shown: int) -> str:
    return f"imagegen-wire: {total:,} bad records in all, {total - shown:,} not shown (--max-errors N to show more)"


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "--format", "stream"],
        ["inspect", "--stream"],
        ["decode", "--ndjson", "--skip-invalid"],
    ],
    ids=" ".join,
)
def test_a_flood_of_bad_frames_reports_the_first_hundred_and_a_total(argv: list[str]) -> None:
    result = run(*argv, stdin=ZEROS)
    assert result.status == 1
    assert len(result.err_lines) == 101
    assert result.err_lines[0].startswith("imagegen-wire: ")
    assert "frame 100: " in result.err_lines[99]
    assert result.err_lines[-1] == _flood_summary(20_000, 100)


def test_the_cap_is_an_option_and_every_record_is_counted() -> None:
    result = run("validate", "--format", "stream", "--max-errors", "3", stdin=ZEROS)
    assert len(result.err_lines) == 4
    assert result.err_lines[-1] == _flood_summary(20_000, 3)
    assert result.out == b"20,000 records: 0 valid, 20,000 invalid\n"
    result = run("validate", "--format", "stream", "--max-errors", "0", stdin=ZEROS)
    assert result.err_lines == [_flood_summary(20_000, 0)]
    result = run(
        "validate", "--format", "stream", "--max-errors", "99999999999999999999", stdin=ZEROS
    )
    assert len(result.err_lines) == 20_000


def test_a_flood_of_bad_lines_is_capped_too() -> None:
    result = run("encode", "--ndjson", "--skip-invalid", "-o", os.devnull, stdin=b"x\n" * 5_000)
    assert result.status == 1
    assert len(result.err_lines) == 101
    assert result.err_lines[-1] == _flood_summary(5_000, 100)


def test_an_ndjson_file_read_as_a_stream_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "many.ndjson").write_bytes(NDJSON * 5_000)
    result = run("inspect", "--stream", "many.ndjson", cwd=tmp_path)
    one_problem(
        result,
        1,
        "frame 1: $: expected a length-delimited binary stream, got JSON text: "
        "inspect reads binary: check NDJSON with validate",
    )


def test_inspect_shows_the_most_common_statuses_then_counts_the_rest() -> None:
    items = [ImageGenerationCall(id="", status=f"s{n % 30:02d}") for n in range(300)]
    items += [ImageGenerationCall(id="", status="completed")] * 2
    result = run("inspect", "--stream", stdin=_bytes(write_delimited, items))
    (line,) = [x for x in result.out.decode().splitlines() if x.startswith("statuses:")]
    shown = ", ".join(f"s{n:02d} 10" for n in range(9))
    assert line == f"statuses:  completed 2, {shown}, and 210 items with 21 other statuses"


def test_inspect_keeps_its_memory_bounded_past_the_tracked_statuses(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(inspect, "TRACKED_STATUSES", 5)
    items = [ImageGenerationCall(id="", status=f"s{n}" + "x" * 500) for n in range(50)]
    monkeypatch.setattr(
        sys,
        "stdin",
        io.TextIOWrapper(io.BufferedReader(io.BytesIO(_bytes(write_delimited, items)))),
    )
    assert main(["inspect", "--stream"]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if x.startswith("statuses:")]
    assert line.endswith(", and 45 items with more than 0 other statuses")
    assert len(line) < 6 * (inspect.STATUS_CHARS + 10) + 60  # statuses cut to STATUS_CHARS


# -- 3. every option value works or is a usage error ------------------------------------


@pytest.mark.parametrize("value", ["30000000000", "9223372036854775807", "1" + "0" * 40])
def test_huge_record_limits_work_and_allocate_nothing_up_front(tmp_path: Path, value: str) -> None:
    (tmp_path / "one.json").write_bytes(ITEM.to_json().encode())
    (tmp_path / "items.ndjson").write_bytes(NDJSON)
    (tmp_path / "items.bin").write_bytes(STREAM)
    limit_memory = lambda: resource.setrlimit(resource.RLIMIT_AS, (2**31, 2**31))  # noqa: E731
    for argv in (
        ["encode", "one.json", "-o", "one.bin"],
        ["decode", "one.bin"],
        ["encode", "items.ndjson", "-o", "s.bin"],
        ["decode", "--ndjson", "s.bin"],
        ["validate", "--format", "stream", "items.bin"],
        ["inspect", "items.bin", "--stream"],
    ):
        result = run(*argv, "--max-record-size", value, cwd=tmp_path, preexec=limit_memory)
        assert (result.status, result.err_lines) == (0, []), argv
    stdin = run("encode", "--max-record-size", value, stdin=ITEM.to_json().encode())
    assert stdin.out == ITEM.to_bytes()


@pytest.mark.parametrize("limit", [sys.maxsize, sys.maxsize + 1, 2**64, 10**40])
def test_the_readers_take_any_positive_limit(limit: int) -> None:
    assert list(read_ndjson(io.BytesIO(NDJSON), max_line_size=limit)) == ITEMS
    assert list(read_delimited(io.BytesIO(STREAM), max_frame_size=limit)) == ITEMS


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--max-record-size", "0"),
        ("--max-record-size", "-1"),
        ("--max-record-size", "1e9"),
        ("--max-record-size", ""),
        ("--max-record-size", "9" * 5000),
        ("--max-errors", "-1"),
        ("--max-errors", "many"),
    ],
)
def test_bad_option_values_are_usage_errors(option: str, value: str) -> None:
    result = run("validate", option, value, stdin=NDJSON)
    assert result.status == 2
    assert f"error: argument {option}: expected " in result.err_lines[-1]
    assert not any("Traceback" in line for line in result.err_lines)


# -- 7. the wrong kind of input, in every direction -----------------------------------------


@pytest.mark.parametrize(
    ("argv", "stdin", "text"),
    [
        (
            ["decode"],
            ITEM.to_json().encode(),
            "the input looks like JSON text, not binary: use encode",
        ),
        (
            ["decode"],
            NDJSON,
            "the input looks like JSON text, not binary: use encode --format ndjson",
        ),
        (["encode"], ITEM.to_bytes(), "the input is a binary message, not JSON text: use decode"),
        (["encode"], STREAM, "stream of 2 items, not JSON text: use decode --format stream"),
        (
            ["validate"],
            ITEM.to_bytes(),
            "the input is a binary message, not JSON text: use --format binary",
        ),
        (["validate", "--format", "binary"], NDJSON, "not binary: use --format ndjson"),
    ],
)
def test_a_single_item_of_the_wrong_kind_says_which(
    argv: list[str], stdin: bytes, text: str
) -> None:
    result = run(*argv, stdin=stdin)
    assert result.status == 1
    assert len(result.err_lines) == 1
    assert result.err_lines[0].endswith(text), result.err_lines


PRETTY = json.dumps(ITEM.to_dict(), indent=2).encode() + b"\n"


@pytest.mark.parametrize(
    ("argv", "stdin", "text"),
    [
        (
            ["encode", "--ndjson"],
            PRETTY,
            "line 1: $: expected one JSON item per line, got a JSON document over several lines: use --format json",
        ),
        (
            ["validate", "--format", "ndjson"],
            PRETTY,
            "line 1: $: expected one JSON item per line, got a JSON document over several lines: use --format json",
        ),
        (
            ["encode", "--ndjson"],
            STREAM,
            "line 2: $: expected one JSON item per line, got binary data: use decode --format stream",  # line 1 is "\r",
        ),
        (
            ["decode", "--ndjson"],
            ITEM.to_bytes(),
            "frame 1: $: expected a length-delimited binary stream, got one binary message: use --format binary",
        ),
        (
            ["inspect", "--stream"],
            ITEM.to_bytes(),
            "frame 1: $: expected a length-delimited binary stream, got one binary message: use --format binary",
        ),
        (
            ["decode", "--ndjson"],
            PRETTY,
            "frame 1: $: expected a length-delimited binary stream, got JSON text: use encode",
        ),
        (
            ["validate", "--format", "stream"],
            NDJSON,
            "frame 1: $: expected a length-delimited binary stream, got JSON text: use --format ndjson",
        ),
    ],
)
def test_a_stream_of_the_wrong_kind_is_one_line_saying_which(
    argv: list[str], stdin: bytes, text: str
) -> None:
    result = run(*argv, stdin=stdin)
    one_problem(result, 1, text)


@pytest.mark.parametrize(
    ("argv", "text"),
    [
        (["encode"], "$: expected a JSON item, got empty input"),
        (["decode"], "$: expected a binary item, got empty input"),
        (["inspect"], "$: expected a binary item, got empty input"),
        (["validate", "--format", "binary"], "$: expected a binary item, got empty input"),
    ],
)
def test_empty_input_is_called_empty(argv: list[str], text: str) -> None:
    one_problem(run(*argv, stdin=b""), 1, text)


# -- 8. messages and the progress bar ---------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_messages_get_their_own_line_under_a_progress_bar(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "in.ndjson").write_bytes((NDJSON + b"bad\n") * 50)
    terminal = _Terminal()
    monkeypatch.setattr(_report, "DELAY", 0)
    monkeypatch.setattr(sys, "stderr", terminal)
    status = main(
        ["encode", str(tmp_path / "in.ndjson"), "-o", str(tmp_path / "o.bin"), "--skip-invalid"]
    )
    assert status == 1
    messages = [line for line in terminal.getvalue().split("\n") if "imagegen-wire:" in line]
    assert len(messages) == 51  # 50 skipped lines, then the summary a terminal gets
    for line in messages[:-1]:  # what is left after the bar was cleared ("\r") is the message alone
        assert line.split("\r")[-1].startswith("imagegen-wire: skipped line ")
    assert (
        messages[-1].split("\r")[-1] == "imagegen-wire: 100 items written, 50 bad records skipped"
    )
    assert "encode:" in terminal.getvalue()  # the bar was drawn


# -- 9. inspect reports the bytes actually read -----------------------------------------------


def test_inspect_counts_the_bytes_it_read() -> None:
    cut = STREAM + b"\xe8\x07" + b"abc"  # a frame declaring 1,000 bytes, three of which came
    result = run("inspect", "--stream", stdin=cut)
    assert result.status == 1
    assert f"input:     stream of 3 frames, {len(cut):,} bytes" in result.out.decode()
    bad = b"\x0a\x05ab"
    result = run("inspect", stdin=bad)
    assert result.out.decode().splitlines()[0] == "input:     one message, 4 bytes"


# -- 11. record limits count content -----------------------------------------------------------


def test_a_record_limit_counts_content_not_line_ends() -> None:
    line = ITEM.to_json().encode()
    size = str(len(line))
    for ending in (b"\n", b"\r\n", b""):
        result = run(
            "validate", "--format", "ndjson", "--max-record-size", size, stdin=line + ending
        )
        assert result.status == 0, (ending, result.err_lines)
        result = run("encode", "--max-record-size", size, stdin=line + ending)
        assert result.status == 0, (ending, result.err_lines)
    small = str(len(line) - 1)
    assert (
        run(
            "validate", "--format", "ndjson", "--max-record-size", small, stdin=line + b"\r\n"
        ).status
        == 1
    )
    assert run("encode", "--max-record-size", small, stdin=line + b"\n").status == 1
