"""Where the command line reads and writes: stdin or a file in, stdout or an atomic file out.

Every error names the file, or ``stdin``/``stdout``. What went to stdout before a failure
stays written, and the exit status tells.
"""

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

from .._fileio import flush_all, read_waiting, write_all
from .._framing import CHUNK_SIZE
from ._errors import UsageError, WriteFailed, reason, write_failed
from ._process import deferred
from ._report import is_terminal, problem

STDIN = "stdin"
STDOUT = "stdout"


def is_stdio(path: str | None) -> bool:
    """True for ``None`` or ``-``: the standard stream rather than a named file."""
    return path is None or path == "-"


def is_ndjson_name(path: str | None) -> bool:
    return path is not None and path.lower().endswith((".ndjson", ".jsonl"))


class Writer:
    """A binary output whose errors name it: ``cannot write out.bin: No space left on device``."""

    closed = False  # pyarrow writes only to a file object that says it is open

    def __init__(self, file: IO[Any], name: str) -> None:
        self.file = file
        self.name = name

    def write(self, data: bytes) -> int:
        """Write every byte (a short write completed, a full pipe waited out); their count."""
        try:
            write_all(self.file, data)
        except OSError as exc:
            raise write_failed(self.name, exc) from None
        return len(data)

    def flush(self) -> None:
        with _naming(self.name):
            flush_all(self.file)


def stdout_writer() -> Writer:
    """Standard output as a ``Writer``; ``cannot write stdout: it is closed`` if there is none."""
    if sys.stdout is None:
        raise WriteFailed(STDOUT, "it is closed")
    return Writer(sys.stdout.buffer, STDOUT)


def flush_stdout() -> None:
    """Push out whatever stdout still holds (argparse's help included), naming stdout on failure."""
    if sys.stdout is not None:
        Writer(sys.stdout, STDOUT).flush()  # the text layer, then its buffer


@contextlib.contextmanager
def open_input(path: str | None) -> Iterator[BinaryIO]:
    """The input, stdin for ``None`` or ``-``; an ``OSError`` in the block is ``cannot read NAME``."""
    stdin = is_stdio(path)
    if stdin and sys.stdin is None:
        raise UsageError(f"cannot read {STDIN}: it is closed; name an input file")
    if stdin and is_terminal(sys.stdin.buffer):  # a person at a prompt: say what the wait is for
        problem("reading stdin from the terminal (end it with Ctrl-D), or name an input file")
    name = STDIN if stdin else str(path)
    try:
        with contextlib.nullcontext(sys.stdin.buffer) if stdin else open(name, "rb") as file:
            yield file
    except OSError as exc:  # a read failing midway too: an I/O error, a vanished network file
        raise UsageError(f"cannot read {name}: {reason(exc)}") from None


def _regular(target: str | int | BinaryIO) -> os.stat_result | None:
    """The status of a path (through links), descriptor or file if a regular file, else None."""
    try:
        info = os.stat(target if isinstance(target, (str, int)) else target.fileno())
    except (OSError, ValueError, AttributeError):  # also an in-memory file
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def input_size(file: BinaryIO) -> int | None:
    """The input's size in bytes when it is a regular file, else ``None`` (a pipe, a terminal)."""
    info = _regular(file)
    return None if info is None else info.st_size


def read_all(file: BinaryIO, count: int) -> bytes:
    """The input, up to ``count`` bytes: a regular file's size at once, then chunks of 1 MiB,
    so memory grows with what arrives, never with ``count``; a non-blocking stdin's "no data
    yet" is waited out, never taken for the end."""
    size = input_size(file)
    want = CHUNK_SIZE if size is None else size + 1
    parts: list[bytes] = []
    while count > 0:
        chunk = read_waiting(file, min(want, count))
        if not isinstance(chunk, bytes) or not chunk:
            break
        parts.append(chunk)
        count -= len(chunk)
        want = CHUNK_SIZE
    return b"".join(parts)  # one part is itself, not a copy


def refuse_output_over_input(input_path: str | None, output_path: str | None) -> None:
    """A usage error if the output is the input, a regular file, by device and inode: any path,
    link or redirection of stdin or stdout to it (``/dev/null`` in and out is harmless)."""
    source = _regular(0 if is_stdio(input_path) else str(input_path))
    target = _regular(1 if is_stdio(output_path) else str(output_path))
    if source is None or target is None or not os.path.samestat(source, target):
        return
    input_name = STDIN if is_stdio(input_path) else input_path
    output_name = STDOUT if is_stdio(output_path) else output_path
    msg = (
        f"refusing to write {output_name} over the input {input_name}: they are the same file, "
        "which would be lost; write elsewhere, then rename"
    )
    raise UsageError(msg)


@contextlib.contextmanager
def open_output(path: str | None) -> Iterator[Writer]:
    """The output as a ``Writer``: stdout for ``None`` or ``-``, else an atomic file.

    A hidden temporary file beside the target, flushed to disk and renamed over it (following
    a link, as ``> FILE`` does) only if the block ends without an exception; else removed.
    """
    if is_stdio(path):
        out = stdout_writer()
        yield out
        out.flush()
        return
    assert path is not None
    # A device or a pipe (-o /dev/null, a FIFO) is written through, like
    # stdout: renaming a file over it would replace the device itself.
    device = os.path.exists(path) and _regular(path) is None
    target = os.path.realpath(path)
    directory, name = os.path.split(target)
    temporary = os.path.join(directory, f".{name}.{os.urandom(4).hex()}.tmp")
    made = False
    try:
        # Not deferred for a device: opening a FIFO waits for its reader, which a signal may end.
        with _naming(path), contextlib.nullcontext() if device else deferred():
            # A new file gets 0o666 less the umask from the kernel, as open() gives
            # it; an existing file's permissions are copied when it is replaced.
            mode = 0o600 if os.path.exists(target) else 0o666
            flags = os.O_WRONLY if device else os.O_WRONLY | os.O_CREAT | os.O_EXCL
            fd = os.open(path if device else temporary, flags, mode)
            made = not device
            file = os.fdopen(fd, "wb")
        try:
            out = Writer(file, path)
            yield out
            out.flush()
            with _naming(path):
                if not device:
                    os.fsync(file.fileno())
                file.close()
        finally:  # after a failure, quietly: its error (not the same one again) is reported
            with contextlib.suppress(OSError):
                file.close()
        if not device:
            with _naming(path), deferred():
                with contextlib.suppress(FileNotFoundError):
                    os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
                os.replace(temporary, target)
                made = False
            with contextlib.suppress(OSError):  # make the rename durable; some file systems refuse
                fd = os.open(directory, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
    finally:
        if made:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


@contextlib.contextmanager
def _naming(path: str) -> Iterator[None]:
    """Turn an ``OSError`` of the block into ``cannot write PATH: ...``."""
    try:
        yield
    except OSError as exc:
        raise write_failed(path, exc) from None
