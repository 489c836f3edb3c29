"""Pickle, copy and deepcopy give back the same item, of any size.

Pickle carries an item as its bytes, read back with no ``max_size``: what
``to_bytes`` wrote is read back whole, past the 256 MiB default that guards
``from_bytes`` against untrusted input. Copies of an immutable item are itself.
"""

from __future__ import annotations

import copy
import pickle

import pytest

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import DecodeError, ImageGenerationCall
from imagegen_wire._limits import DEFAULT_MAX_SIZE


@pytest.fixture(scope="module")
def huge() -> ImageGenerationCall:
    """An item whose bytes are past the default max_size (257 MiB of image)."""
    message = pb.ImageGenerationCall(
        id="big", status=pb.IMAGE_GENERATION_STATUS_COMPLETED, result_image=b"\x01" * (257 << 20)
    )
    return ImageGenerationCall.from_bytes(message.SerializeToString(), max_size=None)


def test_an_item_past_the_default_max_size_pickles_back(huge: ImageGenerationCall) -> None:
    data = huge.to_bytes()
    assert len(data) > DEFAULT_MAX_SIZE
    with pytest.raises(DecodeError, match="max_size"):  # the guard stays on from_bytes
        ImageGenerationCall.from_bytes(data)
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(huge, protocol=protocol))
        assert back == huge and back.to_bytes() == data


def test_copies_of_an_immutable_item_are_the_item(huge: ImageGenerationCall) -> None:
    for item in (huge, ImageGenerationCall(id="a", status="queued", extra={"p": [1, {"q": None}]})):
        assert copy.copy(item) is item
        assert copy.deepcopy(item) is item
        assert copy.deepcopy([item, item]) == [item, item]


def test_pickle_keeps_unknown_fields_and_checks_what_it_reads() -> None:
    message = pb.ImageGenerationCall(id="a", status=pb.IMAGE_GENERATION_STATUS_FAILED)
    newer = message.SerializeToString() + b"\xa8\x06\x07"  # field 101, varint 7: a newer schema's
    item = ImageGenerationCall.from_bytes(newer)
    back = pickle.loads(pickle.dumps(item))
    assert back.has_unknown_fields and back.to_bytes() == item.to_bytes()
    # A pickle is read through the same checks as from_bytes: a cut one is a DecodeError.
    reducer, (data,) = item.__reduce__()
    with pytest.raises(DecodeError):
        reducer(data[:-1])  # type: ignore[operator]
