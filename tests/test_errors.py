"""Every rejection of CONTRACT section 1: the error's type, path and whole message."""

from __future__ import annotations

from typing import Any

import pytest
from golden_rows import INVALID_ROWS as ROWS
from golden_rows import document, modes

from imagegen_wire import DecodeError, ImageGenerationCall, ValidationError


@pytest.mark.parametrize("row", ROWS, ids=[row["name"] for row in ROWS])
def test_rejected_with_path_and_message(row: dict[str, Any]) -> None:
    for strict in modes(row):
        with pytest.raises(ValidationError) as caught:
            ImageGenerationCall.from_json(document(row), strict=strict)
        err = caught.value
        assert err.path == row["path"]
        assert err.message == row["message"]
        assert str(err) == f"{row['path']}: {row['message']}"
        assert err.record is None


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["mode"] == "default"], ids=lambda r: r["name"]
)
def test_default_mode_rejections_hold_in_strict_mode_too(row: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        ImageGenerationCall.from_json(document(row), strict=True)


def test_strict_only_rows_pass_in_default_mode() -> None:
    for row in ROWS:
        if row["mode"] == "strict":
            ImageGenerationCall.from_json(document(row))


def test_contract_example_message() -> None:
    doc = '{"type":"image_generation_call","id":"a","result":null,"status":"queued"}'
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall.from_json(doc, strict=True)
    assert str(caught.value) == (
        "$.status: expected one of 'in_progress', 'completed', 'generating', 'failed', got 'queued'"
    )
    assert caught.value.path == "$.status"


def test_str_and_bytes_inputs_give_the_same_errors() -> None:
    for row in ROWS:
        doc = document(row)
        if isinstance(doc, bytes):
            continue
        for strict in modes(row):
            with pytest.raises(ValidationError) as from_str:
                ImageGenerationCall.from_json(doc, strict=strict)
            try:
                data = doc.encode("utf-8")
            except UnicodeEncodeError:
                continue
            with pytest.raises(ValidationError) as from_bytes:
                ImageGenerationCall.from_json(data, strict=strict)
            assert str(from_str.value) == str(from_bytes.value)


@pytest.mark.parametrize(
    ("call", "error", "path"),
    [
        (lambda: ImageGenerationCall.from_json(5), ValidationError, "$"),  # type: ignore[arg-type]
        (lambda: ImageGenerationCall.from_json(None), ValidationError, "$"),  # type: ignore[arg-type]
        (lambda: ImageGenerationCall.from_dict([]), ValidationError, "$"),  # type: ignore[arg-type]
        (lambda: ImageGenerationCall.from_dict({1: 2}), ValidationError, "$"),  # type: ignore[dict-item]
        (lambda: ImageGenerationCall.from_bytes("text"), DecodeError, "$"),  # type: ignore[arg-type]
        (lambda: ImageGenerationCall.from_proto(b""), DecodeError, "$"),  # type: ignore[arg-type]
    ],
)
def test_wrong_python_types_raise_library_errors(
    call: Any, error: type[Exception], path: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert caught.value.path == path  # type: ignore[attr-defined]


BASE = {"type": "image_generation_call", "id": "a", "status": "completed"}


@pytest.mark.parametrize(
    ("extra", "path", "fragment"),
    [
        ({"p": float("nan")}, "$.p", "expected a finite number, got nan"),
        ({"p": [float("inf")]}, "$.p[0]", "expected a finite number, got inf"),
        ({"p": {1: "x"}}, "$.p", "expected member names to be strings, got number 1"),
        ({"p": object()}, "$.p", "got a Python object, which is not a JSON value"),
        ({"p": b"bytes"}, "$.p", "got a Python bytes, which is not a JSON value"),
        ({"p": 10**5000}, "$.p", "expected an integer of at most 4300 digits"),
        ({"p": "\udc00"}, "$.p", "lone surrogate U+DC00"),
        ({"\ud800": 1}, '$["\\ud800"]', "expected a member name of Unicode scalar values"),
        ({"id": 5}, "$.id", "expected a string, got number 5"),
        ({"id": True}, "$.id", "expected a string, got true"),
        ({"result": 1.5}, "$.result", "expected a string or null, got number 1.5"),
    ],
)
def test_from_dict_rejects_what_json_cannot_hold(
    extra: dict[Any, Any], path: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall.from_dict({**BASE, **extra})
    assert caught.value.path == path
    assert fragment in caught.value.message


def test_from_dict_rejects_cycles_with_a_bound_not_a_recursion_error() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    with pytest.raises(ValidationError, match="nested at most 500 deep"):
        ImageGenerationCall.from_dict({**BASE, "p": cycle})


def test_errors_pickle_with_their_path() -> None:
    import pickle

    err = ValidationError("$.id", "expected a string, got null").at_record(3, "line")
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), back.path, back.record, str(back)) == (
        ValidationError, "$.id", 3, "line 3: $.id: expected a string, got null"
    )  # fmt: skip


def test_huge_integers_are_described_without_repr() -> None:
    # Regression: repr() of an int past 4,300 digits raises ValueError itself.
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall.from_dict({"type": 10**5000})
    assert str(caught.value) == (
        "$.type: expected 'image_generation_call', got an integer of more than 4300 digits"
    )
    with pytest.raises(ValidationError, match="got an integer of more than 4300 digits"):
        ImageGenerationCall(id="a", status="x", extra=10**5000)  # type: ignore[arg-type]
