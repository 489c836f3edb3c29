"""The command line: each command in-process and as a subprocess; good and bad input, exit codes."""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cli_runner import listing, one_line_problem, run_module
from helpers import json_value, same_json
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import items

from imagegen_wire import ABSENT, ImageGenerationCall, read_delimited, write_delimited
from imagegen_wire._cli import _report, main
from imagegen_wire._cli._files import open_output
from imagegen_wire._cli._report import printable, problem
from imagegen_wire._stream import encode_varint

ITEMS = [
    ImageGenerationCall(id="ig_1", status="completed", result="aGk="),
    ImageGenerationCall(id="ig_2", status="in_progress", result=None),
    ImageGenerationCall(id="ig_3", status="queued", result="not base64", extra={"n": 10**25}),
    ImageGenerationCall(id="日本", status="failed"),
    ImageGenerationCall(id="", status="completed", result="", extra={"f": 0.1, "l": [1, {}]}),
]
NDJSON = b"".join(item.to_json().encode() + b"\n" for item in ITEMS)
BAD_LINE = b'{"type":"image_generation_call","id":"x","status":5}'


def stream(items: list[ImageGenerationCall]) -> bytes:
    out = io.BytesIO()
    write_delimited(out, items)
    return out.getvalue()


STREAM = stream(ITEMS)


# -- encode ------------------------------------------------------------------


def test_encode_one_item_from_stdin(cli) -> None:
    result = cli("encode", stdin=ITEMS[2].to_json().encode())
    assert (result.status, result.err) == (0, "")
    assert ImageGenerationCall.from_bytes(result.out) == ITEMS[2]
    assert result.out == ITEMS[2].to_bytes()


def test_encode_ndjson_file_by_its_extension_to_an_output_file(cli, tmp_path: Path) -> None:
    source = tmp_path / "items.jsonl"
    source.write_bytes(NDJSON)
    result = cli("encode", str(source), "-o", str(tmp_path / "items.bin"))
    assert (result.status, result.out, result.err) == (0, b"", "")
    assert (tmp_path / "items.bin").read_bytes() == STREAM
    assert listing(tmp_path) == ["items.bin", "items.jsonl"]


def test_encode_ndjson_flag_on_stdin(cli) -> None:
    result = cli("encode", "--ndjson", stdin=NDJSON)
    assert result.status == 0
    assert list(read_delimited(io.BytesIO(result.out))) == ITEMS


def test_encode_bad_item(cli) -> None:
    result = cli("encode", stdin=BAD_LINE)
    one_line_problem(result, 1, "$.status: expected a string, got number 5")
    assert result.out == b""


def test_encode_strict(cli) -> None:
    assert cli("encode", stdin=ITEMS[2].to_json().encode()).status == 0
    result = cli("encode", "--strict", stdin=ITEMS[2].to_json().encode())
    one_line_problem(result, 1, "$.status: expected one of")


