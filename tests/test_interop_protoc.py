"""protoc (grpcio-tools' build) against our bytes, with the descriptor set the CLI writes.

``protoc --decode`` turns our bytes into the text format that the protobuf text
printer gives for the expected message; ``protoc --encode`` turns text format
into bytes that we read as the expected item (and that are the golden bytes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from golden_rows import WIRE_CASES
from google.protobuf import text_format
from peers import MESSAGE, PROTO_FILE, descriptor_set, protoc

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import ImageGenerationCall, Status

IDS = [case["name"] for case in WIRE_CASES]


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return descriptor_set(tmp_path_factory.mktemp("protoc") / "image_generation_call.binpb")


def decode(schema: Path, data: bytes) -> str:
    args = (f"--decode={MESSAGE}", f"--descriptor_set_in={schema}", PROTO_FILE)
    return protoc(*args, data=data).decode("utf-8")


def encode(schema: Path, text: str) -> bytes:
    args = (f"--encode={MESSAGE}", f"--descriptor_set_in={schema}", PROTO_FILE)
    return protoc(*args, data=text.encode("utf-8"))


@pytest.mark.parametrize("case", WIRE_CASES, ids=IDS)
def test_protoc_decodes_our_bytes_to_the_expected_text(schema: Path, case: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_json(case["json"])
    text = decode(schema, item.to_bytes())
    # protoc escapes non-ASCII bytes in octal, as the printer does without as_utf8
    assert text == text_format.MessageToString(item.to_proto(), as_utf8=False)
    assert text_format.Parse(text, pb.ImageGenerationCall()) == item.to_proto()
    if isinstance(item.status, Status):
        assert f"status: IMAGE_GENERATION_STATUS_{item.status.name}\n" in text
    else:
        assert "status: IMAGE_GENERATION_STATUS_UNSPECIFIED\n" in text
        assert "\nstatus_text: " in text


@pytest.mark.parametrize("case", WIRE_CASES, ids=IDS)
def test_protoc_encodes_text_we_read(schema: Path, case: dict[str, Any]) -> None:
    expected = ImageGenerationCall.from_json(case["json"])
    data = encode(schema, text_format.MessageToString(expected.to_proto()))
    assert ImageGenerationCall.from_bytes(data) == expected
    assert data.hex() == case["hex"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'id: "ig_7" result_image: "\\211PNG\\r\\n\\032\\n" status: IMAGE_GENERATION_STATUS_COMPLETED',
            {"id": "ig_7", "result": "iVBORw0KGgo=", "status": "completed"},
        ),
        (
            'id: "ig_7" result_null: NULL_VALUE status: IMAGE_GENERATION_STATUS_GENERATING',
            {"id": "ig_7", "result": None, "status": "generating"},
        ),
        (
            'id: "" result_text: "not base64!" status: IMAGE_GENERATION_STATUS_FAILED',
            {"id": "", "result": "not base64!", "status": "failed"},
        ),
        (
            'id: "ig_7" status_text: "queued" status: IMAGE_GENERATION_STATUS_UNSPECIFIED',
            {"id": "ig_7", "status": "queued"},
        ),
        (
            'id: "ig_7" extra_members { name: "prompt" json_value: "\\"a cat\\"" }'
            ' extra_members { name: "n" json_value: "[1,2.5]" } status: IMAGE_GENERATION_STATUS_IN_PROGRESS',
            {"id": "ig_7", "status": "in_progress", "prompt": "a cat", "n": [1, 2.5]},
        ),
    ],
    ids=["image", "null", "text", "unknown-status", "extra-members"],
)
def test_protoc_encodes_handwritten_text(schema: Path, text: str, expected: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_bytes(encode(schema, text))
    assert item.to_dict() == {"type": "image_generation_call", **expected}


def test_protoc_shows_the_unknown_fields_we_keep(schema: Path) -> None:
    # A newer writer's field 7 (a string) and, inside an extra member, field 3 (a varint).
    newer = pb.ImageGenerationCall(id="ig_1", status=pb.IMAGE_GENERATION_STATUS_COMPLETED)
    newer.extra_members.add(name="p", json_value="1").MergeFromString(b"\x18\x2a")
    newer.MergeFromString(b"\x3a\x05a cat")
    item = ImageGenerationCall.from_bytes(newer.SerializeToString())
    assert item.has_unknown_fields
    text = decode(schema, item.to_bytes())
    assert '7: "a cat"\n' in text
    assert "  3: 42\n" in text
