"""Termination signals: clean up, then exit with 128 + the signal's number.

``kill`` and ``docker stop`` send SIGTERM, a closed terminal SIGHUP, Ctrl-C
SIGINT, Ctrl-\\ SIGQUIT. Left to their default action they end the process at
once, leaving an output file's temporary beside it. While ``handled()`` is in
force each of them raises ``Terminated`` instead, where the program is, so the
``with`` blocks unwind (the atomic writer removes its temporary file) and the
command returns ``128 + signum``, as a shell reports a process the signal
killed.

A signal that arrives inside ``deferred()`` (making or renaming the temporary
file) is raised when the block ends, so a file is never half-created or
half-renamed when the exception lands. Signals after the first are ignored:
cleanup runs once, uninterrupted.

SIGXFSZ (a file past ``ulimit -f``) is ignored, so the write fails with
``EFBIG`` and the command reports which file was too large, as for a full disk.
SIGPIPE stays ignored, as Python sets it, so a closed pipe is a
``BrokenPipeError``. Faults of the process itself (SIGSEGV, SIGBUS, SIGFPE,
SIGILL, SIGABRT) and SIGKILL are left alone.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

from ._errors import Terminated

_NAMES = (
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGTERM",
    "SIGUSR1",
    "SIGUSR2",
    "SIGALRM",
    "SIGVTALRM",
    "SIGPROF",
    "SIGXCPU",
    "SIGIO",
    "SIGPWR",
)
TERMINATING: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in _NAMES if hasattr(signal, name)
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
    previous: dict[int, object] = {}
    _State.received = None
    try:
        for signum in TERMINATING:
            previous[signum] = signal.signal(signum, _on_signal)
        if hasattr(signal, "SIGXFSZ"):
            previous[signal.SIGXFSZ] = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            # None: a handler installed outside Python, which cannot be put back.
            signal.signal(number, signal.SIG_DFL if handler is None else handler)  # type: ignore[arg-type]
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
