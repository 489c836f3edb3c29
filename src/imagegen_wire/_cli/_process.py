"""What the console script sets up for a process of its own; ``main`` in-process never does.

In ``handled()`` a termination signal raises ``Terminated`` where the program is, so ``with``
blocks unwind (removing a temporary output); in ``deferred()`` it waits for the block's end,
and later signals are ignored, so cleanup runs once. SIGXFSZ is ignored, so a write past
``ulimit -f`` fails with ``EFBIG`` and names its file; SIGPIPE stays ignored, as Python sets it.
"""

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from types import FrameType

from ._errors import Terminated

_NAMES = (
    "SIGHUP SIGINT SIGQUIT SIGTERM SIGUSR1 SIGUSR2 SIGALRM SIGVTALRM SIGPROF SIGXCPU SIGIO SIGPWR"
)
TERMINATING = tuple(getattr(signal, name) for name in _NAMES.split() if hasattr(signal, name))
"""The signals whose default action ends the process and that a program may catch."""


class _State:
    received: int | None = None
    deferring = 0


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _State.received is None:  # else already stopping: let the cleanup finish
        _State.received = signum
        if not _State.deferring:
            raise Terminated(signum)


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Turn termination signals into ``Terminated`` while the block runs, then restore them."""
    previous = {signum: signal.signal(signum, _on_signal) for signum in TERMINATING}
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
    """Hold closed descriptors 0, 1 and 2 on /dev/null, so no file opened takes their numbers.

    (Else ``-o /dev/stdout`` could land in the output; ``sys.stdout`` stays ``None``.)
    """
    with contextlib.suppress(OSError):
        while (fd := os.open(os.devnull, os.O_RDONLY)) <= 2:
            pass  # it took the lowest free number, a hole in 0-2: on to the next
        os.close(fd)


def silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush of what is left cannot fail."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
