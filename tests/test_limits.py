"""Limits and hostile JSON: each refused with a clear error naming the bound.

Never a ``RecursionError``, ``MemoryError`` or a silent change. Two parsers
can see a document: msgspec in the default mode, the standard library's exact
parser in strict mode or when msgspec declines; both are tried, in both modes.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import DecodeError, ImageGenerationCall, ValidationError, _jsonmap, _limits
from imagegen_wire._limits import MAX_DEPTH, MAX_INT_DIGITS, MAX_NAME_LENGTH

HEAD = '{"type":"image_generation_call","id":"a","status":"completed"'


def doc(**members: str) -> str:
    """An item with extra members given as raw JSON text."""
    return HEAD + "".join(f',"{name}":{text}' for name, text in members.items()) + "}"


def refused(document: str | bytes, *, strict: bool = False, **kwargs: Any) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall.from_json(document, strict=strict, **kwargs)
    return caught.value


def nested(depth: int, *, leaf: str = "1", kind: str = "array") -> str:
    if kind == "array":
        return "[" * depth + leaf + "]" * depth
    return '{"k":' * depth + leaf + "}" * depth


# -- nesting ---------------------------------------------------------------


def deepest_accepted(leaf: str, kind: str) -> int:
    accepted = [
        depth
        for depth in range(MAX_DEPTH - 3, MAX_DEPTH + 3)
        if _accepts(doc(x=nested(depth, leaf=leaf, kind=kind)))
    ]
    return max(accepted)


def _accepts(document: str) -> bool:
    try:
        ImageGenerationCall.from_json(document)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("kind", ["array", "object"])
def test_both_parser_paths_draw_the_depth_line_at_the_same_place(kind: str) -> None:
    assert deepest_accepted("1", kind) == MAX_DEPTH - 1  # the member itself is depth 1
    # msgspec reads the default mode, the exact parser strict mode (extras refused there).
    inside = doc(x=nested(MAX_DEPTH - 1, kind=kind))
    assert _jsonmap.read_json(inside, strict=False) == _jsonmap.read_exact(inside, strict=False)
    past = doc(x=nested(MAX_DEPTH, kind=kind))
    for read in (_jsonmap.read_json, _jsonmap.read_exact):
        with pytest.raises(ValidationError, match="nested at most 500 deep"):
            read(past, strict=False)


@pytest.mark.parametrize("depth", [MAX_DEPTH, 600, 1100, 100_000, 1_000_000])
@pytest.mark.parametrize("leaf", ["1", "1.5"])
@pytest.mark.parametrize("kind", ["array", "object"])
@pytest.mark.parametrize("strict", [False, True])
def test_deep_nesting_is_a_bound_not_a_recursion_error(
    depth: int, leaf: str, kind: str, strict: bool
) -> None:
    # Strict mode too: values are checked as they are parsed, before members are.
    err = refused(doc(x=nested(depth, leaf=leaf, kind=kind)), strict=strict)
    assert err.message == f"expected JSON nested at most {MAX_DEPTH} deep, got deeper nesting"
    assert err.path.startswith("$")


def test_deep_nesting_error_points_into_the_member() -> None:
    err = refused(doc(x=nested(600, leaf="1.5")))
    assert err.path == "$.x" + "[0]" * (MAX_DEPTH - 1)


def test_deep_nesting_inside_a_binary_extra_member_is_a_decode_error() -> None:
    message = pb.ImageGenerationCall(id="a", status=2)
    message.extra_members.add(name="x", json_value=nested(100_000))
    with pytest.raises(DecodeError) as caught:
        ImageGenerationCall.from_bytes(message.SerializeToString())
    assert caught.value.path == "extra_members[0].json_value"
    assert f"nested at most {MAX_DEPTH} deep" in caught.value.message


# -- member names ----------------------------------------------------------


@pytest.mark.parametrize("float_inside", [False, True])
def test_member_names_up_to_the_bound_are_kept(float_inside: bool) -> None:
    name = "n" * MAX_NAME_LENGTH
    value = f'{{"{name}":1.5}}' if float_inside else f'{{"{name}":1}}'
    item = ImageGenerationCall.from_json(HEAD + f',"{name}":{value}}}')
    assert list(item.extra) == [name]
    assert list(item.extra[name]) == [name]
    assert ImageGenerationCall.from_bytes(item.to_bytes()) == item


@pytest.mark.parametrize("float_inside", [False, True])
@pytest.mark.parametrize("length", [MAX_NAME_LENGTH + 1, 10_000_000])
@pytest.mark.parametrize("strict", [False, True])
def test_a_top_level_name_past_the_bound_is_refused_at_the_object(
    float_inside: bool, length: int, strict: bool
) -> None:
    value = "1.5" if float_inside else "1"
    err = refused(HEAD + f',"{"n" * length}":{value}}}', strict=strict)
    assert err.path == "$"
    assert err.message.startswith(
        f"expected member names of at most {MAX_NAME_LENGTH} characters, got one of {length} "
    )
    assert len(str(err)) < 200  # the name is not repeated whole


@pytest.mark.parametrize("float_inside", [False, True])
def test_a_nested_name_past_the_bound_is_refused_at_its_object(float_inside: bool) -> None:
    value = "1.5" if float_inside else "1"
    err = refused(doc(x=f'[{{"{"n" * (MAX_NAME_LENGTH + 1)}":{value}}}]'))
    assert err.path == "$.x[0]"
    assert f"at most {MAX_NAME_LENGTH} characters" in err.message


def test_long_names_from_python_and_from_bytes_are_refused_too() -> None:
    name = "n" * (MAX_NAME_LENGTH + 1)
    with pytest.raises(ValidationError, match="at most 4096 characters"):
        ImageGenerationCall(id="a", status="failed", extra={name: 1})
    with pytest.raises(ValidationError, match="at most 4096 characters"):
        ImageGenerationCall.from_dict({"type": "image_generation_call", "id": "a",
                                       "status": "failed", "x": {name: 1}})  # fmt: skip
    message = pb.ImageGenerationCall(id="a", status=2)
    message.extra_members.add(name=name, json_value="1")
    with pytest.raises(DecodeError) as caught:
        ImageGenerationCall.from_bytes(message.SerializeToString())
    assert caught.value.path == "extra_members[0].name"


def test_deep_nesting_of_long_names_costs_no_quadratic_memory() -> None:
    # 499 levels of 4,096-character names: a 2 MB document. Paths spelled out
    # at every level would hold 499 * 500 / 2 * 4 KB, about 500 MB, at once.
    name = "n" * MAX_NAME_LENGTH
    depth = MAX_DEPTH - 1
    value = f'{{"{name}":' * depth + "1.5" + "}" * depth  # a float: the exact path
    document = doc(x=value)
    tracemalloc.start()
    try:
        ImageGenerationCall.from_json(document)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(document)


# -- numbers ---------------------------------------------------------------


@pytest.mark.parametrize("sign", ["", "-"])
def test_integers_up_to_the_digit_bound_are_exact(sign: str) -> None:
    text = sign + "9" * MAX_INT_DIGITS
    item = ImageGenerationCall.from_json(doc(x=text))
    assert item.extra["x"] == int(text)


@pytest.mark.parametrize("sign", ["", "-"])
@pytest.mark.parametrize("digits", [MAX_INT_DIGITS + 1, 1_000_000])
def test_integers_past_the_digit_bound_are_refused(sign: str, digits: int) -> None:
    err = refused(doc(x="[" + sign + "9" * digits + "]"))
    assert err.path == "$.x[0]"
    assert err.message == (
        f"expected an integer of at most {MAX_INT_DIGITS} digits, got one of {digits}"
    )


@pytest.mark.parametrize(
    "text",
    ["1e400", "-1e400", "1E+309", "9" * 400 + ".0", "1e" + "9" * 5000, "-" + "9" * 10_000 + "e9"],
)
@pytest.mark.parametrize("strict", [False, True])
def test_numbers_past_a_double_are_refused(text: str, strict: bool) -> None:
    err = refused(HEAD + f',"result":{text}}}' if strict else doc(x=text), strict=strict)
    if not strict:
        assert err.path == "$.x"
        assert err.message.startswith("expected a number within a double's range, got ")


def test_very_long_fractions_and_tiny_exponents_read_as_doubles() -> None:
    item = ImageGenerationCall.from_json(doc(x="0." + "1" * 1_000_000, y="1e-400"))
    assert item.extra == {"x": 0.1111111111111111, "y": 0.0}


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("where", ["x", "x_nested", "id"])
def test_nan_and_infinity_are_not_json(literal: str, strict: bool, where: str) -> None:
    if where == "id":
        document = (
            f'{{"type":"image_generation_call","id":{literal},"status":"failed","result":null}}'
        )
        path = "$.id"
    elif where == "x_nested":
        document, path = doc(x=f'{{"a":[{literal}]}}'), "$.x.a[0]"
    else:
        document, path = doc(x=literal), "$.x"
    err = refused(document, strict=strict)
    message = f"expected a JSON value, got {literal}, which JSON does not have"
    assert (err.path, err.message) == (path, message)


# -- text: surrogates, UTF-8, byte order mark ------------------------------


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "a\\udc00b", "\\ud83d"])
@pytest.mark.parametrize("member", ["id", "result", "status", "x", "name"])
@pytest.mark.parametrize("strict", [False, True])
def test_lone_surrogates_are_refused_wherever_they_stand(
    escape: str, member: str, strict: bool
) -> None:
    values = {"id": '"a"', "result": "null", "status": '"failed"'}
    if member == "name":
        document = HEAD + f',"{escape}":1}}'
    elif member == "x":
        document = doc(x=f'["{escape}"]')
    else:
        values[member] = f'"{escape}"'
        document = (
            '{"type":"image_generation_call",'
            + ",".join(f'"{name}":{text}' for name, text in values.items())
            + "}"
        )
    err = refused(document, strict=strict)
    if member in ("id", "result", "status"):
        assert err.path == f"$.{member}"
        assert "lone surrogate U+D" in err.message
    elif not strict:
        assert "lone surrogate U+D" in err.message


def test_a_raw_lone_surrogate_in_str_input_is_refused() -> None:
    err = refused('{"type":"image_generation_call","id":"\ud800","status":"failed"}')
    assert err.path == "$.id"
    assert err.message.startswith(
        "expected a string of Unicode scalar values, got lone surrogate U+D800"
    )


def test_a_surrogate_pair_is_one_character_and_kept() -> None:
    item = ImageGenerationCall.from_json(doc(x='"\\ud83d\\uddbc"'))
    assert item.extra["x"] == "\U0001f5bc"


@pytest.mark.parametrize(
    ("bad", "offset_byte"),
    [
        (b"\xff", "0xff"),
        (b"\xc0\x80", "0xc0"),  # overlong NUL
        (b"\xed\xa0\x80", "0xed"),  # a surrogate encoded (CESU-8)
        (b"\xf4\x90\x80\x80", "0xf4"),  # past U+10FFFF
        (b"\xe6\x97", "0xe6"),  # cut inside a character
        (b"\x80", "0x80"),  # a lone continuation byte
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_invalid_utf8_is_refused_naming_the_byte(
    bad: bytes, offset_byte: str, strict: bool
) -> None:
    prefix = b'{"type":"image_generation_call","id":"'
    err = refused(prefix + bad + b'","status":"failed","result":null}', strict=strict)
    assert err.path == "$"
    assert (
        err.message
        == f"expected UTF-8 text, got invalid byte {offset_byte} at offset {len(prefix)}"
    )


@pytest.mark.parametrize("as_bytes", [False, True])
@pytest.mark.parametrize("strict", [False, True])
def test_a_byte_order_mark_is_refused_with_advice(as_bytes: bool, strict: bool) -> None:
    text = "\ufeff" + '{"type":"image_generation_call","id":"a","status":"failed","result":null}'
    err = refused(text.encode("utf-8") if as_bytes else text, strict=strict)
    assert err.path == "$"
    assert err.message == (
        "expected JSON text, got a byte order mark (U+FEFF); RFC 8259 forbids it, remove it"
    )


def test_u_feff_inside_a_string_is_an_ordinary_character() -> None:
    item = ImageGenerationCall.from_json(doc(x='"\ufeff"', y='"\\ufeff"'))
    assert item.extra == {"x": "\ufeff", "y": "\ufeff"}


# -- input size ------------------------------------------------------------

SMALL = '{"type":"image_generation_call","id":"a","status":"failed","result":null}'


def test_the_default_size_bound_fits_a_100_mb_image() -> None:
    assert _limits.DEFAULT_MAX_SIZE == 256 * 1024 * 1024
    assert _limits.DEFAULT_MAX_SIZE > 100_000_000 * 4 // 3 + 1000


@pytest.mark.parametrize(
    "data",
    [SMALL, SMALL.encode(), bytearray(SMALL.encode()), memoryview(SMALL.encode())],
    ids=["str", "bytes", "bytearray", "memoryview"],
)
def test_from_json_takes_exactly_max_size(data: Any) -> None:
    size = len(SMALL)
    assert ImageGenerationCall.from_json(data, max_size=size).id == "a"
    err = refused(data, max_size=size - 1)
    unit = "characters" if isinstance(data, str) else "bytes"
    assert err.path == "$"
    assert err.message == (
        f"expected JSON text of at most {size - 1} {unit} (max_size), got {size}; "
        "pass a larger max_size to accept it"
    )
    assert ImageGenerationCall.from_json(data, max_size=None).id == "a"


def test_a_memoryview_is_measured_in_bytes_not_elements() -> None:
    data = memoryview(SMALL.encode() + b" " * (-len(SMALL) % 4)).cast("I")
    with pytest.raises(ValidationError, match=r"at most 10 bytes \(max_size\), got 7[0-9]"):
        ImageGenerationCall.from_json(data, max_size=10)


def test_from_bytes_takes_exactly_max_size() -> None:
    data = ImageGenerationCall.from_json(SMALL).to_bytes()
    assert ImageGenerationCall.from_bytes(data, max_size=len(data)).id == "a"
    with pytest.raises(DecodeError) as caught:
        ImageGenerationCall.from_bytes(data, max_size=len(data) - 1)
    assert caught.value.path == "$"
    assert caught.value.message == (
        f"expected a message of at most {len(data) - 1} bytes (max_size), got {len(data)}; "
        "pass a larger max_size to accept it"
    )
    assert ImageGenerationCall.from_bytes(data, max_size=None).id == "a"


def test_size_is_checked_before_anything_is_parsed_or_copied() -> None:
    junk = b"[" * 20_000_000  # not JSON, not protobuf, and 20 MB
    junk_text = junk.decode()
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="max_size"):
            ImageGenerationCall.from_json(junk, max_size=1000)
        with pytest.raises(ValidationError, match="max_size"):
            ImageGenerationCall.from_json(junk_text, max_size=1000)
        with pytest.raises(DecodeError, match="max_size"):
            ImageGenerationCall.from_bytes(junk, max_size=1000)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000  # beyond the caller's own 20 MB, nothing but the messages


# -- messages stay short whatever came --------------------------------------

HUGE = "q" * 1_000_000


@pytest.mark.parametrize(
    ("document", "path"),
    [
        (
            f'{{"type":"image_generation_call","id":"a","result":null,"status":"{HUGE}"}}',
            "$.status",
        ),
        (f'{{"type":"{HUGE}","id":"a","result":null,"status":"failed"}}', "$.type"),
        (f'{{"type":"image_generation_call","id":5,"result":null,"status":"{HUGE}"}}', "$.id"),
        (HEAD + f',"result":null,"{HUGE[:4000]}":1,"{HUGE[:4000]}":2}}', None),
    ],
    ids=["status", "type", "id", "repeated-name"],
)
def test_strict_errors_do_not_repeat_a_huge_input(document: str, path: str | None) -> None:
    err = refused(document, strict=True)
    if path is not None:
        assert err.path == path
    assert len(err.message) < 200


def test_decode_errors_do_not_repeat_a_huge_status_text() -> None:
    data = pb.ImageGenerationCall(id="a", status=2, status_text=HUGE).SerializeToString()
    with pytest.raises(DecodeError) as caught:
        ImageGenerationCall.from_bytes(data)
    assert caught.value.path == "status_text"
    assert len(caught.value.message) < 200


def test_a_stream_cap_is_the_bound_for_its_records(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A frame or line cap raised past DEFAULT_MAX_SIZE must not be overruled by
    # the item's own default: the stream readers and the CLI, having bounded a
    # record already, hand it on with max_size=None.
    import io

    from imagegen_wire import read_delimited, read_ndjson, write_delimited, write_ndjson
    from imagegen_wire._cli import main

    seen: list[object] = []
    real_json, real_bytes = ImageGenerationCall.from_json, ImageGenerationCall.from_bytes

    def spy_json(data: Any, **options: Any) -> ImageGenerationCall:
        seen.append(options.get("max_size", "default"))
        return real_json(data, **options)

    def spy_bytes(data: Any, **options: Any) -> ImageGenerationCall:
        seen.append(options.get("max_size", "default"))
        return real_bytes(data, **options)

    monkeypatch.setattr(ImageGenerationCall, "from_json", staticmethod(spy_json))
    monkeypatch.setattr(ImageGenerationCall, "from_bytes", staticmethod(spy_bytes))
    item = ImageGenerationCall(id="a", status="failed")
    frames, lines = io.BytesIO(), io.BytesIO()
    write_delimited(frames, [item])
    write_ndjson(lines, [item])
    assert list(read_delimited(io.BytesIO(frames.getvalue()))) == [item]
    assert list(read_ndjson(io.BytesIO(lines.getvalue()))) == [item]
    assert seen == [None, None]

    seen.clear()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(item.to_json().encode())))
    out = str(tmp_path / "out")
    assert main(["encode", "--max-record-size", "300000000", "-o", out]) == 0
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(item.to_bytes())))
    assert main(["decode", "--max-record-size", "300000000", "-o", out]) == 0
    assert seen[0] is None and seen[1] is None


@given(
    st.binary(max_size=120) | st.text(max_size=120), st.integers(0, 130) | st.none(), st.booleans()
)
def test_any_input_under_any_max_size_ends_in_a_value_or_an_error(
    data: str | bytes, max_size: int | None, strict: bool
) -> None:
    if isinstance(data, bytes):
        over = max_size is not None and len(data) > max_size
        assert refused_for_size(ImageGenerationCall.from_bytes, data, max_size=max_size) == over
    over = max_size is not None and len(data) > max_size
    refused = refused_for_size(
        ImageGenerationCall.from_json, data, max_size=max_size, strict=strict
    )
    assert refused == over


def refused_for_size(read: Any, data: str | bytes, **options: Any) -> bool:
    """Whether ``read`` refused ``data`` for its size; any other error is fine, anything else fails."""
    message = ""
    try:
        read(data, **options)
    except (ValidationError, DecodeError) as err:
        message = err.message
    return "(max_size)" in message


def test_a_number_the_contract_refuses_is_refused_as_such_where_a_string_belongs() -> None:
    err = refused('{"type":"image_generation_call","id":1e400,"status":"failed"}')
    assert (err.path, err.message) == (
        "$.id",
        "expected a number within a double's range, got 1e400, which overflows it",
    )
