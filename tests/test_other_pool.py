"""``from_proto`` takes a message of our full name from another descriptor pool.

A user who generated their own copy of ``imagegen/v1/image_generation_call.proto``
(or loaded it into a pool of their own) has messages of another class with the
same full name. They are read through their bytes, as any other writer's.
"""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, struct_pb2

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import DecodeError, ImageGenerationCall

FULL_NAME = "imagegen.v1.ImageGenerationCall"


def _message_class(extra_field: str | None = None) -> Any:
    """Our message's class built afresh in a pool of its own, with a field of a newer schema."""
    pool = descriptor_pool.DescriptorPool()
    for module in (struct_pb2, pb):
        proto = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(proto)
        if module is pb and extra_field is not None:
            message = next(m for m in proto.message_type if m.name == "ImageGenerationCall")
            message.field.add(
                name=extra_field,
                number=101,
                type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
                label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
            )
        pool.Add(proto)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(FULL_NAME))


def test_a_message_from_another_pool_reads_as_ours() -> None:
    theirs = _message_class()
    assert theirs is not pb.ImageGenerationCall
    item = ImageGenerationCall(id="a", status="queued", result="QQ==", extra={"p": [1, None]})
    message = theirs.FromString(item.to_bytes())
    assert not isinstance(message, pb.ImageGenerationCall)
    assert ImageGenerationCall.from_proto(message) == item
    for status in ("completed", "failed"):
        plain = ImageGenerationCall(id="b", status=status, image_bytes=b"hi")
        assert ImageGenerationCall.from_proto(theirs.FromString(plain.to_bytes())) == plain


def test_a_newer_schemas_field_is_kept_for_to_bytes() -> None:
    newer = _message_class(extra_field="prompt")
    message = newer(id="a", status=pb.IMAGE_GENERATION_STATUS_FAILED, prompt="a cat")
    item = ImageGenerationCall.from_proto(message)
    assert item.has_unknown_fields
    assert newer.FromString(item.to_bytes()).prompt == "a cat"


def test_its_checks_are_ours() -> None:
    theirs = _message_class()
    with pytest.raises(DecodeError) as caught:
        ImageGenerationCall.from_proto(theirs(id="a"))  # no status: cut short, or not an item
    assert caught.value.path == "status"


def test_another_message_is_refused_by_its_name() -> None:
    with pytest.raises(DecodeError) as caught:
        ImageGenerationCall.from_proto(struct_pb2.Value())  # type: ignore[arg-type]
    assert caught.value.message == (
        f"expected an {FULL_NAME} message, got a google.protobuf.Value message"
    )
