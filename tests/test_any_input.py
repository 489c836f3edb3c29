"""CONTRACT section 4: no input of any kind makes the library raise anything but its two errors."""

from __future__ import annotations

import contextlib
from typing import Any

from helpers import same_json
from hypothesis import given
from hypothesis import strategies as st
from strategies import documents, items

from imagegen_wire import DecodeError, ImageGenerationCall, ValidationError

ANY_PYTHON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()  # lone surrogates included
    | st.binary()
    | st.builds(object)
    | st.sampled_from([float("nan"), float("inf"), ..., int, (1, 2)])
    | st.builds(lambda: 10**5000),  # built, not listed: Hypothesis cannot repr it
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text() | st.integers() | st.none(), children, max_size=3)
    ),
    max_leaves=10,
)


def mutated(text: str, data: st.DataObject) -> str:
    if not text:
        return text
    index = data.draw(st.integers(0, len(text) - 1))
    insert = data.draw(
        st.text(max_size=3) | st.sampled_from(['"', "\\", "{", "]", ",", ":", "\ud800"])
    )
    cut = data.draw(st.integers(0, 3))
    return text[:index] + insert + text[index + cut :]


@given(st.binary(max_size=200) | st.text(max_size=200), st.booleans())
def test_from_json_any_text_or_bytes(data: str | bytes, strict: bool) -> None:
    with contextlib.suppress(ValidationError):
        ImageGenerationCall.from_json(data, strict=strict)


@given(documents(), st.data(), st.booleans())
def test_from_json_near_misses(doc: str, data: st.DataObject, strict: bool) -> None:
    text = mutated(doc, data)
    try:
        item = ImageGenerationCall.from_json(text, strict=strict)
    except ValidationError:
        return
    assert ImageGenerationCall.from_bytes(item.to_bytes()) == item


@given(st.binary(max_size=300))
def test_from_bytes_any_bytes(data: bytes) -> None:
    try:
        item = ImageGenerationCall.from_bytes(data)
    except DecodeError:
        return
    assert ImageGenerationCall.from_bytes(item.to_bytes()) == item


@given(items(), st.data())
def test_from_bytes_near_misses(item: ImageGenerationCall, data: st.DataObject) -> None:
    raw = bytearray(item.to_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    try:
        back = ImageGenerationCall.from_bytes(bytes(raw))
    except DecodeError:
        return
    # JSON has no place for unknown fields; everything else comes back.
    assert same_json(ImageGenerationCall.from_json(back.to_json()).to_dict(), back.to_dict())


@given(st.dictionaries(st.sampled_from(["type", "id", "result", "status", "x"]), ANY_PYTHON))
def test_from_dict_any_dict(obj: dict[str, Any]) -> None:
    obj.setdefault("type", "image_generation_call")
    for strict in (False, True):
        with contextlib.suppress(ValidationError):
            ImageGenerationCall.from_dict(obj, strict=strict)


@given(ANY_PYTHON, ANY_PYTHON, ANY_PYTHON, ANY_PYTHON)
def test_constructor_any_arguments(id_: Any, status: Any, result: Any, extra: Any) -> None:
    with contextlib.suppress(ValidationError):
        ImageGenerationCall(id=id_, status=status, result=result, extra=extra)
