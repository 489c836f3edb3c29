"""User code as a service engineer would write it; `mypy --strict` must accept it."""

from __future__ import annotations

from imagegen.v1.image_generation_call_pb2 import ImageGenerationCall as Message
from imagegen_wire import ABSENT, DecodeError, ImageGenerationCall, Status, ValidationError


def image_of(payload: bytes) -> bytes | None:
    try:
        item = ImageGenerationCall.from_json(payload, strict=False)
    except ValidationError as err:
        where: str = err.path
        raise SystemExit(f"bad item at {where}: {err.message}") from err
    if item.status is Status.COMPLETED and item.result is not ABSENT and item.result is not None:
        text: str = item.result
        assert text
    return item.image_bytes


def relay(data: bytes) -> str:
    try:
        item = ImageGenerationCall.from_bytes(data)
    except DecodeError:
        return ""
    status: Status | str = item.status
    message: Message = item.to_proto()
    assert ImageGenerationCall.from_proto(message) == item
    return f"{item.id}:{status}:{len(item.to_bytes())}:{item.to_json()}:{item.to_dict()['id']}"


made = ImageGenerationCall(id="ig_1", status=Status.FAILED, result=None, extra={"prompt": "a cat"})
counts: dict[ImageGenerationCall, int] = {made: 1}
