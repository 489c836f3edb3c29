"""What every input must lead to, checked after each call the fuzz targets make.

An input ends either in a value that keeps the contract (CONTRACT.md section 2)
or in one of the library's two errors, well formed. Anything else, an
unexpected exception or a broken law, is raised out of the target, and the
fuzzer reports it as a crash with the input that caused it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

from imagegen_wire import (
    DecodeError,
    ImageGenerationCall,
    ValidationError,
    _fields,
    _jsonmap,
    _jsonvalue,
)

# Truncation checks parse every prefix: keep them to small outputs so the
# fuzzer stays fast; small messages hit every code path anyway.
_TRUNCATION_CHECK_BYTES = 512


def check_error(err: ValueError, kind: type[ValueError]) -> None:
    """An error the library raised is of the expected kind and says where and what."""
    assert type(err) is kind, f"expected {kind.__name__}, got {type(err).__name__}: {err}"
    assert (isinstance(err.path, str) and err.path.startswith("$")) or kind is DecodeError
    assert isinstance(err.message, str) and err.message, "an error must say what went wrong"
    assert err.record is None


def check_item(
    item: ImageGenerationCall, *, strict: bool = False, truncations: bool = True
) -> bytes:
    """The laws of CONTRACT.md section 2 for one item; returns its bytes.

    ``truncations`` also parses every cut of the bytes (the stream target,
    whose items the other targets already cover, skips it to go faster).
    """
    data = item.to_bytes()
    again = ImageGenerationCall.from_bytes(data)
    assert again == item, "from_bytes(x.to_bytes()) != x"
    assert again.to_bytes() == data, "to_bytes is not deterministic"
    text = item.to_json()
    back = ImageGenerationCall.from_json(text, strict=strict)
    assert json.loads(back.to_json()) == json.loads(text)
    if not item.has_unknown_fields:  # JSON has no place for fields of a newer schema
        assert back == item, "from_json(x.to_json()) != x"
        assert back.to_bytes() == data
    if truncations and len(data) <= _TRUNCATION_CHECK_BYTES:
        check_truncations(data)
    return data


def check_truncations(data: bytes) -> None:
    """No proper prefix of a valid message decodes: it must not pass for a shorter item."""
    for end in range(len(data)):
        try:
            ImageGenerationCall.from_bytes(data[:end])
        except DecodeError:
            continue
        msg = f"a cut-short message decoded: {data[:end].hex()} (of {data.hex()})"
        raise AssertionError(msg)


def _fields_of(item: ImageGenerationCall) -> tuple[object, ...]:
    """The item as ``_fields.Fields``: (id, status, result value, extras, no unknown fields)."""
    extras = tuple((name, _jsonvalue.canonical_text(value)) for name, value in item.extra.items())
    return item.id, item.status, _fields.value_of(item.result), extras, _fields.NO_UNKNOWN_FIELDS


def _unique_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise _Repeated
    return dict(pairs)


class _Repeated(Exception):
    pass


@contextlib.contextmanager
def in_place_reader_for_any_size() -> Iterator[None]:
    """Send documents of any size to the in-place reader (``_jsonmap._read_in_place``).

    It normally starts at 64 KiB, beyond the fuzzer's inputs.
    """
    saved = _jsonmap.LARGE_DOCUMENT_BYTES
    _jsonmap.LARGE_DOCUMENT_BYTES = 0
    try:
        yield
    finally:
        _jsonmap.LARGE_DOCUMENT_BYTES = saved


def _outcome(document: str | bytes, strict: bool) -> ImageGenerationCall | ValidationError:
    try:
        return ImageGenerationCall.from_json(document, strict=strict)
    except ValidationError as err:
        return err


def check_json_input(data: bytes) -> None:
    """``from_json`` on fuzzed input: the first byte picks the mode, str or bytes, and whether
    the in-place reader for large documents reads it too (its answer must be the same)."""
    flags, payload = (data[0], data[1:]) if data else (0, b"")
    strict = bool(flags & 1)
    document: str | bytes = payload
    if flags & 2:  # as str: undecodable bytes become lone surrogates, which must be rejected
        document = payload.decode("utf-8", "surrogateescape")
    outcome = _outcome(document, strict)
    if flags & 4:
        with in_place_reader_for_any_size():
            in_place = _outcome(document, strict)
        _assert_same_outcome(in_place, outcome)
    # Whatever shortcut read the document, the full path alone must agree.
    try:
        exact: object = _jsonmap.read_exact(document, strict=strict)
    except ValidationError as err:
        exact = err
    if isinstance(outcome, ValidationError):
        check_error(outcome, ValidationError)
        assert isinstance(exact, ValidationError), (
            f"full path accepted what from_json refused: {outcome}"
        )
        assert (exact.path, exact.message) == (outcome.path, outcome.message)
        return
    item = outcome
    check_item(item, strict=strict)
    assert exact == _fields_of(item), f"full path {exact!r} != {item!r}"
    text = document if isinstance(document, str) else document.decode("utf-8")
    try:
        parsed = json.loads(text, object_pairs_hook=_unique_names)
    except _Repeated:
        return  # law 1 is for I-JSON documents only
    assert json.loads(item.to_json()) == parsed, (
        "json_value(from_json(D).to_json()) != json_value(D)"
    )
    _assert_same_types(json.loads(item.to_json()), parsed)


def _assert_same_outcome(
    got: ImageGenerationCall | ValidationError, expected: ImageGenerationCall | ValidationError
) -> None:
    if isinstance(expected, ValidationError):
        assert isinstance(got, ValidationError), f"in-place reader accepted {got!r}: {expected}"
        assert (got.path, got.message) == (expected.path, expected.message)
        return
    assert isinstance(got, ImageGenerationCall), f"in-place reader refused: {got}"
    assert got == expected
    assert _fields_of(got) == _fields_of(expected)
    assert got.image_bytes == expected.image_bytes
    assert got.to_bytes() == expected.to_bytes()
    assert got.to_json() == expected.to_json()


def _assert_same_types(a: Any, b: Any) -> None:
    """Integers and floats kept apart, at every depth."""
    assert type(a) is type(b), f"{a!r} ({type(a).__name__}) != {b!r} ({type(b).__name__})"
    if isinstance(a, dict):
        for name in a:
            _assert_same_types(a[name], b[name])
    elif isinstance(a, list):
        for x, y in zip(a, b, strict=True):
            _assert_same_types(x, y)


def check_bytes_input(data: bytes) -> None:
    """``from_bytes`` on fuzzed input."""
    try:
        item = ImageGenerationCall.from_bytes(data)
    except DecodeError as err:
        check_error(err, DecodeError)
        return
    check_item(item)
