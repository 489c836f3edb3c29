"""The ``imagegen-wire`` command: one subcommand per module in this package.

Each subcommand module has ``register(subparsers)``, which adds its parser and
sets ``run``, a function of the parsed arguments returning the exit status:
0 success, 1 invalid data, 2 usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from .._errors import DecodeError, ValidationError
from . import demo, schema

_COMMANDS = (demo, schema)


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
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except (ValidationError, DecodeError) as exc:
        print(f"imagegen-wire: {exc}", file=sys.stderr)
        return 1
    return status


def console_main() -> None:
    """Entry point of the ``imagegen-wire`` console script."""
    sys.exit(main())