def test_encode_refuses_binary_to_a_terminal(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = cli("encode", stdin=ITEMS[0].to_json().encode())
    one_line_problem(result, 2, "refusing to write binary to a terminal")


def test_encode_input_above_the_size_limit(cli) -> None:
    data = ITEMS[0].to_json().encode()
    assert cli("encode", "--max-record-size", str(len(data)), stdin=data).status == 0
    result = cli("encode", "--max-record-size", str(len(data) - 1), stdin=data)
    one_line_problem(result, 1, f"at most {len(data) - 1:,} bytes (--max-record-size)")


# -- nothing lost: a bad record in the middle of a conversion -------------------


def test_bad_line_stops_the_conversion_and_leaves_no_file(cli, tmp_path: Path) -> None:
    source = tmp_path / "in.ndjson"
    source.write_bytes(NDJSON + BAD_LINE + b"\n" + NDJSON)
    result = cli("encode", str(source), "-o", str(tmp_path / "out.bin"))
    one_line_problem(result, 1, "line 6: $.status: expected a string, got number 5")
    assert listing(tmp_path) == ["in.ndjson"]


def test_a_failed_run_leaves_an_existing_output_as_it_was(cli, tmp_path: Path) -> None:
    source = tmp_path / "in.ndjson"
    source.write_bytes(NDJSON + BAD_LINE + b"\n")
    (tmp_path / "out.bin").write_bytes(b"previous")
    assert cli("encode", str(source), "-o", str(tmp_path / "out.bin")).status == 1
    assert (tmp_path / "out.bin").read_bytes() == b"previous"
    assert listing(tmp_path) == ["in.ndjson", "out.bin"]


def test_skip_invalid_writes_the_good_records_and_reports_each_bad_one(cli, tmp_path: Path) -> None:
    source = tmp_path / "in.ndjson"
    source.write_bytes(BAD_LINE + b"\n" + NDJSON + b"\n{}\n" + NDJSON + b"nope")
    result = cli("encode", str(source), "-o", str(tmp_path / "out.bin"), "--skip-invalid")
    assert result.status == 1
    assert result.err_lines == [
        "imagegen-wire: skipped line 1: $.status: expected a string, got number 5",
        "imagegen-wire: skipped line 8: $.type: expected 'image_generation_call', "
        "got nothing: the member is missing",
        "imagegen-wire: skipped line 14: $: expected JSON text, got invalid JSON: "
        "Expecting value at line 1 column 1",
    ]
    with (tmp_path / "out.bin").open("rb") as written:
        assert list(read_delimited(written)) == ITEMS + ITEMS


def test_skip_invalid_is_for_streams_only(cli) -> None:
    result = cli("encode", "--skip-invalid", stdin=ITEMS[0].to_json().encode())
    one_line_problem(result, 2, "--skip-invalid applies to NDJSON input")
    result = cli("decode", "--skip-invalid", stdin=ITEMS[0].to_bytes())
    one_line_problem(result, 2, "--skip-invalid applies to stream input")


def test_decode_bad_frame_in_the_middle(cli, tmp_path: Path) -> None:
    bad = b"\x0a\x01a"
    source = tmp_path / "in.bin"
    source.write_bytes(STREAM + encode_varint(len(bad)) + bad + STREAM)
    out = tmp_path / "out.ndjson"
    result = cli("decode", str(source), "-o", str(out))
    one_line_problem(result, 1, "frame 6: status: expected field 2047")
    assert listing(tmp_path) == ["in.bin"]
    result = cli("decode", str(source), "-o", str(out), "--skip-invalid")
    assert result.status == 1
    assert result.err_lines == [line for line in result.err_lines if "skipped frame 6: " in line]
    assert len(result.err_lines) == 1
    assert [json_value(line) for line in out.read_bytes().splitlines()] == [
        json_value(item.to_json()) for item in ITEMS + ITEMS
    ]


def test_decode_truncated_stream_with_skip_invalid_keeps_what_came(cli, tmp_path: Path) -> None:
    result = cli("decode", "--ndjson", "--skip-invalid", stdin=STREAM[:-1])
    assert result.status == 1
    assert len(result.err_lines) == 1
    assert "frame 5: $: expected a frame of" in result.err
    assert "cut short" in result.err
    assert [ImageGenerationCall.from_json(x) for x in result.out.splitlines()] == ITEMS[:4]


# -- decode ------------------------------------------------------------------


def test_decode_one_item(cli) -> None:
    for item in ITEMS:
        result = cli("decode", stdin=item.to_bytes())
        assert (result.status, result.err) == (0, "")
        assert result.out.endswith(b"\n")
        assert same_json(json_value(result.out), json_value(item.to_json()))


def test_decode_pretty(cli) -> None:
    result = cli("decode", "--pretty", stdin=ITEMS[2].to_bytes())
    assert result.status == 0
    assert result.out.startswith(b'{\n  "type": "image_generation_call",\n')
    assert ImageGenerationCall.from_json(result.out) == ITEMS[2]
    assert json_value(result.out)["n"] == 10**25


def test_decode_stream_to_ndjson_by_output_extension(cli, tmp_path: Path) -> None:
    out = tmp_path / "x.ndjson"
    result = cli("decode", "-o", str(out), stdin=STREAM)
    assert (result.status, result.out, result.err) == (0, b"", "")
    assert out.read_bytes() == NDJSON


def test_decode_stream_pretty(cli) -> None:
    result = cli("decode", "--ndjson", "--pretty", stdin=STREAM)
    assert result.status == 0
    decoder = json.JSONDecoder()
    text, position, got = result.out.decode(), 0, []
    while position < len(text):
        value, end = decoder.raw_decode(text, position)
        got.append(ImageGenerationCall.from_dict(value))
        position = end + 1
    assert got == ITEMS


def test_decode_bad_bytes(cli) -> None:
    result = cli("decode", stdin=b"\xff\xff")
    one_line_problem(result, 1, "$: expected a protobuf ImageGenerationCall message")
    result = cli("decode", stdin=ITEMS[0].to_bytes()[:-1])
    one_line_problem(result, 1)


def test_decode_strict(cli) -> None:
    assert cli("decode", "--strict", stdin=ITEMS[1].to_bytes()).status == 0
    result = cli("decode", "--strict", "--ndjson", stdin=STREAM)
    one_line_problem(result, 1, "frame 3: $.status: expected one of")


def test_decode_hostile_length(cli) -> None:
    result = cli("decode", "--ndjson", stdin=STREAM + b"\xff" * 9 + b"\x01")
    one_line_problem(result, 1, "frame 6: $: expected a frame size of at most 67,108,864")
    assert result.out == NDJSON  # stdout cannot be taken back: what came before stays


# -- validate ----------------------------------------------------------------


def test_validate_good_inputs_of_each_format(cli, tmp_path: Path) -> None:
    (tmp_path / "a.ndjson").write_bytes(NDJSON)
    cases = [
        (["validate"], ITEMS[0].to_json().encode(), "1 record: 1 valid, 0 invalid"),
        (["validate", str(tmp_path / "a.ndjson")], b"", "5 records: 5 valid, 0 invalid"),
        (["validate", "--format", "ndjson"], NDJSON, "5 records: 5 valid, 0 invalid"),
        (["validate", "--format", "binary"], ITEMS[0].to_bytes(), "1 record: 1 valid, 0 invalid"),
        (["validate", "--format", "stream"], STREAM, "5 records: 5 valid, 0 invalid"),
    ]
    for argv, stdin, summary in cases:
        result = cli(*argv, stdin=stdin)
        assert (result.status, result.out.decode(), result.err) == (0, summary + "\n", ""), argv


def test_validate_reports_every_bad_record(cli) -> None:
    data = NDJSON + BAD_LINE + b"\n\n" + b"[]\n" + NDJSON + b'{"type":"x"}'
    result = cli("validate", "--format", "ndjson", stdin=data)
    assert result.status == 1
    assert result.err_lines == [
        "imagegen-wire: line 6: $.status: expected a string, got number 5",
        "imagegen-wire: line 8: $: expected a JSON object, got an array",
        "imagegen-wire: line 14: $.type: expected 'image_generation_call', got string 'x'",
    ]
    assert result.out == b"13 records: 10 valid, 3 invalid\n"


def test_validate_stream_reports_bad_frames_and_goes_on(cli) -> None:
    bad = b"\x0a\x01a"
    data = STREAM + encode_varint(len(bad)) + bad + STREAM + b"\x05ab"
    result = cli("validate", "--format", "stream", stdin=data)
    assert result.status == 1
    assert [line.split(": ")[1] for line in result.err_lines] == ["frame 6", "frame 12"]
    assert result.out == b"12 records: 10 valid, 2 invalid\n"


def test_validate_strict(cli) -> None:
    result = cli("validate", "--strict", "--format", "ndjson", stdin=NDJSON)
    assert result.status == 1
    # ig_3 has an unknown status, 日本 no result, the last an unknown member.
    assert [line.split(": ")[1:3] for line in result.err_lines] == [
        ["line 3", "$.status"],
        ["line 4", "$.result"],
        ["line 5", "$.f"],
    ]
    result = cli("validate", "--strict", "--format", "stream", stdin=STREAM)
    assert [line.split(": ")[1] for line in result.err_lines] == ["frame 3", "frame 4", "frame 5"]
    result = cli("validate", "--strict", "--format", "binary", stdin=ITEMS[3].to_bytes())
    one_line_problem(result, 1, "$.result: expected a string or null (strict mode")


# -- inspect -----------------------------------------------------------------


def test_inspect_stream_summary(cli) -> None:
    result = cli("inspect", "--stream", stdin=STREAM)
    sizes = [len(item.to_bytes()) for item in ITEMS]
    assert (result.status, result.err) == (0, "")
    assert result.out.decode().splitlines() == [
        f"input:     stream of 5 frames, {len(STREAM):,} bytes",
        "items:     5 valid, 0 invalid",
        "statuses:  in_progress 1, completed 2, failed 1, queued 1",
        f"messages:  smallest {min(sizes)}, largest {max(sizes)}, "
        f"mean {sum(sizes) / 5:.1f}, total {sum(sizes)} bytes",
        "results:   1 as image bytes (2 bytes of images), 2 as text, 1 null, 1 absent",
        "extras:    2 items with unknown JSON members, 0 with fields of a newer schema",
    ]


def test_inspect_one_message_and_a_newer_schemas_fields(cli) -> None:
    newer = ITEMS[0].to_bytes() + b"\xa0\x06\x01"  # field 100, varint 1: unknown to us
    assert ImageGenerationCall.from_bytes(newer).has_unknown_fields
    result = cli("inspect", stdin=newer)
    assert result.status == 0
    lines = result.out.decode().splitlines()
    assert lines[0] == f"input:     one message, {len(newer)} bytes"
    assert (
        lines[-1] == "extras:    0 items with unknown JSON members, 1 with fields of a newer schema"
    )


def test_inspect_bad_input(cli) -> None:
    result = cli("inspect", "--stream", stdin=STREAM[:-3])
    one_line_problem(result, 1, "frame 5: $: expected a frame of")
    assert b"items:     4 valid, 1 invalid" in result.out
    result = cli("inspect", stdin=b"\x0a")
    one_line_problem(result, 1)
    assert b"items:     0 valid, 1 invalid" in result.out


# -- usage errors --------------------------------------------------------------


@pytest.mark.parametrize("command", ["encode", "decode", "validate", "inspect"])
def test_missing_input_file_is_a_usage_error(cli, tmp_path: Path, command: str) -> None:
    missing = tmp_path / "missing.json"
    result = cli(command, str(missing))
    one_line_problem(result, 2, f"cannot read {missing}: No such file or directory")
    result = cli(command, str(tmp_path))
    one_line_problem(result, 2, "Is a directory")


def test_unwritable_output_is_a_usage_error(cli, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.bin"
    result = cli("encode", "-o", str(target), stdin=ITEMS[0].to_json().encode())
    one_line_problem(result, 2, f"cannot write {target}")


@pytest.mark.parametrize(
    "argv",
    [
        ["encode", "--bogus"],
        ["nosuchcommand"],
        [],
        ["validate", "--format", "xml"],
        ["decode", "--max-record-size", "0"],
    ],
)
def test_bad_options_exit_2(cli, argv: list[str]) -> None:
    result = cli(*argv)
    assert result.status == 2
    assert "Traceback" not in result.err
    assert "error:" in result.err_lines[-1]


def test_help_and_version_exit_0(cli) -> None:
    for argv in (["--help"], ["--version"], ["encode", "--help"]):
        assert cli(*argv).status == 0


# -- progress ------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "in.bin"
    source.write_bytes(STREAM)
    assert cli("decode", "--ndjson", str(source)).err == ""  # captured stderr: not a terminal
    terminal = _Terminal()
    monkeypatch.setattr(_report, "DELAY", 0)
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli("decode", "--ndjson", str(source)).status == 0
    assert "decode:" in terminal.getvalue()
    assert f"/{len(STREAM)} [" in terminal.getvalue()  # a file: the bar counts its bytes
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli("validate", "--format", "ndjson", stdin=NDJSON).status == 0
    assert "validate: 0 records [" in terminal.getvalue()  # a pipe has no size: it counts records


# -- through a subprocess ------------------------------------------------------


def test_subprocess_encode_decode_validate_inspect(tmp_path: Path) -> None:
    encoded = run_module("encode", "--ndjson", stdin=NDJSON)
    assert (encoded.status, encoded.err) == (0, "")
    assert encoded.out == STREAM
    decoded = run_module("decode", "--ndjson", stdin=encoded.out)
    assert (decoded.status, decoded.out, decoded.err) == (0, NDJSON, "")
    valid = run_module("validate", "--format", "stream", stdin=encoded.out)
    assert (valid.status, valid.out, valid.err) == (0, b"5 records: 5 valid, 0 invalid\n", "")
    summary = run_module("inspect", "--stream", stdin=encoded.out)
    assert summary.status == 0
    assert b"statuses:  in_progress 1, completed 2, failed 1, queued 1" in summary.out
    one = run_module("encode", "-o", "one.bin", stdin=ITEMS[0].to_json().encode(), cwd=tmp_path)
    assert (one.status, one.out, one.err) == (0, b"", "")
    assert (tmp_path / "one.bin").read_bytes() == ITEMS[0].to_bytes()


def test_subprocess_bad_input_and_exit_codes(tmp_path: Path) -> None:
    bad = run_module("encode", "--ndjson", "-o", "out.bin", stdin=NDJSON + BAD_LINE, cwd=tmp_path)
    one_line_problem(bad, 1, "line 6: $.status: expected a string, got number 5")
    assert listing(tmp_path) == []
    invalid = run_module("validate", stdin=b"{")
    one_line_problem(invalid, 1, "$: expected JSON text, got invalid JSON")
    hostile = run_module("decode", "--ndjson", stdin=b"\xff" * 10)
    one_line_problem(hostile, 1, "frame 1: $: expected a frame size prefix of at most 10")
    truncated = run_module("inspect", "--stream", stdin=STREAM[:-1])
    one_line_problem(truncated, 1, "frame 5")
    usage = run_module("decode", "missing.bin", cwd=tmp_path)
    one_line_problem(usage, 2, "cannot read missing.bin: No such file or directory")
    options = run_module("inspect", "--nope")
    assert options.status == 2
    assert "Traceback" not in options.err


def test_subprocess_stops_quietly_when_the_reader_goes_away(tmp_path: Path) -> None:
    items = [ImageGenerationCall(id=str(n), status="completed", result=None) for n in range(50_000)]
    (tmp_path / "many.bin").write_bytes(stream(items))
    with (tmp_path / "many.bin").open("rb") as source:
        process = subprocess.Popen(
            [sys.executable, "-m", "imagegen_wire", "decode", "--ndjson"],
            stdin=source,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # the reader goes away, as `| head -1` does
        status = process.wait(timeout=120)
        err = process.stderr.read()
        process.stderr.close()
    assert first.startswith(b'{"type":"image_generation_call","id":"0"')
    assert (status, err) == (141, b"")


# -- 10,000 items, in a pipeline ------------------------------------------------------


def test_ten_thousand_ndjson_items_to_a_stream_and_back(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "type": "image_generation_call",
                "id": f"ig_{n}",
                **({} if n % 11 == 0 else {"result": [None, "aGk=", "text", ""][n % 4]}),
                "status": ["completed", "in_progress", "generating", "failed", "queued"][n % 5],
                **({"meta": {"n": n, "big": 2**80 + n, "x": n / 3}} if n % 3 == 0 else {}),
            },
            ensure_ascii=n % 2 == 0,
        )
        for n in range(10_000)
    ]
    source = tmp_path / "in.ndjson"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["encode", str(source), "-o", str(tmp_path / "s.bin")]) == 0
    assert (
        main(["decode", "--ndjson", str(tmp_path / "s.bin"), "-o", str(tmp_path / "out.ndjson")])
        == 0
    )
    back = (tmp_path / "out.ndjson").read_bytes().splitlines()
    assert len(back) == 10_000
    for before, after in zip(lines, back, strict=True):
        assert same_json(json_value(before), json_value(after))
    piped = subprocess.run(
        f'"{sys.executable}" -m imagegen_wire encode --ndjson < in.ndjson'
        f' | "{sys.executable}" -m imagegen_wire decode --ndjson',
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert piped.stdout.splitlines() == back


def test_absent_null_and_empty_results_survive_the_cli(cli) -> None:
    result = cli("decode", "--ndjson", stdin=cli("encode", "--ndjson", stdin=NDJSON).out)
    got = [ImageGenerationCall.from_json(line) for line in result.out.splitlines()]
    assert [item.result for item in got] == ["aGk=", None, "not base64", ABSENT, ""]


# -- properties ------------------------------------------------------------------


@settings(max_examples=40)
@given(st.lists(items(), max_size=6))
def test_any_items_through_encode_and_decode_files(values: list[ImageGenerationCall]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        (folder / "in.ndjson").write_bytes(b"".join(x.to_json().encode() + b"\n" for x in values))
        assert main(["encode", str(folder / "in.ndjson"), "-o", str(folder / "s.bin")]) == 0
        assert main(["decode", str(folder / "s.bin"), "-o", str(folder / "out.jsonl")]) == 0
        out = (folder / "out.jsonl").read_bytes().splitlines()
        assert [ImageGenerationCall.from_json(line) for line in out] == values


@settings(max_examples=40)
@given(st.lists(st.sampled_from(["good", "bad", "blank"]), max_size=12))
def test_skip_invalid_keeps_exactly_the_good_lines(kinds: list[str]) -> None:
    lines = {"good": ITEMS[0].to_json().encode(), "bad": BAD_LINE, "blank": b"  "}
    bad_numbers = [n for n, kind in enumerate(kinds, 1) if kind == "bad"]
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        (folder / "in.ndjson").write_bytes(b"\n".join(lines[kind] for kind in kinds))
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = main(
                ["encode", str(folder / "in.ndjson"), "-o", str(folder / "o.bin"), "--skip-invalid"]
            )
        assert status == (1 if bad_numbers else 0)
        assert [int(line.split()[3].rstrip(":")) for line in err.getvalue().splitlines()] == (
            bad_numbers
        )
        with (folder / "o.bin").open("rb") as written:
            assert list(read_delimited(written)) == [ITEMS[0]] * kinds.count("good")


# -- atomic output ----------------------------------------------------------------


def test_an_interrupted_write_leaves_nothing(tmp_path: Path) -> None:
    seen = []

    def interrupted() -> None:
        with open_output(str(tmp_path / "out.bin")) as file:
            file.write(b"half")
            seen.extend(os.listdir(tmp_path))
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert len(seen) == 1
    assert seen[0].startswith(".out.bin.")  # the hidden temporary file, never out.bin
    assert os.listdir(tmp_path) == []


def test_output_permissions_are_those_open_would_give_or_the_old_files(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with open_output(str(tmp_path / "new.bin")) as file:
            file.write(b"x")
        assert stat.S_IMODE((tmp_path / "new.bin").stat().st_mode) == 0o644
        (tmp_path / "new.bin").chmod(0o600)
        with open_output(str(tmp_path / "new.bin")) as file:
            file.write(b"y")
        assert stat.S_IMODE((tmp_path / "new.bin").stat().st_mode) == 0o600
        assert (tmp_path / "new.bin").read_bytes() == b"y"
    finally:
        os.umask(umask)


def test_a_full_disk_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "imagegen_wire", "decode", "--ndjson"],
            input=STREAM * 2000,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    err = done.stderr.decode()
    assert done.returncode == 2
    assert err.splitlines() == ["imagegen-wire: cannot write stdout: No space left on device"]


# -- hints when the input is a stream but the command expected one item ------------


def test_ndjson_given_as_one_item_says_so(cli) -> None:
    result = cli("encode", stdin=NDJSON)
    one_line_problem(result, 1, "$: expected JSON text", "one item per line: use --format ndjson")
    result = cli("validate", stdin=NDJSON)
    assert "one item per line: use --format ndjson" in result.err
    result = cli("encode", stdin=b"{}\n{}\n")  # not items at all: no hint
    one_line_problem(result, 1, "$: expected JSON text, got invalid JSON: Extra data")
    assert "per line" not in result.err


def test_stream_given_as_one_message_says_so(cli) -> None:
    result = cli("decode", stdin=STREAM)
    one_line_problem(result, 1, "length-delimited stream of 5 items: use --format stream")
    result = cli("inspect", stdin=STREAM)
    assert "length-delimited stream of 5 items: use --format stream" in result.err
    result = cli("validate", "--format", "binary", stdin=STREAM)
    assert "length-delimited stream of 5 items: use --format stream" in result.err
    result = cli("decode", stdin=STREAM[:-1])  # not a whole stream either: no hint
    assert result.status == 1
    assert "length-delimited" not in result.err


def test_without_stdin_a_command_asks_for_a_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert main(["validate"]) == 2
    assert capsys.readouterr().err == (
        "imagegen-wire: cannot read stdin: it is closed; name an input file\n"
    )


def test_a_problem_is_always_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    problem("first\nsecond\r\nthird")
    assert capsys.readouterr().err == "imagegen-wire: first\\nsecond\\r\\nthird\n"
    assert printable("plain") == "plain"


def test_main_in_process_keeps_the_callers_signal_handlers_and_descriptors(tmp_path: Path) -> None:
    """A host program's own SIGALRM timer fires into its own handler while main() runs."""
    import signal
    import threading

    from imagegen_wire import write_ndjson

    source = tmp_path / "many.ndjson"
    with source.open("wb") as out:
        write_ndjson(
            out,
            (
                ImageGenerationCall(id=f"i{n}", status="completed", result="aGk=")
                for n in range(60_000)
            ),
        )
    fired: list[int] = []

    def handler(signum: int, frame: object) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, handler)
    try:
        stdout_fd = os.dup(1)
        signal.setitimer(signal.ITIMER_REAL, 0.02)
        assert threading.current_thread() is threading.main_thread()
        status = main(["encode", "--ndjson", str(source), "-o", str(tmp_path / "out.bin")])
        signal.setitimer(signal.ITIMER_REAL, 0)
        assert signal.getsignal(signal.SIGALRM) is handler
        assert os.path.sameopenfile(stdout_fd, 1)
        os.close(stdout_fd)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert status == 0
    assert fired == [signal.SIGALRM]


def test_a_bad_flag_after_a_command_shows_that_commands_usage(cli) -> None:
    result = cli("encode", "--bogus")
    assert result.status == 2
    assert result.err.startswith("usage: imagegen-wire encode ")
    assert result.err_lines[-1] == "imagegen-wire encode: error: unrecognized arguments: --bogus"


@pytest.mark.parametrize("command", ["encode", "decode", "validate"])
def test_stdin_at_a_terminal_gets_a_word_before_the_wait(command: str) -> None:
    import pty

    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "imagegen_wire", command],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    os.close(follower)
    first = child.stderr.readline() if child.stderr else b""  # said while it waits
    os.write(leader, b"\x04")  # Ctrl-D: the end of the input
    child.communicate(timeout=60)
    os.close(leader)
    assert (
        first
        == b"imagegen-wire: reading stdin from the terminal (end it with Ctrl-D), or name an input file\n"
    )


