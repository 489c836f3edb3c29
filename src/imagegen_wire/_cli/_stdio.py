"""The standard streams, checked: a closed or failing stdin or stdout is one line naming it.

A program started with a stream closed (``>&-``, ``<&-``, some daemons and CI
runners) has ``sys.stdout`` or ``sys.stdin`` set to ``None``; a write to
``/dev/full`` or a full disk fails at some later flush. Either way the command
says ``cannot write stdout: ...`` (or ``stdin``) and exits 2, instead of a
traceback or silently dropped output. Output goes through ``Writer``, which
puts the name of what it writes to into every error.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import BinaryIO

from .._fileio import flush_all, write_all
from ._errors import ReaderGone, UsageError, WriteFailed

STDIN = "stdin"
STDOUT = "stdout"


def write_problem(name: str, exc: OSError) -> WriteFailed:
    """The error a failed write of ``name`` gets."""
    return WriteFailed(name, exc.strerror or type(exc).__name__)


class Writer:
    """A binary output whose errors name it: ``cannot write out.bin: No space left on device``."""

    def __init__(self, file: BinaryIO, name: str) -> None:
        self.file = file
        self.name = name

    def write(self, data: bytes) -> int:
        """Write every byte (a short write completed, a full pipe waited out); their count."""
        try:
            write_all(self.file, data)
            return len(data)
        except BrokenPipeError:
            raise ReaderGone(self.name) from None
        except OSError as exc:
            raise write_problem(self.name, exc) from None

    def flush(self) -> None:
        try:
            flush_all(self.file)
        except BrokenPipeError:
            raise ReaderGone(self.name) from None
        except OSError as exc:
            raise write_problem(self.name, exc) from None


def stdin_binary() -> BinaryIO:
    """Standard input as a binary file, or a usage error if the process has none."""
    if sys.stdin is None:
        msg = f"cannot read {STDIN}: it is closed; name an input file"
        raise UsageError(msg)
    return sys.stdin.buffer


def stdout_writer() -> Writer:
    """Standard output as a ``Writer``, or a usage error if the process has none."""
    if sys.stdout is None:
        raise WriteFailed(STDOUT, "it is closed")
    return Writer(sys.stdout.buffer, STDOUT)


def print_out(text: str) -> None:
    """Write ``text`` and a newline to stdout, as UTF-8."""
    stdout_writer().write(text.encode("utf-8") + b"\n")


def flush_stdout() -> None:
    """Push out whatever stdout still holds (argparse's help included), naming stdout on failure."""
    if sys.stdout is None:
        return
    try:
        flush_all(sys.stdout)  # the text layer, then its buffer
    except BrokenPipeError:
        raise ReaderGone(STDOUT) from None
    except OSError as exc:
        raise write_problem(STDOUT, exc) from None


def is_terminal(stream: object) -> bool:
    """True if ``stream`` is open and a terminal (``False`` for ``None``, a closed file, a pipe)."""
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (OSError, ValueError, AttributeError):
        return False


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is left cannot fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # in-process: no descriptor
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def reserve_standard_descriptors() -> None:
    """Hold descriptors 0, 1 and 2 open if the process started with them closed.

    Otherwise the next file opened (the input, or the output's temporary) would
    take number 1, and ``-o /dev/stdout`` or a library writing to descriptor 1
    would land in it. They are opened read-only on /dev/null, so a write to
    them fails; ``sys.stdout`` stays ``None``, and the command still reports
    a closed stdout.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                held = os.open(os.devnull, os.O_RDONLY)  # the lowest free number: fd
                if held != fd:
                    os.dup2(held, fd)
                    os.close(held)
