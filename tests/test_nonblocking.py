"""Nothing lost on non-blocking and trickling files: "no data yet" is never the end.

Real pipes with ``os.set_blocking(fd, False)`` on the test's own descriptors, a
writer thread that trickles bytes, a reader thread that drains slowly, raw
unbuffered files, files that give one byte at a time, and the command line with
a non-blocking stdin and stdout inherited from its parent.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import BinaryIO

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imagegen_wire import (
    DecodeError,
    ImageGenerationCall,
    ValidationError,
    read_delimited,
    read_ndjson,
    write_delimited,
    write_ndjson,
)

ITEMS = [
    ImageGenerationCall(id=f"ig_{n}", status="completed", result="aGk=" * (1 + n % 50))
    for n in range(200)
]
BIG = [
    ImageGenerationCall(id=f"big_{n}", status="completed", image_bytes=bytes(300_000))
    for n in range(4)
]


def _encoded(
    write: Callable[[BinaryIO, list[ImageGenerationCall]], int], items: list[ImageGenerationCall]
) -> bytes:
    out = io.BytesIO()
    write(out, items)
    return out.getvalue()


DELIMITED = _encoded(write_delimited, ITEMS)
NDJSON = _encoded(write_ndjson, ITEMS)


def _trickle(fd: int, data: bytes, piece: int = 997, pause: float = 0.0005) -> threading.Thread:
    """Write ``data`` to ``fd`` in small pieces with pauses, then close it (on a thread)."""

    def run() -> None:
        with open(fd, "wb", buffering=0) as out:
            for start in range(0, len(data), piece):
                view = memoryview(data)[start : start + piece]
                while view:
                    view = view[os.write(out.fileno(), view) :]
                if start // piece % 16 == 0:
                    time.sleep(pause)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _drain(fd: int, into: bytearray, pause: float = 0.001) -> threading.Thread:
    """Read ``fd`` to its end slowly, 4 KiB at a time (on a thread)."""

    def run() -> None:
        with open(fd, "rb", buffering=0) as source:
            while chunk := source.read(4096):
                into.extend(chunk)
                time.sleep(pause)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.fixture(params=["buffered", "raw"])
def non_blocking_reader(request: pytest.FixtureRequest) -> Iterator[Callable[[bytes], BinaryIO]]:
    """Open a non-blocking pipe's reading end (buffered or raw) fed slowly with the given bytes."""
    opened: list[tuple[BinaryIO, threading.Thread]] = []

    def make(data: bytes) -> BinaryIO:
        r, w = os.pipe()
        os.set_blocking(r, False)
        thread = _trickle(w, data)
        file: BinaryIO = open(r, "rb", buffering=0 if request.param == "raw" else -1)  # noqa: SIM115
        opened.append((file, thread))
        return file

    yield make
    for file, thread in opened:
        thread.join()
        file.close()


def test_read_delimited_waits_for_every_frame(
    non_blocking_reader: Callable[[bytes], BinaryIO],
) -> None:
    source = non_blocking_reader(DELIMITED)
    assert list(read_delimited(source)) == ITEMS
    assert not os.get_blocking(source.fileno())  # the flag is the caller's: left as it was


def test_read_ndjson_waits_for_every_line(non_blocking_reader: Callable[[bytes], BinaryIO]) -> None:
    source = non_blocking_reader(NDJSON)
    assert list(read_ndjson(source)) == ITEMS
    assert not os.get_blocking(source.fileno())


def test_a_frame_cut_short_on_a_non_blocking_pipe_is_still_an_error(
    non_blocking_reader: Callable[[bytes], BinaryIO],
) -> None:
    source = non_blocking_reader(DELIMITED[:-3])
    read = read_delimited(source)
    assert [next(read) for _ in ITEMS[:-1]] == ITEMS[:-1]
    with pytest.raises(DecodeError, match="cut short"):
        next(read)


@pytest.mark.parametrize("buffering", [0, -1], ids=["raw", "buffered"])
@pytest.mark.parametrize(
    ("write", "read"),
    [(write_delimited, read_delimited), (write_ndjson, read_ndjson)],
    ids=["delimited", "ndjson"],
)
def test_writers_complete_short_writes_to_a_full_non_blocking_pipe(
    buffering: int,
    write: Callable[[BinaryIO, list[ImageGenerationCall]], int],
    read: Callable[[BinaryIO], Iterator[ImageGenerationCall]],
) -> None:
    r, w = os.pipe()
    os.set_blocking(w, False)
    arrived = bytearray()
    thread = _drain(r, arrived)
    items = ITEMS + BIG  # 1.2 MB of images: far past a pipe's 64 KiB
    with open(w, "wb", buffering=buffering) as out:
        assert write(out, items) == len(items)
        assert not os.get_blocking(w)
    thread.join()
    assert bytes(arrived) == _encoded(write, items)
    assert list(read(io.BytesIO(bytes(arrived)))) == items


class _Trickling(io.RawIOBase):
    """A raw file that gives at most ``step`` bytes a read, and ``None`` (no data yet) between."""

    def __init__(self, data: bytes, step: int, fd: int) -> None:
        self._data, self._step, self._pos, self._fd, self._ready = data, step, 0, fd, False

    def readable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd  # always readable: what the reader waits on

    def read(self, size: int = -1) -> bytes | None:
        self._ready = not self._ready
        if not self._ready and self._pos < len(self._data):  # at the end, the end: as a pipe's
            return None
        chunk = self._data[
            self._pos : self._pos + min(self._step, size if size >= 0 else self._step)
        ]
        self._pos += len(chunk)
        return chunk

    def readinto(self, buffer: bytearray | memoryview) -> int | None:  # type: ignore[override]
        chunk = self.read(len(buffer))
        if chunk is None:
            return None
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.fixture
def readable_fd() -> Iterator[int]:
    r, w = os.pipe()
    os.write(w, b"x")  # readable forever: selectors returns at once
    os.set_blocking(r, False)  # as a file that gives None is
    yield r
    os.close(r)
    os.close(w)