def test_a_conversion_ends_with_a_summary_on_a_terminal_and_none_in_a_pipe(tmp_path: Path) -> None:
    import pty

    source = tmp_path / "items.ndjson"
    source.write_bytes(NDJSON + b"not json\n")
    leader, follower = pty.openpty()
    argv = [
        sys.executable,
        "-m",
        "imagegen_wire",
        "encode",
        str(source),
        "-o",
        str(tmp_path / "o.bin"),
    ]
    child = subprocess.Popen([*argv, "--skip-invalid"], stdin=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    child.wait(timeout=60)
    said = b""
    with contextlib.suppress(OSError):  # the terminal's end reads EIO once the child is gone
        while chunk := os.read(leader, 4096):
            said += chunk
    os.close(leader)
    assert said.replace(b"\r\n", b"\n").endswith(
        b"imagegen-wire: 5 items written, 1 bad record skipped\n"
    )
    piped = run_module("encode", str(source), "-o", str(tmp_path / "p.bin"), "--skip-invalid")
    assert "written" not in piped.err


@pytest.mark.parametrize(
    ("command", "old", "new", "stdin"),
    [
        ("encode", ["--ndjson"], ["--format", "ndjson"], "ndjson"),
        ("decode", ["--ndjson"], ["--format", "stream"], "stream"),
        ("inspect", ["--stream"], ["--format", "stream"], "stream"),
    ],
)
def test_format_names_the_input_in_every_command_and_the_old_flags_still_work(
    cli, command: str, old: list[str], new: list[str], stdin: str
) -> None:
    data = {"ndjson": NDJSON, "stream": STREAM}
    before = cli(command, *old, stdin=data[stdin])
    after = cli(command, *new, stdin=data[stdin])
    assert before.status == after.status == 0, before.err + after.err
    assert before.out == after.out != b""


def test_every_reading_command_takes_format() -> None:
    for command in ["encode", "decode", "inspect", "validate"]:
        done = run_module(command, "--help")
        assert "--format" in done.out.decode(), command
