"""Where the installed schema lives: the include directory for protoc and buf."""

from __future__ import annotations

from pathlib import Path

from imagegen.v1 import image_generation_call_pb2 as pb

PROTO_FILE = "imagegen/v1/image_generation_call.proto"


def include_dir() -> Path:
    """The directory to give ``protoc -I`` (or buf) so that your ``.proto`` can import ours.

    It holds ``imagegen/v1/image_generation_call.proto`` beside the bindings your
    generated code imports, so your messages embed the very class ``to_proto``
    returns (``imagegen-wire schema --include-dir`` prints the same path)::

        python -m grpc_tools.protoc -I protos -I "$(imagegen-wire schema --include-dir)" \\
            --python_out=. protos/acme/v1/service.proto
    """
    # pb is imagegen/v1/image_generation_call_pb2.py under the include directory.
    return Path(pb.__file__).resolve().parents[2]
