"""``imagegen-wire demo``: round-trip the bundled example item and report sizes."""

from __future__ import annotations

import argparse
import json
from importlib import resources
from typing import Any

from .._item import ImageGenerationCall
from ._files import stdout_writer
from ._report import printable

EXAMPLE = "image_generation_call.json"


def register(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo",
        help="round-trip the bundled example item through binary and back",
        description=(
            "Read the bundled example item, write it as binary, read that back, "
            "and report the JSON and binary sizes and whether nothing was lost."
        ),
    )
    return parser


def run(args: argparse.Namespace) -> int:
    out = stdout_writer()  # a closed stdout fails now, before any work
    source = resources.files("imagegen_wire.examples").joinpath(EXAMPLE).read_bytes()
    item = ImageGenerationCall.from_json(source)
    compact = item.to_json().encode("utf-8")
    binary = item.to_bytes()
    back = ImageGenerationCall.from_bytes(binary)
    lossless = back == item and json.loads(back.to_json()) == json.loads(source)
    text = (
        f"example item {printable(repr(item.id))}: status {printable(str(item.status))}, "
        f"result {len(item.image_bytes or b'')} image bytes as base64\n"
        f"  JSON (compact):  {len(compact):>7,} bytes\n"
        f"  binary:          {len(binary):>7,} bytes ({len(binary) / len(compact):.1%} of JSON)\n"
        f"  JSON -> binary -> JSON lossless: {'yes' if lossless else 'NO'}\n"
    )
    out.write(text.encode("utf-8"))
    return 0 if lossless else 1
