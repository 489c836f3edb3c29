"""Where the command line reads and writes: stdin or a file in, stdout or an atomic file out.

An output file is written to a temporary file beside it, flushed to disk and
renamed over the target only when the command succeeds, so a failed or
interrupted run never leaves a half-written file that looks complete (POSIX
``rename`` replaces atomically). ``-o`` follows a symbolic link, as the
shell's ``> FILE`` does: the file the link points to is replaced, and the link
stays a link. An output that is the input file, under any name, is refused
before anything is read. Standard output cannot be taken back: what was
written before a failure stays written, and the exit status tells.

Every read or write error names the file, or ``stdin``/``stdout``.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from .._errors import DecodeError, ValidationError
from .._fileio import read_waiting
from ._errors import UsageError
from ._report import problem
from ._signals import deferred
from ._stdio import (
    STDIN,
    STDOUT,
    Writer,
    is_terminal,
    stdin_binary,
    stdout_writer,
    write_problem,
)

STDIO = "-"

NDJSON_SUFFIXES = (".ndjson", ".jsonl")
_ROOT = "$"
# A read never asks for more than this at once when the input's size is unknown,
# so a generous --max-record-size costs nothing until the bytes really come.
_CHUNK = 1024 * 1024


def is_stdio(path: str | None) -> bool:
    """True for ``None`` or ``-``: the standard stream rather than a named file."""
    return path is None or path == STDIO


def is_ndjson_name(path: str | None) -> bool:
    """True for a file name ending in ``.ndjson`` or ``.jsonl`` (any case)."""
    return path is not None and path.lower().endswith(NDJSON_SUFFIXES)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def read_problem(name: str, exc: OSError) -> UsageError:
    """``cannot read NAME: REASON``, the one line a failed read gets."""
    return UsageError(f"cannot read {name}: {_reason(exc)}")


@contextlib.contextmanager
def open_input(path: str | None) -> Iterator[BinaryIO]:
    """The input as a binary file: stdin for ``None`` or ``-``, else the named file.

    An ``OSError`` while the block reads becomes ``cannot read NAME: ...``
    (writes go through ``Writer``, whose errors are already named).
    """
    if is_stdio(path):
        name, file = STDIN, stdin_binary()
        closing: contextlib.AbstractContextManager[object] = contextlib.nullcontext()
        if is_terminal(file):  # a person at a prompt, not a pipe: say what the wait is for
            problem("reading stdin from the terminal (end it with Ctrl-D), or name an input file")
    else:
        assert path is not None
        name = path
        try:
            file = open(path, "rb")  # noqa: SIM115 - closed below, after the caller is done
        except OSError as exc:
            raise read_problem(path, exc) from None
        closing = file
    with closing:
        try:
            if stat.S_ISDIR(os.fstat(file.fileno()).st_mode):
                raise IsADirectoryError(21, "Is a directory")
        except (ValueError, AttributeError, io.UnsupportedOperation):  # in-memory stdin (tests)
            pass
        except OSError as exc:
            raise read_problem(name, exc) from None
        try:
            yield file
        except OSError as exc:  # a read failing midway: an I/O error, a vanished network file
            raise read_problem(name, exc) from None


def input_size(file: BinaryIO) -> int | None:
    """The input's size in bytes when it is a regular file, else ``None`` (a pipe, a terminal)."""
    try:
        info = os.fstat(file.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):  # in-memory file
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def read_all(
    file: BinaryIO,
    limit: int,
    what: str,
    error: type[ValidationError | DecodeError],
    *,
    text: bool = False,
) -> bytes:
    """The whole input, refused with ``error`` past ``limit`` bytes instead of read into memory.

    For ``text`` (a JSON document), the newline ending the document (``\\n``
    or ``\\r\\n``) does not count toward ``limit``. Empty input is refused too.
    Memory grows with what arrives, never with ``limit``.
    """
    allowance = 2 if text else 0
    data = _read_at_most(file, limit + allowance + 1)
    content = len(data)
    if text and data.endswith(b"\n"):
        content -= 2 if data.endswith(b"\r\n") else 1
    if content > limit:
        msg = (
            f"expected {what} of at most {limit:,} bytes (--max-record-size), got more: "
            "raise the limit if the input is trusted"
        )
        raise error(_ROOT, msg)
    if not data:
        raise error(_ROOT, f"expected {what}, got empty input")
    return data


