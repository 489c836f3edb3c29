"""write the schema: descriptor set, JSON Schema or .proto source

Write the item's schema to stdout, in the form another tool takes.
"""

import argparse
import json
import sys
from pathlib import Path

from imagegen.v1 import image_generation_call_pb2 as pb

from .._jsonschema import json_schema
from .._schema import include_dir
from ._errors import UsageError
from ._files import stdout_writer
from ._report import is_terminal

_FORMS = {
    "--descriptor-set": "binary FileDescriptorSet with imports (protoc --decode, buf, grpcurl)",
    "--json-schema": "JSON Schema (draft 2020-12) of the JSON item, default mode unless --strict",
    "--proto": "the .proto source",
    "--include-dir": "the directory for protoc -I or buf holding imagegen/v1/*.proto",
}


def packaged(name: str) -> bytes:
    """A file that ``build.py`` wrote beside the bindings: what they were compiled from."""
    return Path(pb.__file__).with_name(name).read_bytes()


def register(parser: argparse.ArgumentParser) -> None:
    form = parser.add_mutually_exclusive_group(required=True)
    for flag, text in _FORMS.items():
        form.add_argument(flag, action="store_true", help=text)
    help = "with --json-schema: the closed shape of strict mode"
    parser.add_argument("--strict", action="store_true", help=help)


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
        out.write(packaged("image_generation_call.proto"))
    elif is_terminal(sys.stdout):
        # Binary on a terminal is noise at best; protoc and friends read it from a file or pipe.
        msg = (
            "refusing to write a binary descriptor set to a terminal; "
            "redirect it: imagegen-wire schema --descriptor-set > schema.binpb"
        )
        raise UsageError(msg)
    else:
        out.write(packaged("image_generation_call.binpb"))
    return 0
