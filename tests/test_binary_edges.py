"""Broken bytes: every cut and every flipped bit of every golden message.

A reader at a service boundary sees bytes damaged in transit or made by
hand. Each damaged message must either be refused with ``DecodeError`` (or
``ValidationError``) or decode to an item that keeps the contract; a cut-short
message must never pass for a shorter item. Every golden case is tried whole,
so a failure names the case and the bit.
"""

from __future__ import annotations

from typing import Any

import pytest
from golden_rows import WIRE_CASES as CASES
from helpers import json_value
from hypothesis import given
from hypothesis import strategies as st
from strategies import items

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import DecodeError, ImageGenerationCall, ValidationError

IDS = [case["name"] for case in CASES]


def decodes(data: bytes) -> ImageGenerationCall | None:
    """The item ``data`` decodes to, or ``None`` if the library refuses it with one of its errors."""
    try:
        return ImageGenerationCall.from_bytes(data)
    except (DecodeError, ValidationError):
        return None


def parses(data: bytes) -> bool:
    """Whether the generated bindings alone read ``data`` as a message."""
    try:
        pb.ImageGenerationCall.FromString(data)
    except Exception:  # the runtime's DecodeError, not a subclass of ours
        return False
    return True


def assert_keeps_contract(item: ImageGenerationCall) -> None:
    """Re-encodes to itself, deterministically, its JSON re-parses, and no cut of its bytes decodes."""
    data = item.to_bytes()
    again = ImageGenerationCall.from_bytes(data)
    assert again == item
    assert again.to_bytes() == data
    back = ImageGenerationCall.from_json(item.to_json())
    assert json_value(back.to_json()) == json_value(item.to_json())
    if item.has_unknown_fields:
        # JSON has no place for fields of a newer schema: all else is equal.
        assert (back.id, back.status, back.result, back.extra) == (
            item.id, item.status, item.result, item.extra
        )  # fmt: skip
        assert not back.has_unknown_fields
    else:
        assert back == item
    for cut in range(len(data)):
        assert decodes(data[:cut]) is None, f"cut at {cut} of {data.hex()} decoded"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_truncation_is_rejected_never_a_shorter_item(case: dict[str, Any]) -> None:
    data = bytes.fromhex(case["hex"])
    for cut in range(len(data)):
        with pytest.raises(DecodeError) as caught:
            ImageGenerationCall.from_bytes(data[:cut])
        # A cut between two fields still parses, and lacks the status written last.
        if parses(data[:cut]):
            assert caught.value.path == "status", cut
            assert "cut short" in caught.value.message, cut
        else:
            assert caught.value.path == "$", cut


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_single_bit_flip_is_refused_or_keeps_the_contract(case: dict[str, Any]) -> None:
    data = bytes.fromhex(case["hex"])
    decoded = 0
    for bit in range(len(data) * 8):
        flipped = bytearray(data)
        flipped[bit // 8] ^= 1 << (bit % 8)
        item = decodes(bytes(flipped))  # anything but the two errors fails the test here
        if item is not None:
            decoded += 1
            assert_keeps_contract(item)
    # Flips inside string payloads (the id's letters) decode: the test saw both outcomes.
    assert 0 < decoded < len(data) * 8


def test_unknown_fields_are_written_before_status() -> None:
    # Found by flipping bits of the golden cases: a flip that turned field 1
    # into field 9 gave an unknown field, which the bindings wrote after
    # status; cutting the re-encoded bytes just before it decoded as an item
    # without it. Status is now written last in every message.
    flipped = bytes.fromhex("4a0469675f312000f87f01")  # status-in-progress, bit 6 flipped
    item = ImageGenerationCall.from_bytes(flipped)
    assert item.has_unknown_fields
    data = item.to_bytes()
    assert data.hex() == "2000" + "4a0469675f31" + "f87f01"
    assert_keeps_contract(item)


@given(item=items(), noise=st.binary(min_size=1, max_size=40))
def test_unknown_fields_keep_status_last_for_any_item(
    item: ImageGenerationCall, noise: bytes
) -> None:
    # Field 100, length-delimited: a field a newer schema might add.
    unknown = bytes([0xA2, 0x06, len(noise)]) + noise
    newer = ImageGenerationCall.from_bytes(unknown + item.to_bytes())
    data = newer.to_bytes()
    assert data[-3:-1] == bytes.fromhex("f87f")
    assert pb.ImageGenerationCall.FromString(data) == pb.ImageGenerationCall.FromString(
        unknown + item.to_bytes()
    )
    for cut in range(len(data)):
        assert decodes(data[:cut]) is None


def test_a_newer_writers_bytes_come_back_unchanged() -> None:
    # A newer schema's field 7 sits, by number, between extra_members and status.
    older = ImageGenerationCall(id="a", status="completed", result="QQ==", extra={"p": 1})
    message = pb.ImageGenerationCall.FromString(older.to_bytes())
    status = message.status
    message.ClearField("status")
    newer = (
        message.SerializeToString(deterministic=True)
        + bytes.fromhex("3a026869")  # field 7, "hi"
        + pb.ImageGenerationCall(status=status).SerializeToString()
    )
    assert ImageGenerationCall.from_bytes(newer).to_bytes() == newer


@pytest.mark.parametrize("size", [0, 1, 2**16, 2**21 + 3])
def test_images_of_any_size_are_written_as_the_bindings_write_them(size: int) -> None:
    import base64

    image = bytes(range(256)) * (size // 256) + bytes(size % 256)
    item = ImageGenerationCall(id="ig", status="completed", result=base64.b64encode(image).decode())
    data = item.to_bytes()
    assert data == item.to_proto().SerializeToString(deterministic=True)
    assert ImageGenerationCall.from_bytes(data) == item
