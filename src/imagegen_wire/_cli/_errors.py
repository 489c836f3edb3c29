"""The command line's own exceptions, each with the exit status ``main`` gives it."""


class UsageError(Exception):
    """The command cannot do what it was asked: bad options, unusable files or streams (exit 2)."""


class WriteFailed(UsageError):
    """An output cannot be written: ``cannot write NAME: REASON`` (exit status 2)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"cannot write {name}: {reason}")
        self.name = name


class ReaderGone(Exception):
    """The reader of stdout, or of a pipe named by ``-o``, went away (``| head``): stop quietly."""


class Terminated(BaseException):
    """A termination signal arrived (exit status 128 + its number); like ``KeyboardInterrupt``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_status = 128 + signum


def reason(exc: OSError) -> str:
    """What went wrong, in the system's words: ``No space left on device``."""
    return exc.strerror or type(exc).__name__


def write_failed(name: str, exc: OSError) -> Exception:
    """``cannot write NAME: REASON``, or ``ReaderGone`` when the reader of a pipe left."""
    return ReaderGone(name) if isinstance(exc, BrokenPipeError) else WriteFailed(name, reason(exc))
