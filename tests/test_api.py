"""The Python face of an item: constructor, fields, value semantics, repr, proto access."""

from __future__ import annotations

import base64
import copy
import json
import pickle
from typing import Any

import pytest

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import ABSENT, Absent, DecodeError, ImageGenerationCall, Status, ValidationError


def test_status_is_a_str_enum() -> None:
    assert Status.COMPLETED == "completed"
    assert str(Status.IN_PROGRESS) == "in_progress"
    assert f"{Status.FAILED}" == "failed"
    assert [s.value for s in Status] == ["in_progress", "completed", "generating", "failed"]


@pytest.mark.parametrize("text", ["in_progress", "completed", "generating", "failed"])
def test_known_status_strings_become_members(text: str) -> None:
    item = ImageGenerationCall(id="a", status=text)
    assert item.status is Status(text)


def test_unknown_status_stays_a_plain_str() -> None:
    item = ImageGenerationCall(id="a", status="queued")
    assert item.status == "queued"
    assert type(item.status) is str


def test_three_results_are_told_apart() -> None:
    absent = ImageGenerationCall(id="a", status="failed")
    null = ImageGenerationCall(id="a", status="failed", result=None)
    empty = ImageGenerationCall(id="a", status="failed", result="")
    assert absent.result is ABSENT and isinstance(absent.result, Absent) and not absent.result
    assert null.result is None
    assert empty.result == ""
    assert len({absent, null, empty}) == 3
    assert len({absent.to_bytes(), null.to_bytes(), empty.to_bytes()}) == 3
    assert "result" not in absent.to_dict()
    assert null.to_dict()["result"] is None


def test_image_bytes_only_for_canonical_base64() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
    item = ImageGenerationCall(id="a", status="completed", result=base64.b64encode(png).decode())
    assert item.image_bytes == png
    for text in ["", "QR==", "QQ", "QUFB\n", None, ABSENT]:
        assert ImageGenerationCall(id="a", status="completed", result=text).image_bytes is None


def test_result_read_from_bytes_is_the_canonical_text() -> None:
    item = ImageGenerationCall(id="a", status="completed", result="aGk=")
    back = ImageGenerationCall.from_bytes(item.to_bytes())
    assert back.image_bytes == b"hi"
    assert back.result == "aGk="


def test_extra_members_keep_order_and_values() -> None:
    item = ImageGenerationCall(id="a", status="queued", extra={"z": [1, 2.5], "a": {"n": None}})
    assert list(item.extra) == ["z", "a"]
    assert item.extra == {"z": [1, 2.5], "a": {"n": None}}
    assert list(item.to_dict()) == ["type", "id", "status", "z", "a"]


def test_extra_cannot_shadow_known_members() -> None:
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall(id="a", status="failed", extra={"status": "x"})
    assert caught.value.path == "$.status"


def test_constructor_checks_like_the_default_mode() -> None:
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall(id=5, status="failed")  # type: ignore[arg-type]
    assert str(caught.value) == "$.id: expected a string, got number 5"
    with pytest.raises(ValidationError, match=r"^\$\.status: expected a string, got null$"):
        ImageGenerationCall(id="a", status=None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match=r"^\$\.result: expected a string or null"):
        ImageGenerationCall(id="a", status="failed", result=b"x")  # type: ignore[arg-type]


def test_items_are_immutable() -> None:
    item = ImageGenerationCall(id="a", status="failed")
    with pytest.raises(AttributeError, match="immutable"):
        item.id = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        item._id = "b"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del item._id
    assert item.id == "a"


def test_value_equality_and_hashing() -> None:
    a = ImageGenerationCall(id="a", status=Status.COMPLETED, result="aGk=", extra={"p": 1})
    b = ImageGenerationCall.from_json(a.to_json())
    c = ImageGenerationCall.from_bytes(a.to_bytes())
    assert a == b == c and hash(a) == hash(b) == hash(c)
    assert a != ImageGenerationCall(
        id="a", status=Status.COMPLETED, result="aGk=", extra={"p": 1.0}
    )
    assert a != ImageGenerationCall(id="a", status=Status.COMPLETED, result="aGk=")
    assert a != "a"
    assert len({a, b, c}) == 1


