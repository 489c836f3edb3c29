"""Where the installed schema lives: the include directory for protoc and buf."""

from __future__ import annotations

from pathlib import Path

PROTO_FILE = "imagegen/v1/image_generation_call.proto"


def include_dir() -> Path:
    """The directory to give ``protoc -I`` (or buf) so that your ``.proto`` can import ours.

    It holds ``imagegen/v1/image_generation_call.proto`` and nothing else, so
    protoc sees no other installed schema; your generated code imports the
    package's bindings (``imagegen.v1.image_generation_call_pb2``), so your
    messages embed the very class ``to_proto`` returns (``imagegen-wire schema
    --include-dir`` prints the same path)::

        python -m grpc_tools.protoc -I protos -I "$(imagegen-wire schema --include-dir)" \\
            --python_out=. protos/acme/v1/service.proto
    """
    return Path(__file__).resolve().parent / "include"  # build.py copies the schema there
