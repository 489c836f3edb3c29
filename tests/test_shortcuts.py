"""Every shortcut gives exactly the answer of the one full path it shortens.

- JSON: ``read_json`` (msgspec typed or untyped, the result read in place for
  large documents) against ``read_exact`` (the exact parser and the checks):
  the same fields, or the same error type, path and message;
- binary: ``decode`` (the proof by length) against ``fields_from_message`` of
  the same parsed message: the same fields, or the same error;
- base64: two codecs chosen by size, and a table lookup for unused bits, against
  the definition (decode, re-encode, compare);
- serialization without ``deterministic=True``: the same bytes, while the
  schema has no map field.

Over the golden rows, their mutations and random documents and items.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from unittest import mock

import pytest
from golden_rows import INVALID_ROWS, WIRE_CASES, document
from hypothesis import given
from hypothesis import strategies as st
from strategies import any_texts, documents, extras, items, json_values

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import DecodeError, ImageGenerationCall, ValidationError, _base64, _wire
from imagegen_wire._base64 import decode_canonical, encode
from imagegen_wire._jsonmap import LARGE_DOCUMENT_BYTES, _read_in_place, read_exact, read_json
from imagegen_wire._wire import decode, fields_from_message


def json_outcome(read: Any, data: str | bytes, strict: bool) -> object:
    """The fields ``read`` gives, or the error's type, path and message."""
    try:
        return read(data, strict=strict)
    except ValidationError as error:
        return ("ValidationError", error.path, error.message)


def assert_json_shortcuts_agree(data: str | bytes, strict: bool | None = None) -> None:
    for mode in (False, True) if strict is None else (strict,):
        assert json_outcome(read_json, data, mode) == json_outcome(read_exact, data, mode)


def binary_outcome(read: Any, data: bytes) -> object:
    try:
        return read(data)
    except DecodeError as error:
        return ("DecodeError", error.path, error.message)


def full_decode(data: bytes) -> object:
    return fields_from_message(pb.ImageGenerationCall.FromString(data))


def assert_binary_shortcut_agrees(data: bytes) -> None:
    try:
        pb.ImageGenerationCall.FromString(data)
    except Exception:  # not protobuf at all: no shortcut is reached
        with pytest.raises(DecodeError):
            decode(data, None)
        return
    assert binary_outcome(lambda d: decode(d, None), data) == binary_outcome(full_decode, data)


# -- JSON ---------------------------------------------------------------------------

JSON_ROWS = [row["json"] for row in WIRE_CASES] + [document(row) for row in INVALID_ROWS]


@pytest.mark.parametrize("data", JSON_ROWS)
def test_json_shortcuts_agree_on_golden_documents(data: str | bytes) -> None:
    assert_json_shortcuts_agree(data)
    if isinstance(data, str):
        assert_json_shortcuts_agree(data.encode("utf-8", "surrogatepass"))


def mutated(text: str, data: st.DataObject) -> str:
    if not text:
        return text
    index = data.draw(st.integers(0, len(text) - 1))
    insert = data.draw(
        st.text(max_size=3)
        | st.sampled_from(['"', "\\", "{", "]", ",", ":", "\ud800", "1e400", "NaN", "-0", "9" * 30])
    )
    cut = data.draw(st.integers(0, 3))
    return text[:index] + insert + text[index + cut :]


@given(documents(), st.data())
def test_json_shortcuts_agree_on_random_documents_and_near_misses(
    doc: str, data: st.DataObject
) -> None:
    assert_json_shortcuts_agree(doc)
    text = mutated(doc, data)
    assert_json_shortcuts_agree(text)
    assert_json_shortcuts_agree(text.encode("utf-8", "surrogatepass"))


@given(st.binary(max_size=200) | st.text(max_size=200))
def test_json_shortcuts_agree_on_any_text(data: str | bytes) -> None:
    assert_json_shortcuts_agree(data)


@given(json_values)
def test_json_shortcuts_agree_on_any_extra_value(value: Any) -> None:
    doc = (
        '{"type":"image_generation_call","id":"a","status":"failed","v":' + json.dumps(value) + "}"
    )
    assert_json_shortcuts_agree(doc)


def _reference(text: str) -> bytes | None:
    """Canonical base64 by its definition: decodes, and re-encodes to the same text."""
    if not text or not text.isascii():
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if base64.b64encode(raw).decode("ascii") == text else None


base64ish = st.text(alphabet="AQRgw+/=9 \n-_é", max_size=12) | st.binary(max_size=400).map(
    lambda raw: base64.b64encode(raw).decode()
)


