"""The ``imagegen-wire`` command: one subcommand per module in this package.

Each subcommand module has ``register(subparsers)``, which adds its parser and
sets ``run``, a function of the parsed arguments returning the exit status:
0 success, 1 invalid data, 2 usage error (argparse's own, a missing input
file, an unwritable output). Problems are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .. import __version__
from .._errors import DecodeError, ValidationError
from . import decode, demo, encode, inspect, schema, validate
from ._report import UsageError, problem

_COMMANDS = (encode, decode, validate, inspect, demo, schema)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="imagegen-wire",
        description="Move image_generation_call items between JSON and a compact binary form.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in _COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (the console script exits with it)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or argparse's usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        status: int = args.run(args)
    except (ValidationError, DecodeError) as exc:
        problem(exc)
        return 1
    except UsageError as exc:
        problem(exc)
        return 2
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as tools killed by SIGPIPE do.
        _silence_stdout()
        return _SIGPIPE_STATUS
    except OSError as exc:  # a read or write failing midway: disk full, I/O error
        problem(f"{exc.strerror or type(exc).__name__}{_filename(exc)}")
        return 2
    except KeyboardInterrupt:
        return _SIGINT_STATUS
    return status


_SIGPIPE_STATUS = 128 + 13
_SIGINT_STATUS = 128 + 2


def _filename(exc: OSError) -> str:
    return f": {exc.filename}" if exc.filename else ""


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real descriptor (in-process tests)
        pass


def console_main() -> None:
    """Entry point of the ``imagegen-wire`` console script."""
    sys.exit(main())
