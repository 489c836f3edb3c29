"""Where the command line reads and writes: stdin or a file in, stdout or an atomic file out.

An output file is written to a temporary file beside it, flushed to disk and
renamed over the target only when the command succeeds, so a failed or
interrupted run never leaves a half-written file that looks complete (POSIX
``rename`` replaces atomically). Standard output cannot be taken back: what
was written before a failure stays written, and the exit status tells.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from .._errors import DecodeError, ValidationError
from ._report import UsageError

STDIO = "-"

NDJSON_SUFFIXES = (".ndjson", ".jsonl")
_ROOT = "$"


def is_ndjson_name(path: str | None) -> bool:
    """True for a file name ending in ``.ndjson`` or ``.jsonl`` (any case)."""
    return path is not None and path.lower().endswith(NDJSON_SUFFIXES)


def _os_problem(path: str, exc: OSError, *, action: str) -> UsageError:
    reason = exc.strerror or exc.__class__.__name__
    return UsageError(f"cannot {action} {path}: {reason}")


@contextlib.contextmanager
def open_input(path: str | None) -> Iterator[BinaryIO]:
    """The input as a binary file: stdin for ``None`` or ``-``, else the named file."""
    if path is None or path == STDIO:
        if sys.stdin is None:  # started with stdin closed (a daemon, some CI runners)
            msg = "no standard input to read; name an input file"
            raise UsageError(msg)
        yield sys.stdin.buffer
        return
    try:
        file = open(path, "rb")  # noqa: SIM115 - closed below, after the caller is done
    except OSError as exc:
        raise _os_problem(path, exc, action="read") from None
    with file:
        if stat.S_ISDIR(os.fstat(file.fileno()).st_mode):
            raise _os_problem(path, IsADirectoryError(21, "Is a directory"), action="read")
        yield file


def input_size(file: BinaryIO) -> int | None:
    """The input's size in bytes when it is a regular file, else ``None`` (a pipe, a terminal)."""
    try:
        info = os.fstat(file.fileno())
    except (OSError, ValueError, AttributeError):  # an in-memory file has no descriptor
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def read_all(
    file: BinaryIO, limit: int, what: str, error: type[ValidationError | DecodeError]
) -> bytes:
    """The whole input, refused with ``error`` past ``limit`` bytes instead of read into memory."""
    data = file.read(limit + 1)
    if len(data) > limit:
        msg = (
            f"expected {what} of at most {limit:,} bytes (--max-record-size), got more: "
            "raise the limit if the input is trusted"
        )
        raise error(_ROOT, msg)
    return data


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[BinaryIO]:
    """The output as a binary file: stdout for ``None`` or ``-``, else an atomic file.

    The named file appears, complete, only if the ``with`` block ends without
    an exception; otherwise the temporary file is removed and any existing
    file of that name is left as it was.
    """
    if path is None or path == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = os.path.abspath(path)
    directory, name = os.path.split(target)
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _os_problem(path, exc, action="write") from None
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_directory(directory)


def _mode_for(target: str) -> int:
    """An existing file's permissions, else what ``open`` would give (0o666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable; best effort, as some file systems refuse."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