@pytest.mark.parametrize("step", [1, 2, 7, 4096])
def test_readers_fed_a_few_bytes_at_a_time_with_no_data_between(
    step: int, readable_fd: int
) -> None:
    # Unbuffered, a raw file's None is "no data yet"; an error names no record twice.
    data = DELIMITED[:5000]
    expected_frames = list(_records_until_error(read_delimited(io.BytesIO(data))))
    got = list(_records_until_error(read_delimited(_Trickling(data, step, readable_fd))))  # type: ignore[arg-type]
    assert got == expected_frames
    lines = NDJSON[:5000]
    expected_lines = list(_records_until_error(read_ndjson(io.BytesIO(lines))))
    assert list(
        _records_until_error(read_ndjson(io.BufferedReader(_Trickling(lines, step, readable_fd))))
    ) == (expected_lines)


def _records_until_error(items: Iterator[ImageGenerationCall]) -> Iterator[object]:
    try:
        yield from items
    except (DecodeError, ValidationError) as exc:
        yield (type(exc), str(exc))


def test_a_file_with_no_data_and_no_descriptor_raises_rather_than_ends() -> None:
    class Empty(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray | memoryview) -> None:  # type: ignore[override]
            return None

    with pytest.raises(BlockingIOError, match="no data yet and no descriptor"):
        list(read_delimited(Empty()))  # type: ignore[arg-type]


# -- the command line -----------------------------------------------------------


def _cli_with_non_blocking_pipes(argv: list[str], data: bytes) -> tuple[int, bytes, bytes]:
    """Run the command with a non-blocking stdin fed slowly and a non-blocking stdout drained slowly."""
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    os.set_blocking(in_r, False)  # the flag belongs to the open pipe: the child inherits it
    os.set_blocking(out_w, False)
    child = subprocess.Popen(
        [sys.executable, "-m", "imagegen_wire", *argv],
        stdin=in_r,
        stdout=out_w,
        stderr=subprocess.PIPE,
    )
    os.close(in_r)
    os.close(out_w)
    arrived = bytearray()
    feeder, drainer = _trickle(in_w, data), _drain(out_r, arrived)
    _, err = child.communicate(timeout=120)
    feeder.join()
    drainer.join()
    return child.returncode, bytes(arrived), err


def test_cli_encode_reads_every_line_of_a_non_blocking_stdin() -> None:
    many = ITEMS * 5  # 1,000 items
    status, out, err = _cli_with_non_blocking_pipes(
        ["encode", "--ndjson"], _encoded(write_ndjson, many)
    )
    assert (status, err) == (0, b"")
    assert list(read_delimited(io.BytesIO(out))) == many


def test_cli_decode_writes_every_line_to_a_non_blocking_stdout() -> None:
    items = ITEMS + BIG
    status, out, err = _cli_with_non_blocking_pipes(
        ["decode", "--ndjson"], _encoded(write_delimited, items)
    )
    assert (status, err) == (0, b"")
    assert list(read_ndjson(io.BytesIO(out))) == items


def test_cli_validate_counts_every_line_of_a_non_blocking_stdin() -> None:
    many = ITEMS * 5
    status, out, err = _cli_with_non_blocking_pipes(
        ["validate", "--format", "ndjson"], _encoded(write_ndjson, many)
    )
    assert status == 0, err
    assert b"1,000 records: 1,000 valid" in out + err


@pytest.mark.parametrize("argv", [["encode"], ["decode"]])
def test_cli_reads_one_whole_item_from_a_non_blocking_stdin(argv: list[str]) -> None:
    item = BIG[0]
    data = item.to_json().encode() if argv == ["encode"] else item.to_bytes()
    status, out, err = _cli_with_non_blocking_pipes(argv, data)
    assert (status, err) == (0, b"")
    back = (
        ImageGenerationCall.from_bytes(out)
        if argv == ["encode"]
        else ImageGenerationCall.from_json(out)
    )
    assert back == item


# -- any chunking, one answer ---------------------------------------------------


@given(st.lists(st.integers(min_value=1, max_value=3000), min_size=1, max_size=40), st.booleans())
def test_any_split_of_a_stream_reads_as_the_whole(sizes: list[int], lines: bool) -> None:
    data = (NDJSON if lines else DELIMITED)[:20_000] + b'{"bad\n\x00\x01'
    read = read_ndjson if lines else read_delimited
    whole = list(_records_until_error(read(io.BytesIO(data))))
    pieces = _Pieces(data, sizes)
    assert list(_records_until_error(read(pieces))) == whole  # type: ignore[arg-type]


class _Pieces(io.RawIOBase):
    """A raw file whose reads return the next of ``sizes`` bytes (cycling), as a socket might."""

    def __init__(self, data: bytes, sizes: list[int]) -> None:
        self._data, self._sizes, self._pos, self._n = data, sizes, 0, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        step = self._sizes[self._n % len(self._sizes)]
        self._n += 1
        chunk = self._data[self._pos : self._pos + (min(step, size) if size >= 0 else step)]
        self._pos += len(chunk)
        return chunk

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)
