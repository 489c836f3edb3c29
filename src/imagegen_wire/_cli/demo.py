"""round-trip the bundled example item through binary and back

Read the bundled example item, write it as binary, read that back, and report the JSON and
binary sizes and whether nothing was lost.
"""

import argparse
import json
from importlib import resources

from .._item import ImageGenerationCall
from ._files import stdout_writer
from ._report import printable


def register(parser: argparse.ArgumentParser) -> None:
    """``demo`` takes no options."""


def run(args: argparse.Namespace) -> int:
    out = stdout_writer()  # a closed stdout fails now, before any work
    source = resources.files("imagegen_wire.examples").joinpath("image_generation_call.json")
    data = source.read_bytes()
    item = ImageGenerationCall.from_json(data)
    compact = item.to_json().encode("utf-8")
    binary = item.to_bytes()
    back = ImageGenerationCall.from_bytes(binary)
    lossless = back == item and json.loads(back.to_json()) == json.loads(data)
    text = (
        f"example item {printable(repr(item.id))}: status {printable(str(item.status))}, "
        f"result {len(item.image_bytes or b'')} image bytes as base64\n"
        f"  JSON (compact):  {len(compact):>7,} bytes\n"
        f"  binary:          {len(binary):>7,} bytes ({len(binary) / len(compact):.1%} of JSON)\n"
        f"  JSON -> binary -> JSON lossless: {'yes' if lossless else 'NO'}\n"
    )
    out.write(text.encode("utf-8"))
    return 0 if lossless else 1
