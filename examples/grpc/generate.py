"""Generate the studio's Python code from proto/, against the schema imagegen-wire installed.

Run ``python generate.py [--out DIR]`` (default: beside this script). protoc finds ``imagegen/v1/image_generation_call.proto`` in the package's
include directory, and writes code for the studio's file only: that code
imports the message from the package (``imagegen.v1.image_generation_call_pb2``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grpc_tools import protoc

import imagegen_wire

HERE = Path(__file__).resolve().parent
PROTO = "imagestudio/v1/image_studio.proto"


def generate(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    args = [
        "grpc_tools.protoc",
        f"-I{HERE / 'proto'}",
        f"-I{imagegen_wire.include_dir()}",
        # Well-known types (google/protobuf/struct.proto, which ours imports).
        f"-I{Path(protoc.__file__).parent / '_proto'}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        f"--grpc_python_out={out}",
        PROTO,
    ]
    if protoc.main(args) != 0:
        sys.exit(f"protoc failed on {PROTO}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write (default: here)")
    generate(parser.parse_args().out)