def test_repr_stays_short_for_a_big_image() -> None:
    big = base64.b64encode(bytes(2_000_000)).decode()
    item = ImageGenerationCall(id="ig_1", status="completed", result=big)
    text = repr(item)
    assert len(text) < 200
    assert text.startswith("ImageGenerationCall(id='ig_1', status=Status.COMPLETED, result='AAAA")
    assert f"({len(big)} chars)" in text
    from_bytes = ImageGenerationCall.from_bytes(item.to_bytes())
    assert repr(from_bytes) == text


@pytest.mark.parametrize("size", [1, 29, 30, 31, 32, 33, 34, 100, 10_000])
def test_repr_of_an_image_shows_its_base64_text(size: int) -> None:
    image = bytes(i % 251 for i in range(size))
    full = base64.b64encode(image).decode()
    item = ImageGenerationCall(id="a", status="failed", image_bytes=image)
    shown = repr(full) if len(full) <= 40 else f"{full[:40]!r}... ({len(full)} chars)"
    assert repr(item) == f"ImageGenerationCall(id='a', status=Status.FAILED, result={shown})"


def test_repr_of_small_items() -> None:
    item = ImageGenerationCall(id="a", status="queued", result=None, extra={"p": 1})
    assert repr(item) == "ImageGenerationCall(id='a', status='queued', result=None, extra={'p': 1})"


def test_pickle_and_copy_keep_the_value() -> None:
    item = ImageGenerationCall(id="a", status="queued", result="QQ==", extra={"p": [1]})
    assert pickle.loads(pickle.dumps(item)) == item
    assert copy.copy(item) == item
    assert copy.deepcopy(item) == item


def test_to_proto_returns_the_generated_message() -> None:
    item = ImageGenerationCall(id="a", status="queued", result="QQ==", extra={"p": "x"})
    message = item.to_proto()
    assert isinstance(message, pb.ImageGenerationCall)
    assert message.id == "a"
    assert message.result_image == b"A"
    assert message.status == pb.IMAGE_GENERATION_STATUS_UNSPECIFIED
    assert message.status_text == "queued"
    assert [(m.name, m.json_value) for m in message.extra_members] == [("p", '"x"')]
    message.id = "changed"  # the caller's own copy
    assert item.id == "a"
    assert ImageGenerationCall.from_proto(item.to_proto()) == item


def test_from_dict_copies_plain_data() -> None:
    extra = {"p": [1, 2]}
    item = ImageGenerationCall.from_dict(
        {"type": "image_generation_call", "id": "a", "status": "failed", **extra}
    )
    extra["p"].append(3)
    assert item.extra == {"p": [1, 2]}


def test_from_dict_takes_str_and_int_subclasses_as_plain_values() -> None:
    class Name(str):
        pass

    item = ImageGenerationCall.from_dict(
        {"type": "image_generation_call", "id": Name("a"), "status": Status.FAILED, "n": True}
    )
    assert type(item.id) is str
    assert item.status is Status.FAILED
    assert item.extra == {"n": True}


def test_to_dict_and_extra_hold_plain_json_types() -> None:
    item = ImageGenerationCall.from_json(
        '{"type":"image_generation_call","id":"a","status":"x","p":{"q":{"r":[{}]}}}'
    )
    for value in (item.to_dict()["p"], item.extra["p"], item.extra["p"]["q"]["r"][0]):
        assert type(value) is dict


# -- made from image bytes, read-only extras, pretty JSON, equality -----------------


