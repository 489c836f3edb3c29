"""CONTRACT section 2, as Hypothesis properties over generated items and documents."""

from __future__ import annotations

import json

from helpers import json_value, same_json
from hypothesis import given
from hypothesis import strategies as st
from strategies import documents, items

from imagegen_wire import ImageGenerationCall


@given(documents())
def test_law1_json_round_trip_keeps_the_parsed_value(doc: str) -> None:
    """json_value(from_json(D).to_json()) == json_value(D), ints and floats apart."""
    out = ImageGenerationCall.from_json(doc).to_json()
    assert same_json(json_value(out), json_value(doc))


@given(documents())
def test_law1_holds_for_utf8_bytes_input(doc: str) -> None:
    out = ImageGenerationCall.from_json(doc.encode("utf-8")).to_json()
    assert same_json(json_value(out), json_value(doc))


@given(items())
def test_law2_binary_round_trip(item: ImageGenerationCall) -> None:
    back = ImageGenerationCall.from_bytes(item.to_bytes())
    assert back == item
    assert hash(back) == hash(item)


@given(items())
def test_law2_json_round_trip(item: ImageGenerationCall) -> None:
    assert ImageGenerationCall.from_json(item.to_json()) == item
    assert ImageGenerationCall.from_dict(item.to_dict()) == item


@given(items())
def test_law2_proto_round_trip(item: ImageGenerationCall) -> None:
    assert ImageGenerationCall.from_proto(item.to_proto()) == item


@given(items())
def test_law3_equal_items_give_equal_bytes(item: ImageGenerationCall) -> None:
    # Equal items made three different ways; one was read from bytes, so its
    # result may be held as image bytes rather than text.
    via_json = ImageGenerationCall.from_json(item.to_json())
    via_bytes = ImageGenerationCall.from_bytes(item.to_bytes())
    assert item.to_bytes() == via_json.to_bytes() == via_bytes.to_bytes()
    assert item.to_bytes() == item.to_bytes()


@given(documents())
def test_law4_json_binary_json_loses_nothing(doc: str) -> None:
    binary = ImageGenerationCall.from_json(doc).to_bytes()
    out = ImageGenerationCall.from_bytes(binary).to_json()
    assert same_json(json_value(out), json_value(doc))


@given(documents(), st.booleans())
def test_to_json_writes_documented_member_order(doc: str, as_bytes: bool) -> None:
    item = ImageGenerationCall.from_json(doc.encode() if as_bytes else doc)
    names = list(json.loads(item.to_json()))
    source_extras = [
        name for name in json.loads(doc) if name not in ("type", "id", "result", "status")
    ]
    known = ["type", "id", "result", "status"] if "result" in names else ["type", "id", "status"]
    assert names == known + source_extras


@given(items())
def test_to_json_is_compact_utf8_with_non_ascii_as_itself(item: ImageGenerationCall) -> None:
    """Except U+0085, U+2028 and U+2029, escaped so that no reader splits a line."""
    text = item.to_json()
    compact = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    for char in "\u0085\u2028\u2029":
        compact = compact.replace(char, f"\\u{ord(char):04x}")
    assert text == compact
    assert text.splitlines() == [text]
    pretty = item.to_json(indent=2)
    assert json.loads(pretty) == json.loads(text)
    assert pretty.splitlines() == pretty.split("\n")


def test_same_json_keeps_integers_floats_and_booleans_apart() -> None:
    assert not same_json(1, 1.0)
    assert not same_json([True], [1])
    assert not same_json({"a": 1}, {"a": 1, "b": 2})
    assert same_json({"a": [1, 2.5]}, {"a": [1, 2.5]})
