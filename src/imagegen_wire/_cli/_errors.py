"""The command line's own exceptions, each with the exit status ``main`` gives it."""

from __future__ import annotations


class UsageError(Exception):
    """The command cannot do what it was asked (exit status 2): bad options, unusable files.

    Also a stream that cannot be read or written: a closed stdin or stdout, a
    full disk, an I/O error.
    """


class WriteFailed(UsageError):
    """An output cannot be written: ``cannot write NAME: REASON`` (exit status 2)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"cannot write {name}: {reason}")
        self.name = name


class ReaderGone(Exception):
    """The reader of stdout, or of a pipe named by ``-o``, went away (``| head``): stop quietly."""


class Terminated(BaseException):
    """A termination signal arrived; like ``KeyboardInterrupt``, not an ``Exception``.

    Exit status 128 + the signal's number, as a shell reports a process it ended.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        """What a shell reports for a process ended by this signal: 128 + its number."""
        return 128 + self.signum
