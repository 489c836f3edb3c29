"""CONTRACT section 3: what the binary form carries, and what a reader refuses."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from google.protobuf import descriptor_pb2
from hypothesis import given
from strategies import items

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import DecodeError, ImageGenerationCall, Status

STATUS_TAG = bytes.fromhex("f87f")  # field 2047, varint


def message(**fields: Any) -> bytes:
    return pb.ImageGenerationCall(**fields).SerializeToString()


def decode_error(data: bytes) -> DecodeError:
    with pytest.raises(DecodeError) as caught:
        ImageGenerationCall.from_bytes(data)
    return caught.value


@given(items())
def test_status_is_the_last_field_written(item: ImageGenerationCall) -> None:
    data = item.to_bytes()
    assert data[-3:-1] == STATUS_TAG
    assert all(decode_error_or_none(data[:cut]) for cut in range(len(data)))


def decode_error_or_none(data: bytes) -> bool:
    try:
        ImageGenerationCall.from_bytes(data)
    except DecodeError:
        return True
    return False


def test_canonical_base64_saves_a_quarter() -> None:
    image = bytes(range(256)) * 4096  # 1 MiB
    item = ImageGenerationCall(
        id="ig_" + "x" * 27, status="completed", result=base64.b64encode(image).decode()
    )
    json_size = len(item.to_json().encode())
    wire_size = len(item.to_bytes())
    assert wire_size <= 0.7501 * json_size
    assert item.to_proto().result_image == image


def test_absent_and_null_differ_on_the_wire() -> None:
    absent = pb.ImageGenerationCall.FromString(
        ImageGenerationCall(id="a", status="failed").to_bytes()
    )
    null = pb.ImageGenerationCall.FromString(
        ImageGenerationCall(id="a", status="failed", result=None).to_bytes()
    )
    assert absent.WhichOneof("result") is None
    assert null.WhichOneof("result") == "result_null"


def unknown_field_bytes() -> bytes:
    # Fields 12 and 14 of another generated message: numbers our schema does not use.
    return descriptor_pb2.FileDescriptorProto(
        syntax="proto9", edition=descriptor_pb2.EDITION_2023
    ).SerializeToString()


def test_unknown_fields_of_a_newer_schema_survive_bytes_round_trip() -> None:
    known = ImageGenerationCall(id="a", status="queued", result="QQ==", extra={"p": 1})
    data = unknown_field_bytes() + known.to_bytes()
    item = ImageGenerationCall.from_bytes(data)
    assert item.has_unknown_fields and not known.has_unknown_fields
    again = item.to_bytes()
    assert unknown_field_bytes() in again
    assert ImageGenerationCall.from_bytes(again) == item
    assert pb.ImageGenerationCall.FromString(again) == pb.ImageGenerationCall.FromString(data)
    # The JSON has no place for them: equal JSON, different items, different bytes.
    assert item.to_json() == known.to_json()
    assert item != known


def test_unknown_fields_inside_an_extra_member_survive() -> None:
    base = ImageGenerationCall(id="a", status="failed", extra={"p": 1, "q": 2})
    msg = base.to_proto()
    msg.extra_members[1].MergeFromString(
        descriptor_pb2.FieldDescriptorProto(number=5).SerializeToString()
    )
    data = msg.SerializeToString()
    item = ImageGenerationCall.from_bytes(data)
    assert item.has_unknown_fields
    assert pb.ImageGenerationCall.FromString(item.to_bytes()) == msg
    assert item.extra == {"p": 1, "q": 2}


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        (message(id="a"), "status", "cut short, or not an ImageGenerationCall"),
        (b"", "status", "expected field 2047"),
        (message(id="a", status=0), "status_text", "expected the status text"),
        (message(id="a", status=2, status_text="x"), "status_text", "expected no status_text"),
        (message(id="a", status=9), "status", "got enum value 9 alone"),
        (message(id="a", status=2, result_null=1), "result_null", "got unknown enum value 1"),
        (b"\xff\xff\xff", "$", "do not parse"),
        (b"\x0a\x05ab", "$", "do not parse"),
        (b"\x0a\x02\xc3\x28" + message(status=2), "$", "do not parse"),  # id not UTF-8
    ],
)
def test_invalid_messages_raise_decode_error(data: bytes, path: str, fragment: str) -> None:
    err = decode_error(data)
    assert err.path == path
    assert fragment in err.message


def extras_message(*members: tuple[str, str]) -> bytes:
    msg = pb.ImageGenerationCall(id="a", status=2)
    for name, value in members:
        msg.extra_members.add(name=name, json_value=value)
    return msg.SerializeToString()


@pytest.mark.parametrize(
    ("members", "path", "fragment"),
    [
        ((("id", "1"),), "extra_members[0].name", "got 'id' (a member the item names itself)"),
        ((("p", "1"), ("p", "2")), "extra_members[1].name", "got 'p' (a repeat)"),
        ((("p", "{"),), "extra_members[0].json_value", "invalid JSON"),
        ((("p", "NaN"),), "extra_members[0].json_value", "NaN"),
        ((("p", "1e999"),), "extra_members[0].json_value", "overflows"),
        ((("p", ""),), "extra_members[0].json_value", "invalid JSON"),
        ((("p", '"\\ud800"'),), "extra_members[0].json_value", "lone surrogate"),
    ],
)
def test_invalid_extra_members_raise_decode_error(
    members: tuple[tuple[str, str], ...], path: str, fragment: str
) -> None:
    err = decode_error(extras_message(*members))
    assert err.path == path
    assert fragment in err.message


def test_lenient_reader_accepts_unambiguous_forms() -> None:
    # A newer status value that also carries its text reads as that text.
    item = ImageGenerationCall.from_bytes(message(id="a", status=7, status_text="queued"))
    assert item.status == "queued"
    # An empty image is the empty string; a known status sent as text is that status.
    assert ImageGenerationCall.from_bytes(message(status=2, result_image=b"")).result == ""
    assert (
        ImageGenerationCall.from_bytes(message(status=0, status_text="failed")).status
        is Status.FAILED
    )
    # A canonical base64 string sent as text is the same item as when sent as bytes.
    as_text = ImageGenerationCall.from_bytes(message(status=2, result_text="QQ=="))
    assert as_text == ImageGenerationCall(id="", status="completed", result="QQ==")
    # JSON value text is kept canonical, whatever spacing the writer used.
    spaced = ImageGenerationCall.from_bytes(extras_message(("p", " [ 1 , 2.50 ] ")))
    assert spaced == ImageGenerationCall(id="a", status="completed", extra={"p": [1, 2.5]})


def test_from_bytes_accepts_bytearray_and_memoryview() -> None:
    data = ImageGenerationCall(id="a", status="failed", result="QQ==").to_bytes()
    assert ImageGenerationCall.from_bytes(bytearray(data)) == ImageGenerationCall.from_bytes(data)
    assert ImageGenerationCall.from_bytes(memoryview(data)) == ImageGenerationCall.from_bytes(data)