# binascii's strict mode below 128 characters (3.11+), pybase64 from there; on 3.10,
# pybase64 at every length. Both ways are held to the definition on every Python.
BASE64_WAYS = pytest.mark.parametrize(
    "simd_from",
    [_base64._DECODE_SIMD_FROM_CHARS, 0],
    ids=["this-pythons-way", "pybase64-at-every-length"],
)


@BASE64_WAYS
@given(text=base64ish | any_texts)
def test_decode_canonical_matches_the_definition(simd_from: int, text: str) -> None:
    with mock.patch.object(_base64, "_DECODE_SIMD_FROM_CHARS", simd_from):
        assert decode_canonical(text) == _reference(text)
        if text.isascii():
            assert decode_canonical(text.encode()) == _reference(text)


@BASE64_WAYS
@given(raw=st.binary(min_size=1, max_size=700), index=st.integers(0, 63))
def test_every_flipped_last_character_is_judged_like_the_definition(
    simd_from: int, raw: bytes, index: int
) -> None:
    text = base64.b64encode(raw).decode()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = len(text.rstrip("=")) - 1
    changed = text[:last] + alphabet[index] + text[last + 1 :]
    with mock.patch.object(_base64, "_DECODE_SIMD_FROM_CHARS", simd_from):
        assert decode_canonical(changed) == _reference(changed)
        assert decode_canonical(memoryview(changed.encode())) == _reference(changed)


# Each edge of the definition, alone (short: binascii on 3.11+) and after 128
# characters of canonical base64 (long: pybase64), as str, bytes and a memoryview.
BASE64_EDGES = [
    ("QQ==", b"A"),
    ("QUE=", b"AA"),
    ("QUFB", b"AAA"),
    ("+/+/", b"\xfb\xff\xbf"),
    ("", None),  # empty: no bytes to write it, so it stays text
    ("QR==", None),  # unused bits set
    ("QUF=", None),
    ("AAAA=", None),  # length not a multiple of 4
    ("QUE", None),  # padding left out
    ("AAAA====", None),  # surplus padding (binascii's strict mode takes it)
    ("A===", None),
    ("====", None),
    ("QQ==QUFB", None),  # padding before the end
    ("QU=B", None),
    ("=QUF", None),
    (" QUF", None),  # whitespace
    ("QUF\n", None),
    ("QU\r\n", None),
    ("QU-_", None),  # the URL-safe alphabet
    ("QUF\x00", None),
    ("QUé=", None),
]
LONG_PREFIX = "QUFB" * 32


@BASE64_WAYS
@pytest.mark.parametrize(("text", "image"), BASE64_EDGES, ids=[repr(t) for t, _ in BASE64_EDGES])
def test_base64_edges(simd_from: int, text: str, image: bytes | None) -> None:
    # After the prefix, "" leaves the prefix alone: canonical.
    long_image = b"AAA" * 32 + (image or b"") if image is not None or not text else None
    with mock.patch.object(_base64, "_DECODE_SIMD_FROM_CHARS", simd_from):
        for short_or_long, expected in ((text, image), (LONG_PREFIX + text, long_image)):
            assert decode_canonical(short_or_long) == expected == _reference(short_or_long)
            if short_or_long.isascii():
                raw = short_or_long.encode()
                assert decode_canonical(raw) == expected
                assert decode_canonical(memoryview(raw)) == expected


@pytest.mark.parametrize("text", ["AAAA=", "QUFB==", "9999=", "AAAA===", "QUFBQUFB="])
def test_surplus_padding_after_a_whole_quantum_is_not_canonical(text: str) -> None:
    """binascii's strict mode reads "AAAA=" as "AAAA"; held as its image, the "=" was lost."""
    assert decode_canonical(text) is None is _reference(text)
    assert ImageGenerationCall(id="a", status="failed", result=text).result == text


@given(st.binary(max_size=700))
def test_encode_is_standard_base64(raw: bytes) -> None:
    assert encode(raw) == base64.b64encode(raw).decode("ascii")


# -- large documents ------------------------------------------------------------

