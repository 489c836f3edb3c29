"""The ``imagegen-wire`` command: one module per subcommand (its docstring its help), ``main``.

Every way a run ends is an exit status with at most one line on stderr (``_ended``).
"""

import argparse
import contextlib
import io
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from .._errors import DecodeError, ValidationError
from . import _files, _process, decode, demo, encode, inspect, parquet, schema, validate
from ._errors import ReaderGone, Terminated, UsageError, WriteFailed, reason
from ._report import problem

_COMMANDS = (encode, decode, validate, inspect, demo, schema, parquet)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line in-process, changing nothing process-wide; return its exit status."""
    return _run(argv, console=False)


def console_main() -> None:
    """The ``imagegen-wire`` console script, whose process is the command's own (``_process``)."""
    _process.reserve_standard_descriptors()
    with _process.handled():
        status = _run(None, console=True)
    sys.exit(status)


def _run(argv: Sequence[str] | None, *, console: bool) -> int:
    status = _ended(console, _dispatch, argv)
    # Whatever stdout still holds goes out now, so a failure to write it
    # is reported here rather than by the interpreter on its way out.
    flushed = _ended(console, _files.flush_stdout)
    return flushed if flushed and status in (0, 1) else status


def _dispatch(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(
        prog="imagegen-wire",
        description="Move image_generation_call items between JSON and a compact binary form.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in _COMMANDS:
        summary, _, description = (command.__doc__ or "").partition("\n\n")
        name = command.__name__.rpartition(".")[2]
        own = subparsers.add_parser(name, help=summary, description=description)
        command.register(own)
        own.set_defaults(run=command.run, parser=own)
    # argparse ignores a failed write of --help and --version (exit 0 on /dev/full), or uses
    # stderr for a closed stdout: captured, they are written as any output is.
    shown = io.StringIO()
    try:
        with contextlib.redirect_stdout(shown):
            args, unknown = parser.parse_known_args(argv)
            if unknown:  # named by the command's own parser: its usage, not the top level's
                args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    finally:
        if shown.getvalue():
            _files.stdout_writer().write(shown.getvalue().encode("utf-8"))
    status: int = args.run(args)
    return status


def _ended(console: bool, step: Callable[..., int | None], *args: object) -> int:
    """Run ``step``; return its exit status, or the one for the way it failed (docs/robustness.md)."""
    try:
        return step(*args) or 0
    except SystemExit as exc:  # argparse: --help and --version (0), or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    except (ValidationError, DecodeError) as exc:
        problem(exc)
        return 1
    except UsageError as exc:
        problem(exc)
        if isinstance(exc, WriteFailed) and exc.name == _files.STDOUT and console:
            _process.silence_stdout()  # what it still holds cannot be written either
        return 2
    except (ReaderGone, BrokenPipeError):
        # The reader went away (`| head`): stop quietly, as tools killed by SIGPIPE do.
        if console:
            _process.silence_stdout()
        return 128 + 13
    except OSError as exc:  # an error no step has named: still one line
        problem(f"{reason(exc)}{f': {exc.filename}' if exc.filename else ''}")
        return 2
    except Terminated as exc:
        return exc.exit_status
    except KeyboardInterrupt:  # SIGINT outside handled(): in-process callers
        return 128 + 2