def test_an_item_from_image_bytes_is_the_item_of_their_base64() -> None:
    for image in (b"hi", bytearray(b"hi"), memoryview(b"hi")):
        item = ImageGenerationCall(id="a", status="completed", image_bytes=image)
        assert item == ImageGenerationCall(id="a", status="completed", result="aGk=")
        assert item.image_bytes == b"hi"
    assert ImageGenerationCall(id="a", status="failed", image_bytes=b"").result == ""


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        (
            {"result": b"hi"},
            "expected a string or null, got a Python bytes, which is not a JSON value; "
            "pass image bytes as image_bytes=, which base64-encodes them",
        ),
        ({"result": "aGk=", "image_bytes": b"hi"}, "expected result or image_bytes, got both"),
        ({"image_bytes": "aGk="}, "expected image_bytes to be bytes, got str"),
    ],
)
def test_image_bytes_mistakes_are_named(keywords: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall(id="a", status="failed", **keywords)
    assert (caught.value.path, caught.value.message) == ("$.result", message)


def test_extra_is_a_read_only_mapping_made_afresh() -> None:
    item = ImageGenerationCall(id="a", status="failed", extra={"p": [1]})
    with pytest.raises(TypeError):
        item.extra["p"] = 2  # type: ignore[index]
    item.extra["p"].append(2)  # a fresh copy each time: the item is unchanged
    assert item.extra == {"p": [1]}
    assert item.to_dict()["p"] == [1]


def test_to_json_with_indent_is_the_same_value_pretty_printed() -> None:
    item = ImageGenerationCall(id="é", status="queued", result=None, extra={"p": {"q": [1.5]}})
    pretty = item.to_json(indent=2)
    assert pretty.splitlines()[:2] == ["{", '  "type": "image_generation_call",']
    assert '"id": "é"' in pretty
    assert json.loads(pretty) == json.loads(item.to_json())


def test_unknown_members_in_another_order_are_another_item() -> None:
    """Order is kept, and written by to_json and to_bytes; to_dict() compares without it."""
    one = ImageGenerationCall(id="a", status="failed", extra={"p": 1, "q": 2})
    other = ImageGenerationCall(id="a", status="failed", extra={"q": 2, "p": 1})
    assert one != other and one.to_bytes() != other.to_bytes()
    assert one.to_dict() == other.to_dict()
    same = ImageGenerationCall.from_json(one.to_json())
    assert same == one and hash(same) == hash(one) and same.to_bytes() == one.to_bytes()


def test_repr_names_an_absent_result() -> None:
    item = ImageGenerationCall(id="a", status="failed")
    assert repr(item) == "ImageGenerationCall(id='a', status=Status.FAILED, result=ABSENT)"
    assert not item.result


# -- odd buffers and bounds ---------------------------------------------------------

PLAIN = b'{"type":"image_generation_call","id":"a","result":"aGk=","status":"failed"}'


def _odd_views(data: bytes) -> dict[str, memoryview]:
    padded = data + b" " * (-len(data) % 4)
    doubled = bytearray(2 * len(data))
    doubled[::2] = data
    return {
        "strided": memoryview(bytes(doubled))[::2],
        "two-dimensional": memoryview(padded).cast("B", (len(padded) // 4, 4)),
        "items of 4 bytes": memoryview(padded).cast("I"),
    }


@pytest.mark.parametrize("name", ["strided", "two-dimensional", "items of 4 bytes"])
def test_any_memoryview_is_read_as_its_bytes(name: str) -> None:
    view = _odd_views(PLAIN)[name]
    expected = ImageGenerationCall.from_json(view.tobytes())
    assert ImageGenerationCall.from_json(view) == expected
    data = expected.to_bytes()
    binary_view = _odd_views(data)[name]
    if binary_view.tobytes() == data:  # no padding needed: the same message
        assert ImageGenerationCall.from_bytes(binary_view) == expected
    else:
        with pytest.raises(DecodeError):
            ImageGenerationCall.from_bytes(binary_view)


@pytest.mark.parametrize("max_size", [-1, "100", 1.5, True])
def test_a_wrong_max_size_is_named(max_size: Any) -> None:
    message = f"expected max_size to be None or an int >= 0, got {max_size!r}"
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall.from_json(PLAIN, max_size=max_size)
    assert (caught.value.path, caught.value.message) == ("max_size", message)
    with pytest.raises(DecodeError) as decode_error:
        ImageGenerationCall.from_bytes(b"", max_size=max_size)
    assert (decode_error.value.path, decode_error.value.message) == ("max_size", message)


def test_the_signature_shows_the_constructors_keywords_not_the_fields() -> None:
    import inspect

    shown = inspect.signature(ImageGenerationCall)
    assert list(shown.parameters) == ["id", "status", "result", "image_bytes", "extra", "strict"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in shown.parameters.values())


def test_strict_catches_a_status_typo_as_from_json_strict_does() -> None:
    assert ImageGenerationCall(id="a", status="completd").status == "completd"  # kept, as JSON
    for status in ["completd", "COMPLETED", ""]:
        document = {"type": "image_generation_call", "id": "a", "result": None, "status": status}
        with pytest.raises(ValidationError) as from_keywords:
            ImageGenerationCall(id="a", status=status, result=None, strict=True)
        with pytest.raises(ValidationError) as from_json:
            ImageGenerationCall.from_json(json.dumps(document), strict=True)
        assert str(from_keywords.value) == str(from_json.value)
        assert from_keywords.value.path == "$.status"
    made = ImageGenerationCall(id="a", status=Status.FAILED, result=None, strict=True)
    assert made == ImageGenerationCall(id="a", status="failed", result=None)
    with pytest.raises(ValidationError, match=r"^\$\.result: .*strict mode requires"):
        ImageGenerationCall(id="a", status="failed", strict=True)
    with pytest.raises(ValidationError, match=r"^strict: expected strict to be True or False"):
        ImageGenerationCall(id="a", status="failed", strict="yes")  # type: ignore[arg-type]


def test_a_positional_call_says_keywords_only() -> None:
    with pytest.raises(TypeError, match=r"^ImageGenerationCall\(\) takes keyword arguments only"):
        ImageGenerationCall("a", "completed")  # type: ignore[misc]
    with pytest.raises(TypeError, match=r"^ImageGenerationCall\(\) missing 1 required"):
        ImageGenerationCall(id="a")  # type: ignore[call-arg]


def test_replace_is_checked_as_the_constructor_and_keeps_newer_fields() -> None:
    import copy

    item = ImageGenerationCall(id="a", status="completed", image_bytes=b"hi", extra={"q": 1})
    assert item.__replace__(id="b") == ImageGenerationCall(
        id="b", status="completed", image_bytes=b"hi", extra={"q": 1}
    )
    assert item.__replace__(image_bytes=b"yo").image_bytes == b"yo"
    assert item.__replace__(result=None, extra=None) == ImageGenerationCall(
        id="a", status="completed", result=None
    )
    with pytest.raises(ValidationError, match=r"^\$\.id: expected a string, got number 5"):
        item.__replace__(id=5)
    with pytest.raises(TypeError, match="unexpected keyword argument '_extras'"):
        item.__replace__(_extras=(("q", "{bad"),))
    newer = ImageGenerationCall.from_bytes(item.to_bytes() + b"\xa0\x06\x01")  # field 100
    changed = newer.__replace__(status="failed")
    assert changed.has_unknown_fields and b"\xa0\x06\x01" in changed.to_bytes()
    assert ImageGenerationCall.from_bytes(changed.to_bytes()) == changed
    if hasattr(copy, "replace"):  # Python 3.13: copy.replace calls __replace__
        assert copy.replace(item, id="b") == item.__replace__(id="b")


def test_a_positional_pattern_reads_the_public_fields() -> None:
    item = ImageGenerationCall(id="a", status="completed", result=None)
    match item:
        case ImageGenerationCall(item_id, status, result):
            assert (item_id, status, result) == ("a", Status.COMPLETED, None)
        case _:
            pytest.fail("the pattern did not match")


def test_msgspec_cannot_change_an_item_nor_write_its_stored_form() -> None:
    import msgspec

    item = ImageGenerationCall(id="a", status="completed", image_bytes=b"hi", extra={"q": 1})
    newer = ImageGenerationCall.from_bytes(item.to_bytes() + b"\xa0\x06\x01")  # field 100
    for public in ["id", "status", "result", "image_bytes", "extra"]:
        with pytest.raises(TypeError, match=f"^`ImageGenerationCall` has no field '{public}'$"):
            msgspec.structs.replace(item, **{public: "x"})
    told = (
        r"ImageGenerationCall's stored fields \(encode item\.to_dict\(\) instead\) is unsupported"
    )
    for value in [item, newer, [item]]:
        for encode in [msgspec.json.encode, msgspec.msgpack.encode, msgspec.to_builtins]:
            with pytest.raises(TypeError, match=told):
                encode(value)
    assert json.loads(msgspec.json.encode(item.to_dict())) == json.loads(item.to_json())


def test_newer_fields_compare_by_their_bytes_and_show_them() -> None:
    from imagegen_wire._fields import NO_UNKNOWN_FIELDS, UnknownFields

    kept = UnknownFields(b"\xa0\x06\x01", ())
    assert kept == UnknownFields(b"\xa0\x06\x01", ()) != NO_UNKNOWN_FIELDS
    assert kept != (b"\xa0\x06\x01", ())  # not a tuple, whatever it holds
    assert repr(kept) == r"UnknownFields(b'\xa0\x06\x01', ())"
