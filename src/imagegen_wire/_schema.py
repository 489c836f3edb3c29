"""Where the installed schema lives: the include directory for protoc and buf."""

from __future__ import annotations

from pathlib import Path

from imagegen.v1 import image_generation_call_pb2 as pb

PROTO_FILE = "imagegen/v1/image_generation_call.proto"


def include_dir() -> Path:
    """The directory to give ``protoc -I`` (or buf) so that your ``.proto`` can import ours.

    It holds ``imagegen/v1/image_generation_call.proto`` beside the bindings
    that protoc's Python output for your file imports
    (``imagegen.v1.image_generation_call_pb2``), so messages of your service
    embed the very class that ``to_proto`` returns and ``from_proto`` takes.
    The command line gives the same path: ``imagegen-wire schema --include-dir``.

    Example::

        python -m grpc_tools.protoc -I protos -I "$(imagegen-wire schema --include-dir)" \\
            --python_out=. protos/acme/v1/service.proto
    """
    # pb is imagegen/v1/image_generation_call_pb2.py under the include directory.
    return Path(pb.__file__).resolve().parents[2]
