"""The size bound on one input, checked before anything is parsed or copied.

``from_json`` and ``from_bytes`` take ``max_size`` (default
:data:`DEFAULT_MAX_SIZE`); an input past it is refused by its length alone,
so a hostile or mistaken input costs no allocation beyond what the caller
already holds. The other bounds (depth, integer digits, member names) live in
``_jsonvalue``, beside the checks that enforce them.
"""

from __future__ import annotations

from ._errors import DecodeError, ValidationError

DEFAULT_MAX_SIZE = 256 * 1024 * 1024
"""256 MiB: room for an item holding a 100 MB image (133 MB as base64 JSON) and more.

Pass ``max_size=None`` to accept any size, or a smaller bound where inputs
come from untrusted peers.
"""


def input_size(data: str | bytes | bytearray | memoryview) -> int:
    """Bytes of a binary input; characters of a ``str`` (its length, known at no cost)."""
    return data.nbytes if isinstance(data, memoryview) else len(data)


def check_json_size(data: str | bytes | bytearray | memoryview, max_size: int | None) -> None:
    """Raise ``ValidationError`` if a JSON input is longer than ``max_size``."""
    if max_size is not None and input_size(data) > max_size:
        unit = "characters" if isinstance(data, str) else "bytes"
        msg = (
            f"expected JSON text of at most {max_size:,} {unit} (max_size), "
            f"got {input_size(data):,}; pass a larger max_size to accept it"
        )
        raise ValidationError("$", msg)


def check_binary_size(data: bytes | bytearray | memoryview, max_size: int | None) -> None:
    """Raise ``DecodeError`` if a binary input is longer than ``max_size`` bytes."""
    if max_size is not None and input_size(data) > max_size:
        msg = (
            f"expected a message of at most {max_size:,} bytes (max_size), "
            f"got {input_size(data):,}; pass a larger max_size to accept it"
        )
        raise DecodeError("$", msg)