IMAGE = base64.b64encode(bytes(range(256)) * (LARGE_DOCUMENT_BYTES // 256 + 1)).decode()
NOT_CANONICAL = IMAGE[:-2] + "B="  # unused bits set
HEAD = '{"type":"image_generation_call","id":"ig_1",'


LARGE_CASES = {
    "plain": HEAD + f'"result":"{IMAGE}","status":"completed"}}',
    "result first": f'{{"result":"{IMAGE}","type":"image_generation_call","id":"a","status":"failed"}}',
    "nested result before": HEAD
    + f'"x":{{"result":"QQ=="}},"result":"{IMAGE}","status":"completed"}}',
    "nested result after": HEAD
    + f'"result":"{IMAGE}","x":{{"result":"QQ=="}},"status":"completed"}}',
    "repeated, last wins": HEAD + f'"result":"{IMAGE}","result":"QQ==","status":"completed"}}',
    "escaped repeat": HEAD + f'"result":"{IMAGE}","\\u0072esult":"","status":"completed"}}',
    "escaped repeat first": HEAD
    + f'"\\u0072esult":"QQ==","result":"{IMAGE}","status":"completed"}}',
    "not canonical": HEAD + f'"result":"{NOT_CANONICAL}","status":"completed"}}',
    "long tail": HEAD + f'"result":"{IMAGE}","status":"completed","x":"{"y" * 9000}"}}',
    "spaces": HEAD + f'"result" : "{IMAGE}" , "status":"completed"}}',
    "pretty-printed": json.dumps(
        {"type": "image_generation_call", "id": "a", "result": IMAGE, "status": "completed"},
        indent=2,
    ),
    "tab and newline before the colon": HEAD + f'"result"\t\n:\r"{IMAGE}","status":"failed"}}',
    "extras and an unknown status": HEAD
    + f'"n":[1,{{"k":null}}],"result":"{IMAGE}","status":"queued","m":true}}',
    "no colon": HEAD + f'"result" "{IMAGE}","status":"completed"}}',
    "result as a string value": '{"type":"image_generation_call","id":"result",'
    + f'"result":"{IMAGE}","status":"completed"}}',
    "escape in id": HEAD.replace("ig_1", 'a\\"result\\":\\"')
    + f'"result":"{IMAGE}","status":"x"}}',
    "only inside an unknown member": HEAD + f'"x":{{"result":"{IMAGE}"}},"status":"completed"}}',
    "inside an unknown member": HEAD + f'"x":"\\"result\\":\\"{IMAGE}","status":"completed"}}',
    "unknown status": HEAD + f'"result":"{IMAGE}","status":"queued"}}',
    "float in extra": HEAD + f'"result":"{IMAGE}","status":"completed","n":2.50}}',
    "overflowing float in extra": HEAD + f'"result":"{IMAGE}","status":"completed","n":1e400}}',
    "repeated id": HEAD + f'"id":"b","result":"{IMAGE}","status":"completed"}}',
    "wrong type id": f'{{"type":"image_generation_call","id":5,"result":"{IMAGE}","status":"failed"}}',
    "no type": f'{{"id":"a","result":"{IMAGE}","status":"failed"}}',
    "cut short": HEAD + f'"result":"{IMAGE}","status":"completed"',
    "trailing junk": HEAD + f'"result":"{IMAGE}","status":"completed"}} x',
    "lone surrogate after": HEAD + f'"result":"{IMAGE}","status":"\\ud800"}}',
    "quote inside": HEAD + f'"result":"{IMAGE[:100]}"{IMAGE[100:]}","status":"completed"}}',
    "top level array": f'[{{"result":"{IMAGE}"}}]',
    "byte order mark": "\ufeff" + HEAD + f'"result":"{IMAGE}","status":"completed"}}',
    "NDJSON line": HEAD + f'"result":"{IMAGE}","status":"completed"}}\n',
}


@pytest.mark.parametrize("doc", LARGE_CASES.values(), ids=LARGE_CASES.keys())
def test_large_documents_read_in_place_match_the_full_path(doc: str) -> None:
    assert len(doc) >= LARGE_DOCUMENT_BYTES
    assert_json_shortcuts_agree(doc)
    assert_json_shortcuts_agree(doc.encode())


@given(extras, extras, st.sampled_from(["completed", "queued", "generating"]), any_texts)
def test_large_results_among_any_members(
    before: dict[str, Any], after: dict[str, Any], status: str, id_: str
) -> None:
    members = [json.dumps(name) + ":" + json.dumps(value) for name, value in before.items()]
    members += ['"type":"image_generation_call"', f'"id":{json.dumps(id_)}', f'"result":"{IMAGE}"']
    members += [f'"status":{json.dumps(status)}']
    members += [json.dumps(name) + ":" + json.dumps(value) for name, value in after.items()]
    assert_json_shortcuts_agree("{" + ",".join(members) + "}")
    assert_json_shortcuts_agree(("{" + ",".join(members) + "}").encode())


@given(json_values)
def test_large_results_beside_any_value(value: Any) -> None:
    document = HEAD + f'"v":{json.dumps(value)},"result":"{IMAGE}","status":"failed"}}'
    assert_json_shortcuts_agree(document)
    assert_json_shortcuts_agree(document.encode())


# -- serialization ----------------------------------------------------------------


def _message_types(descriptor: Any) -> list[Any]:
    found = [descriptor]
    for nested in descriptor.nested_types:
        found += _message_types(nested)
    return found


def test_schema_has_no_map_field_so_plain_serialization_is_deterministic() -> None:
    """to_bytes skips deterministic=True, which only orders map entries: none may exist."""
    for message_type in pb.DESCRIPTOR.message_types_by_name.values():
        for descriptor in _message_types(message_type):
            maps = [
                f.name
                for f in descriptor.fields
                if f.message_type and f.message_type.GetOptions().map_entry
            ]
            assert not maps, f"{descriptor.full_name} has map fields {maps}: use deterministic=True"


@given(items())
def test_to_bytes_equals_deterministic_serialization(item: ImageGenerationCall) -> None:
    assert item.to_bytes() == item.to_proto().SerializeToString(deterministic=True)


def test_the_in_place_path_is_taken_only_where_its_guards_allow() -> None:
    """The cases above exercise both sides: the in-place path and every way it declines."""
    for strict, expected in (
        (False, {"plain", "result first", "spaces", "pretty-printed",
                 "tab and newline before the colon", "extras and an unknown status",
                 "float in extra", "repeated id", "unknown status", "NDJSON line"}),
        # The same less every document that strict mode refuses (extras, another status, a repeat).
        (True, {"plain", "result first", "spaces", "pretty-printed",
                "tab and newline before the colon", "NDJSON line"}),
    ):  # fmt: skip
        taken = {name for name, doc in LARGE_CASES.items() if _read_in_place(doc.encode(), strict)}
        assert taken == expected


# -- binary ---------------------------------------------------------------------------


@pytest.mark.parametrize("row", WIRE_CASES, ids=[row["name"] for row in WIRE_CASES])
def test_binary_shortcut_agrees_on_every_cut_and_flipped_bit(row: dict[str, Any]) -> None:
    data = bytes.fromhex(row["hex"])
    assert_binary_shortcut_agrees(data)
    for cut in range(len(data)):
        assert_binary_shortcut_agrees(data[:cut])
    for bit in range(len(data) * 8):
        flipped = bytearray(data)
        flipped[bit // 8] ^= 1 << (bit % 8)
        assert_binary_shortcut_agrees(bytes(flipped))


@given(items(), st.binary(max_size=8), st.binary(max_size=8))
def test_binary_shortcut_agrees_on_random_items_and_additions(
    item: ImageGenerationCall, before: bytes, after: bytes
) -> None:
    data = item.to_bytes()
    assert_binary_shortcut_agrees(data)
    assert_binary_shortcut_agrees(before + data)
    assert_binary_shortcut_agrees(data + after)


def test_the_length_proof_is_taken_for_the_plain_item_only(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = ImageGenerationCall(id="é" * 200, status="completed", image_bytes=b"x" * 300)
    data = plain.to_bytes()
    # Each of these is one field more than the plain item, or a field written twice.
    longer = {
        "status_text": data + b"\x2a\x00",
        "an empty id first": b"\x0a\x00" + data,
        "an unknown field": data + b"\x98\x01\x05",
        "the image twice": b"\x12\x01A" + data,
    }
    for other in longer.values():
        assert_binary_shortcut_agrees(other)
    full: list[bytes] = []
    monkeypatch.setattr(_wire, "fields_from_message", lambda message: full.append(message) or ())
    assert decode(data, None)[2] == b"x" * 300
    assert not full, "the plain item takes the proof"
    for name, other in longer.items():
        decode(other, None)
        assert len(full) == 1, name
        full.clear()


def test_the_length_proof_is_taken_for_the_plain_null_item_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = ImageGenerationCall(id="ig_1", status="failed", result=None)
    data = plain.to_bytes()
    assert b"\x20\x00" in data  # result_null (field 4): NULL_VALUE
    # The same length with another enum value, or one field more, or the null written twice.
    others = {
        "unknown NullValue": data.replace(b"\x20\x00", b"\x20\x01"),
        "status_text": data + b"\x2a\x00",
        "the null twice": b"\x20\x00" + data,
        "an empty image before": b"\x12\x00" + data,
    }
    for other in others.values():
        assert_binary_shortcut_agrees(other)
    full: list[bytes] = []
    monkeypatch.setattr(_wire, "fields_from_message", lambda message: full.append(message) or ())
    assert decode(data, None)[2] is None
    assert not full, "the plain null item takes the proof"
    for name, other in others.items():
        decode(other, None)
        assert len(full) == 1, name
        full.clear()


def test_a_large_str_with_a_lone_surrogate_is_worded_by_the_full_path() -> None:
    assert_json_shortcuts_agree(LARGE_CASES["plain"].replace("ig_1", "\ud800"))
