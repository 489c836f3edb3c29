"""What the console script sets up for a process of its own; ``main`` in-process never does.

Termination signals (``handled``): ``kill`` and ``docker stop`` send SIGTERM, a
closed terminal SIGHUP, Ctrl-C SIGINT, Ctrl-\\ SIGQUIT. Left to their default
action they end the process at once, leaving an output file's temporary beside
it. Instead each raises ``Terminated`` where the program is, so the ``with``
blocks unwind (the atomic writer removes its temporary file) and the command
exits with 128 + the signal's number, as a shell reports a process the signal
killed. A signal that arrives inside ``deferred()`` (making or renaming the
temporary file) is raised when the block ends; signals after the first are
ignored, so cleanup runs once. SIGXFSZ (a file past ``ulimit -f``) is ignored,
so the write fails with ``EFBIG`` and the command names the file. SIGPIPE stays
ignored, as Python sets it, so a closed pipe is a ``BrokenPipeError``; faults of
the process itself (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) and SIGKILL are
left alone.

Descriptors: 0, 1 and 2 are held open if the process started without them, and
a stdout that failed is pointed at /dev/null so that the interpreter's exit is quiet.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType
from typing import Any

from ._errors import Terminated

_NAMES = (
    "SIGHUP SIGINT SIGQUIT SIGTERM SIGUSR1 SIGUSR2 SIGALRM SIGVTALRM SIGPROF SIGXCPU SIGIO SIGPWR"
)
TERMINATING: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in _NAMES.split() if hasattr(signal, name)
)
"""The signals whose default action ends the process and that a program may catch."""


class _State:
    received: int | None = None
    deferring = 0


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _State.received is not None:
        return  # already stopping: let the cleanup finish
    _State.received = signum
    if not _State.deferring:
        raise Terminated(signum)


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Turn termination signals into ``Terminated`` while the block runs, then restore them."""
    previous: dict[int, Any] = {}
    _State.received = None
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        for signum in TERMINATING:
            previous[signum] = signal.signal(signum, _on_signal)
        if hasattr(signal, "SIGXFSZ"):
            previous[signal.SIGXFSZ] = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        yield
    finally:
        for number, handler in previous.items():
            # None: a handler installed outside Python, which cannot be put back.
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
        _State.received = None


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold a termination signal that arrives in the block until the block ends."""
    _State.deferring += 1
    try:
        yield
    finally:
        _State.deferring -= 1
    if not _State.deferring and _State.received is not None:
        raise Terminated(_State.received)


def reserve_standard_descriptors() -> None:
    """Hold descriptors 0, 1 and 2 open, read-only on /dev/null, if the process started without.

    Otherwise the next file opened (the input, or the output's temporary) would
    take number 1, and ``-o /dev/stdout`` would land in it. A write to them
    fails, and ``sys.stdout`` stays ``None``: the command still reports a closed stdout.
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


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is left cannot fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
