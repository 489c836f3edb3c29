"""``imagegen-wire schema``: write the schema, in the form another tool takes, to stdout.

The descriptor set and the source are the files ``build.py`` put beside the
bindings: exactly what the installed bindings were compiled from.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from imagegen.v1 import image_generation_call_pb2 as pb

from .._jsonschema import json_schema
from .._schema import include_dir
from ._errors import UsageError
from ._files import stdout_writer
from ._report import is_terminal

DESCRIPTOR_SET = "image_generation_call.binpb"
PROTO = "image_generation_call.proto"


def packaged(name: str) -> bytes:
    """A file that ``build.py`` wrote beside the bindings (``imagegen/v1/``)."""
    return Path(pb.__file__).with_name(name).read_bytes()


def register(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "schema",
        help="write the schema: descriptor set, JSON Schema or .proto source",
        description="Write the item's schema to stdout, in the form another tool takes.",
    )
    form = parser.add_mutually_exclusive_group(required=True)
    forms = {
        "--descriptor-set": "binary FileDescriptorSet with imports (protoc --decode, buf, grpcurl, registries)",
        "--json-schema": "JSON Schema (draft 2020-12) of the JSON item, default mode unless --strict",
        "--proto": "the .proto source",
        "--include-dir": "the directory for protoc -I or buf that holds imagegen/v1/image_generation_call.proto",
    }
    for flag, text in forms.items():
        form.add_argument(flag, action="store_true", help=text)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="with --json-schema: the closed shape of strict mode",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    if args.strict and not args.json_schema:
        args.parser.error("--strict applies to --json-schema only")
    out = stdout_writer()  # a closed stdout is one line naming it, and exit 2
    if args.json_schema:
        text = json.dumps(json_schema(strict=args.strict), indent=2, ensure_ascii=False)
        out.write(text.encode("utf-8") + b"\n")
    elif args.include_dir:
        out.write(f"{include_dir()}\n".encode())
    elif args.proto:
        out.write(packaged(PROTO))
    elif is_terminal(sys.stdout):
        # Binary on a terminal is noise at best; protoc and friends read it from a file or pipe.
        msg = (
            "refusing to write a binary descriptor set to a terminal; "
            "redirect it: imagegen-wire schema --descriptor-set > schema.binpb"
        )
        raise UsageError(msg)
    else:
        out.write(packaged(DESCRIPTOR_SET))
    return 0