def _read_at_most(file: BinaryIO, count: int) -> bytes:
    """Up to ``count`` bytes, to the end of the input: one read of a regular file, else chunks.

    Only ``b""`` ends the input: a non-blocking stdin's "no data yet" is waited out.
    """
    size = input_size(file)
    want = max(1, min(count, _CHUNK if size is None else size - _position(file) + 1))
    parts: list[bytes] = []
    have = 0
    while have < count:
        chunk = read_waiting(file, want)
        if not isinstance(chunk, bytes) or not chunk:
            break
        parts.append(chunk)
        have += len(chunk)
        if size is not None and len(chunk) < want:
            break  # a regular file's short read is its end
        want = min(_CHUNK, count - have)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _position(file: BinaryIO) -> int:
    try:
        return file.tell()
    except (OSError, ValueError):
        return 0


def refuse_output_over_input(input_path: str | None, output_path: str | None) -> None:
    """A usage error if the output is the input file, whatever the spelling; check before reading.

    Relative or absolute paths, ``./``, a symbolic or hard link, stdin or
    stdout redirected from or to the file: all are the same file (same device
    and inode). Only regular files count: reading and writing ``/dev/null`` is
    harmless.
    """
    source = _regular_file(None if is_stdio(input_path) else input_path, fd=0)
    if source is None:
        return
    target = _regular_file(None if is_stdio(output_path) else output_path, fd=1)
    if target is None or (source.st_dev, source.st_ino) != (target.st_dev, target.st_ino):
        return
    input_name = STDIN if is_stdio(input_path) else input_path
    output_name = STDOUT if is_stdio(output_path) else output_path
    msg = (
        f"refusing to write {output_name} over the input {input_name}: they are the same file, "
        "which would be lost; write elsewhere, then rename"
    )
    raise UsageError(msg)


def _regular_file(path: str | None, *, fd: int) -> os.stat_result | None:
    """The status of ``path`` (following links) or of descriptor ``fd``, if a regular file."""
    try:
        info = os.stat(path) if path is not None else os.fstat(fd)
    except (OSError, ValueError):
        return None
    return info if stat.S_ISREG(info.st_mode) else None


@contextlib.contextmanager
def _named(path: str) -> Iterator[None]:
    """Turn an ``OSError`` of the block into ``cannot write PATH: ...``."""
    try:
        yield
    except OSError as exc:
        raise write_problem(path, exc) from None


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[Writer]:
    """The output as a ``Writer``: stdout for ``None`` or ``-``, else an atomic file.

    The named file appears, complete, only if the ``with`` block ends without
    an exception; otherwise the temporary file is removed and any existing
    file of that name is left as it was. A termination signal is held while
    the temporary file is made and while it is renamed, so neither is left
    half done.
    """
    if is_stdio(path):
        out = stdout_writer()
        yield out
        out.flush()
        return
    assert path is not None
    if _is_special(path):
        # A device or a pipe (-o /dev/null, -o /dev/stdout, a FIFO) is a stream
        # like stdout: renaming a file over it would replace the device itself
        # (as root, /dev/null becomes a regular file for the whole machine).
        with _named(path):
            file = open(path, "wb")  # noqa: SIM115 - closed below, after the caller is done
        with _closing(file, path):
            out = Writer(file, path)
            yield out
            out.flush()
        return
    target = os.path.realpath(path)  # through links: the link's target is replaced, not the link
    directory, name = os.path.split(target)
    temporary: str | None = None
    try:
        with _named(path), deferred():
            fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
        with _closing(os.fdopen(fd, "wb"), path) as temporary_file:
            out = Writer(temporary_file, path)
            yield out
            out.flush()
            with _named(path):
                os.fsync(temporary_file.fileno())
        with _named(path), deferred():
            os.chmod(temporary, _mode_for(target))
            os.replace(temporary, target)
            temporary = None
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    _sync_directory(directory)


@contextlib.contextmanager
def _closing(file: BinaryIO, path: str) -> Iterator[BinaryIO]:
    """Close ``file`` after the block; after a failure, quietly.

    Closing flushes what the buffer still holds, and after a failed write
    (a full disk) that fails again: the first error is the one to report.
    """
    try:
        yield file
    except BaseException:
        with contextlib.suppress(OSError):
            file.close()
        raise
    with _named(path):
        file.close()


def _is_special(path: str) -> bool:
    """True if ``path`` exists and is not a regular file (a device, a FIFO, a socket)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _mode_for(target: str) -> int:
    """An existing file's permissions, else what ``open`` would give (0o666 less the umask)."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask(os.path.dirname(target))


def _umask(directory: str) -> int:
    """The process's umask, read without setting it (``os.umask`` can only swap it)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    # No /proc (not Linux): the mode a file made with 0o666 gets, in the target's directory.
    fd, probe = tempfile.mkstemp(prefix=".umask.", dir=directory)
    try:
        os.close(fd)
        os.unlink(probe)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        os.close(fd)
        return 0o666 & ~stat.S_IMODE(os.stat(probe).st_mode)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(probe)


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable; best effort, as some file systems refuse."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
