"""Whole reads and whole writes on any binary file, blocking or not, that lose nothing.

A non-blocking file's "no data yet" (``None``, ``BlockingIOError``, or ``b""``
from a buffered file on a non-blocking descriptor) is not its end: it is waited
out with ``selectors`` on the file's descriptor, whose blocking flag is left as it
is. A short write is completed. The stream readers and writers and the command
line read and write through these.
"""

from __future__ import annotations

import io
import os
import selectors
from typing import BinaryIO, Protocol


class Writable(Protocol):
    """What the writers need: ``write(bytes)``, returning a count, ``None`` or anything."""

    def write(self, data: bytes, /) -> object: ...


def read_waiting(file: BinaryIO, size: int, *, line: bool = False) -> object:
    """``file.read(size)`` (``readline(size)`` for ``line``), giving ``b""`` only at the end.

    Returns whatever else the file gives (text from a text file, for the caller
    to refuse).
    """
    if line and isinstance(file, io.RawIOBase):
        return _raw_line(file, size)
    try:
        data = file.readline(size) if line else file.read(size)
    except BlockingIOError:
        data = None
    return settled(file, data, size, line=line)


def settled(file: BinaryIO, data: object, size: int, *, line: bool = False) -> object:
    """What a read of ``size`` bytes that gave ``data`` has to give: "no data yet" waited out.

    Bytes come back as they are (readers call this only for what is not plain
    bytes, or empty); ``None`` and a non-blocking file's ``b""`` wait for its
    descriptor and read again, until data or the true end (``b""``) arrives.
    """
    read = file.readline if line else file.read
    while True:
        if data is None:
            _wait(file, selectors.EVENT_READ)
        elif data or not _non_blocking(file):
            return data
        else:  # b"" from a non-blocking descriptor: the end only if readable and still empty
            _wait(file, selectors.EVENT_READ)
            try:
                data = read(size)
            except BlockingIOError:
                data = None
            if data is not None:
                return data
        try:
            data = read(size)
        except BlockingIOError:
            data = None


def _raw_line(file: io.RawIOBase, size: int) -> object:
    """A line of an unbuffered file, a byte a read as ``RawIOBase.readline`` goes (which
    takes a non-blocking file's ``None`` for an error): no byte past the line is read."""
    line = bytearray()
    while len(line) < size:
        byte = read_waiting(file, 1)  # type: ignore[arg-type]
        if not isinstance(byte, bytes) or not byte:
            return bytes(line) if line or isinstance(byte, bytes) else byte
        line += byte
        if byte == b"\n":
            break
    return bytes(line)


def write_all(file: Writable, data: bytes) -> None:
    """Write every byte of ``data`` or raise: short writes are completed, a full pipe waited out."""
    try:
        written = file.write(data)
    except BlockingIOError as exc:
        written = exc
    if written.__class__ is not int or written != len(data):
        write_rest(file, data, written)


def write_rest(file: Writable, data: bytes, written: object) -> None:
    """Finish writing ``data`` after a first ``write`` gave ``written`` (or raised it).

    A raw file's count is honoured; ``None`` (nothing written, non-blocking) and
    ``BlockingIOError`` (its ``characters_written`` taken) wait for the descriptor
    to be writable; a ``write`` that returns no count (not an int) is taken to
    have written all, as a file-like object without counts does.
    """
    while True:
        if isinstance(written, BlockingIOError):
            data = data[written.characters_written :]
            if data:
                _wait(file, selectors.EVENT_WRITE)
        elif written is None and _non_blocking(file):
            _wait(file, selectors.EVENT_WRITE)
        elif isinstance(written, int) and not isinstance(written, bool):
            data = data[written:]
        else:
            return
        if not data:
            return
        try:
            written = file.write(data)
        except BlockingIOError as exc:
            written = exc


class Flushable(Protocol):
    """A file with a buffer to push out: binary or text."""

    def flush(self) -> None: ...


def flush_all(file: Flushable) -> None:
    """``file.flush()``, waiting out a full non-blocking pipe until every buffered byte is out."""
    while True:
        try:
            file.flush()
        except BlockingIOError:
            _wait(file, selectors.EVENT_WRITE)
            continue
        return


def flush_if_non_blocking(file: object) -> None:
    """Push out a non-blocking file's buffer, so that no ``close()`` later fails to write it.

    A blocking file's buffer is left to the caller, as ``write`` leaves it.
    """
    if _non_blocking(file) and callable(getattr(file, "flush", None)):
        flush_all(file)  # type: ignore[arg-type]


def _non_blocking(file: object) -> bool:
    try:
        fd = file.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return False
    return isinstance(fd, int) and not os.get_blocking(fd)


def _wait(file: object, event: int) -> None:
    """Block until ``file``'s descriptor is ready for ``event``; the blocking flag is untouched."""
    try:
        fd = file.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        name = getattr(file, "name", type(file).__name__)
        msg = f"{name!r}: the file has no data yet and no descriptor to wait on"
        raise BlockingIOError(msg) from None
    with selectors.DefaultSelector() as selector:
        selector.register(fd, event)
        while not selector.select():
            pass
