"""Three designs for S, timed side by side: is the library's S figure near what it could be?

- A, the library: ``from_json(b).to_bytes()`` and ``from_bytes(d).to_json()``;
- B, the same work written out in one function per direction, every contract
  check kept for the plain item (typed decode, canonical base64, size bound,
  proof by length) and the library's full path for anything else: what the
  library would cost with no call between its modules;
- C, the floor (``floor.py``): the bindings' and msgspec's calls alone, no item.

Medians of round-robin repeats, like ``run.py``: ``python benchmarks/designs.py``.
"""

from __future__ import annotations

import binascii
import statistics
import timeit
from collections.abc import Callable
from json.encoder import encode_basestring

import floor
import pybase64
import workloads

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import ImageGenerationCall, Status

_M = pb.ImageGenerationCall
_NUMBER = {s.value: getattr(pb, f"IMAGE_GENERATION_STATUS_{s.name}") for s in Status}
_STATUS = {number: Status(text) for text, number in _NUMBER.items()}
_MAKE = type(ImageGenerationCall).__mro__[1].__call__.__get__(ImageGenerationCall)  # Struct's own
_ZERO_2, _ZERO_4 = frozenset("AEIMQUYcgkosw048"), frozenset("AQgw")


def b_json_to_binary(data: bytes, max_size: int = 256 << 20) -> bytes:
    if type(data) is bytes and len(data) <= max_size and len(data) < 65536:
        try:
            shape = floor._decode_shape(data)
        except ValueError:
            shape = None
        result = shape.result if shape is not None else None
        if type(result) is str and len(result) < 128 and not len(result) % 4:
            try:
                raw = binascii.a2b_base64(result, strict_mode=True)
            except ValueError:
                raw = b""
            pad = len(result) // 4 * 3 - len(raw)
            canonical = raw and (
                not pad
                or (pad == 1 and result[-2] in _ZERO_2)
                or (pad == 2 and result[-3] in _ZERO_4)
            )
            number = _NUMBER.get(shape.status)  # type: ignore[union-attr]
            if canonical and number is not None:
                item = _MAKE(shape.id, _STATUS[number], raw, (), None)  # type: ignore[union-attr]
                message = _M()
                message.id = item.id if item.id.isascii() else item.id.encode()
                message.result_image = raw
                message.status = number
                return message.SerializeToString()
    return ImageGenerationCall.from_json(data).to_bytes()


def b_binary_to_json(data: bytes, max_size: int = 256 << 20) -> str:
    if type(data) is bytes and len(data) <= max_size:
        message = _M.FromString(data)
        number = message.status
        image = message.result_image
        if image and 1 <= number <= 4:
            id_ = message.id
            n = len(id_) if id_.isascii() else len(id_.encode())
            size = 4 + (len(image).bit_length() + 6) // 7 + len(image)
            size += 1 + (n.bit_length() + 6) // 7 + n if n else 0
            if size == len(data):
                item = _MAKE(id_, _STATUS[number], image, (), None)
                text = pybase64.b64encode_as_string(image)
                status = item.status.value
                document = f'{{"type":"image_generation_call","id":{encode_basestring(id_)},"result":"{text}","status":"{status}"}}'
                if document.isascii():
                    return document
    return ImageGenerationCall.from_bytes(data).to_json()


def main() -> None:
    document = workloads.small().documents[0]
    data = ImageGenerationCall.from_json(document).to_bytes()
    assert b_json_to_binary(document) == data == floor.json_to_binary(document)
    assert b_binary_to_json(data) == ImageGenerationCall.from_bytes(data).to_json()
    calls: dict[str, Callable[[], object]] = {
        "A library, JSON to binary": lambda: ImageGenerationCall.from_json(document).to_bytes(),
        "B written out, JSON to binary": lambda: b_json_to_binary(document),
        "C floor, JSON to binary": lambda: floor.json_to_binary(document),
        "A library, binary to JSON": lambda: ImageGenerationCall.from_bytes(data).to_json(),
        "B written out, binary to JSON": lambda: b_binary_to_json(data),
        "C floor, binary to JSON": lambda: floor.binary_to_json(data),
    }
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(15):
        for name, call in calls.items():
            times[name].append(timeit.timeit(call, number=20000) / 20000 * 1e6)
    for name, samples in times.items():
        print(f"{name:32s} {statistics.median(samples):6.3f} µs")


if __name__ == "__main__":
    main()
