"""The speed-ups of benchmarks/README.md give exactly the answers of the plain paths.

- base64: two codecs chosen by size, and a table lookup for unused bits, against
  the definition (decode, re-encode, compare);
- large documents: the result read in place (``parse_large``) against the same
  document given as ``str``, which always takes the full parser;
- serialization without ``deterministic=True``: the same bytes, while the
  schema has no map field.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import any_texts, extras, items, json_values

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import ImageGenerationCall, ValidationError, _item
from imagegen_wire._base64 import decode_canonical, decode_canonical_bytes, encode
from imagegen_wire._jsonmap import LARGE_DOCUMENT_BYTES, parse_large


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


@given(base64ish | any_texts)
def test_decode_canonical_matches_the_definition(text: str) -> None:
    assert decode_canonical(text) == _reference(text)
    if text.isascii():
        assert decode_canonical_bytes(text.encode()) == _reference(text)


@given(st.binary(min_size=1, max_size=700), st.integers(0, 63))
def test_every_flipped_last_character_is_judged_like_the_definition(raw: bytes, index: int) -> None:
    text = base64.b64encode(raw).decode()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = len(text.rstrip("=")) - 1
    changed = text[:last] + alphabet[index] + text[last + 1 :]
    assert decode_canonical(changed) == _reference(changed)
    assert decode_canonical_bytes(changed.encode()) == _reference(changed)


@given(st.binary(max_size=700))
def test_encode_is_standard_base64(raw: bytes) -> None:
    assert encode(raw) == base64.b64encode(raw).decode("ascii")


# -- large documents ------------------------------------------------------------

IMAGE = base64.b64encode(bytes(range(256)) * (LARGE_DOCUMENT_BYTES // 256 + 1)).decode()
NOT_CANONICAL = IMAGE[:-2] + "B="  # unused bits set
HEAD = '{"type":"image_generation_call","id":"ig_1",'


def _outcome(
    document: str | bytes, *, strict: bool = False
) -> ImageGenerationCall | ValidationError:
    try:
        return ImageGenerationCall.from_json(document, strict=strict)
    except ValidationError as error:
        return error


def _same_as_full_parser(document: str, *, strict: bool = False) -> None:
    """Bytes (which may take the in-place path) and str (never does) give one answer."""
    data = document.encode()
    assert len(data) >= LARGE_DOCUMENT_BYTES
    expected = _outcome(document, strict=strict)
    if isinstance(expected, ValidationError):
        error = _outcome(data, strict=strict)
        assert isinstance(error, ValidationError)
        assert (error.path, error.message) == (expected.path, expected.message)
        return
    item = ImageGenerationCall.from_json(data, strict=strict)
    assert item == expected
    assert item.result == expected.result
    assert item.image_bytes == expected.image_bytes
    assert item.to_bytes() == expected.to_bytes()
    assert json.loads(item.to_json()) == json.loads(expected.to_json())


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


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
@pytest.mark.parametrize("document", LARGE_CASES.values(), ids=LARGE_CASES.keys())
def test_large_documents_read_in_place_match_the_full_parser(document: str, strict: bool) -> None:
    _same_as_full_parser(document, strict=strict)


@given(extras, extras, st.sampled_from(["completed", "queued", "generating"]), any_texts)
def test_large_results_among_any_members(
    before: dict[str, Any], after: dict[str, Any], status: str, id_: str
) -> None:
    members = [json.dumps(name) + ":" + json.dumps(value) for name, value in before.items()]
    members += ['"type":"image_generation_call"', f'"id":{json.dumps(id_)}', f'"result":"{IMAGE}"']
    members += [f'"status":{json.dumps(status)}']
    members += [json.dumps(name) + ":" + json.dumps(value) for name, value in after.items()]
    _same_as_full_parser("{" + ",".join(members) + "}")
    _same_as_full_parser("{" + ",".join(members) + "}", strict=True)


@given(json_values)
def test_large_results_beside_any_value(value: Any) -> None:
    document = HEAD + f'"v":{json.dumps(value)},"result":"{IMAGE}","status":"failed"}}'
    _same_as_full_parser(document)
    _same_as_full_parser(document, strict=True)


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
    """The cases above exercise both sides: the in-place path and every fallback."""
    taken = {name for name, doc in LARGE_CASES.items() if parse_large(doc.encode()) is not None}
    assert taken == {
        "plain",
        "result first",
        "spaces",
        "pretty-printed",
        "tab and newline before the colon",
        "extras and an unknown status",
        "float in extra",
        "repeated id",
        "unknown status",
        "NDJSON line",
    }
    strict = {
        name
        for name, doc in LARGE_CASES.items()
        if parse_large(doc.encode(), strict=True) is not None
    }
    # The same less every document that strict mode refuses (extras, another status, a repeat).
    assert strict == {
        "plain",
        "result first",
        "spaces",
        "pretty-printed",
        "tab and newline before the colon",
        "NDJSON line",
    }


@pytest.mark.parametrize("document", LARGE_CASES.values(), ids=LARGE_CASES.keys())
def test_items_keeping_their_image_in_the_document_behave_the_same(
    document: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past 16 MiB an item keeps where its image is in the JSON bytes; lowered here to test it."""
    monkeypatch.setattr(_item, "_KEEP_DOCUMENT_FROM", LARGE_DOCUMENT_BYTES)
    _same_as_full_parser(document)
    data = document.encode()
    if parse_large(data) is not None:
        item = ImageGenerationCall.from_json(data)
        assert isinstance(item._image, _item._InDocument)
        expected = ImageGenerationCall.from_json(document)
        assert item.to_bytes() == expected.to_bytes()
        assert isinstance(item._image, _item._InDocument), "to_bytes must not keep the image"
        assert item.image_bytes == expected.image_bytes
        assert item == expected
