"""Every entry point from any caller depth, in many threads, with no process-wide state.

Parsers, writers and checks go a frame (or C level) deeper per level of nesting.
The library counts a document's depth itself before any parser recurses, and a
caller deep in its own stack gets the work done on a new thread's stack: never
a ``RecursionError``, and the recursion limit is never touched
(``sys.setrecursionlimit`` is made to fail here while the library runs).
"""

from __future__ import annotations

import inspect
import json
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import DecodeError, ImageGenerationCall, ValidationError
from imagegen_wire._jsonvalue import check_nesting
from imagegen_wire._limits import MAX_DEPTH

HEAD = '{"type":"image_generation_call","id":"a","status":"failed","x":'
# The item is the first level: its member x adds MAX_DEPTH - 1 more, the most the
# bound allows; one more is past it.
DEEPEST = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
PAST = "[" * MAX_DEPTH + "]" * MAX_DEPTH
DEEPEST_DOC = HEAD + DEEPEST + "}"
PAST_DOC = HEAD + PAST + "}"
PAST_PATH = "$.x" + "[0]" * (MAX_DEPTH - 1)
ITEM = ImageGenerationCall.from_json(DEEPEST_DOC)
_set_recursion_limit = sys.setrecursionlimit  # for the one test that lowers it itself


def _message_with(json_value: str) -> bytes:
    message = pb.ImageGenerationCall(id="a", status=pb.IMAGE_GENERATION_STATUS_FAILED)
    message.extra_members.add(name="x", json_value=json_value)
    return message.SerializeToString()


def _values() -> dict[str, tuple[Callable[[], object], object]]:
    """Each entry point on the deepest item: the call, and what it gives from a shallow stack."""
    data, obj, deepest = ITEM.to_bytes(), json.loads(DEEPEST_DOC), json.loads(DEEPEST)
    calls: dict[str, Callable[[], object]] = {
        "from_json str": lambda: ImageGenerationCall.from_json(DEEPEST_DOC),
        "from_json bytes": lambda: ImageGenerationCall.from_json(DEEPEST_DOC.encode()),
        "from_dict": lambda: ImageGenerationCall.from_dict(obj),
        "from_bytes": lambda: ImageGenerationCall.from_bytes(data),
        "constructor": lambda: ImageGenerationCall(id="a", status="failed", extra={"x": deepest}),
        "to_json": ITEM.to_json,
        "to_json indent": lambda: ITEM.to_json(indent=2),
        "to_dict": ITEM.to_dict,
        "extra": lambda: dict(ITEM.extra),
        "repr": lambda: repr(ITEM),
        "to_bytes": ITEM.to_bytes,
    }
    return {name: (call, call()) for name, call in calls.items()}


def _refusals() -> dict[str, tuple[Callable[[], object], type[ValueError], str]]:
    """Each way in with a document one level too deep: the call, its error and its path."""
    past_obj, past = json.loads(PAST_DOC), json.loads(PAST)
    return {
        "from_json str": (
            lambda: ImageGenerationCall.from_json(PAST_DOC),
            ValidationError,
            PAST_PATH,
        ),
        "from_json bytes": (
            lambda: ImageGenerationCall.from_json(PAST_DOC.encode()),
            ValidationError,
            PAST_PATH,
        ),
        "from_json strict": (
            lambda: ImageGenerationCall.from_json(PAST_DOC, strict=True),
            ValidationError,
            PAST_PATH,
        ),
        "from_dict": (lambda: ImageGenerationCall.from_dict(past_obj), ValidationError, PAST_PATH),
        "from_bytes": (
            lambda: ImageGenerationCall.from_bytes(_message_with(PAST)),
            DecodeError,
            "extra_members[0].json_value",
        ),
        "constructor": (
            lambda: ImageGenerationCall(id="a", status="failed", extra={"x": past}),
            ValidationError,
            PAST_PATH,
        ),
    }


VALUES = _values()
REFUSALS = _refusals()


def _at_depth(frames: int, call: Callable[[], Any]) -> Any:
    """``call()`` from ``frames`` frames deeper than here."""
    return call() if frames <= 0 else _at_depth(frames - 1, call)


def _near_the_limit(headroom: int, call: Callable[[], Any]) -> Any:
    """``call()`` with only ``headroom`` frames left below the recursion limit."""
    return _at_depth(sys.getrecursionlimit() - headroom - len(inspect.stack()), call)


def _outcome(call: Callable[[], object]) -> object:
    try:
        return ("value", call())
    except (ValidationError, DecodeError) as error:
        return (type(error), error.path, error.message)


@pytest.fixture
def untouched_limit() -> Iterator[None]:
    """The library never sets the recursion limit (Hypothesis does: not for its tests)."""
    limit = sys.getrecursionlimit()
    with mock.patch("sys.setrecursionlimit", side_effect=AssertionError("process-wide state")):
        yield
    assert sys.getrecursionlimit() == limit


@pytest.mark.usefixtures("untouched_limit")
@pytest.mark.parametrize("headroom", [30, 100, 500, 900])
@pytest.mark.parametrize("name", list(VALUES))
def test_each_entry_point_gives_its_value_from_a_deep_stack(name: str, headroom: int) -> None:
    call, expected = VALUES[name]
    assert _near_the_limit(headroom, call) == expected


@pytest.mark.usefixtures("untouched_limit")
@pytest.mark.parametrize("headroom", [30, 100, 500, 900])
@pytest.mark.parametrize("name", list(REFUSALS))
def test_each_way_in_refuses_one_level_too_deep_from_a_deep_stack(name: str, headroom: int) -> None:
    call, error, path = REFUSALS[name]
    with pytest.raises(error) as caught:
        _near_the_limit(headroom, call)
    assert caught.value.path == path
    assert f"nested at most {MAX_DEPTH} deep" in caught.value.message


@pytest.mark.usefixtures("untouched_limit")
def test_32_threads_from_deep_stacks_get_every_value_and_every_error() -> None:
    """All entry points at once, each thread with a few frames left: as from a shallow stack."""
    expected = {name: ("value", value) for name, (_, value) in VALUES.items()}
    expected.update({f"{name} past": _outcome(call) for name, (call, _, _) in REFUSALS.items()})
    calls = {name: call for name, (call, _) in VALUES.items()}
    calls.update({f"{name} past": call for name, (call, _, _) in REFUSALS.items()})
    start = threading.Barrier(32)
    seen: list[dict[str, object]] = []

    def run(headroom: int) -> None:
        start.wait()
        seen.append(
            {name: _near_the_limit(headroom, lambda c=c: _outcome(c)) for name, c in calls.items()}
        )

    threads = [threading.Thread(target=run, args=(30 + 10 * (n % 8),)) for n in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 32
    for outcome in seen:
        assert outcome == expected


@pytest.mark.usefixtures("untouched_limit")
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 10_000, 1_000_000])
def test_a_document_too_deep_for_any_stack_is_counted_not_parsed(depth: int) -> None:
    """Refused by count, at the path of the first level too deep, before a parser recurses."""
    document = HEAD + "[" * depth + "]" * depth + "}"
    for data in (document, document.encode(), memoryview(document.encode())):
        with pytest.raises(ValidationError) as caught:
            check_nesting(data)
        assert caught.value.path == PAST_PATH
    for strict in (False, True):
        with pytest.raises(ValidationError) as caught:
            _near_the_limit(30, lambda s=strict: ImageGenerationCall.from_json(document, strict=s))
        assert caught.value.path == PAST_PATH


@pytest.mark.parametrize(
    ("document", "path"),
    [
        # Brackets inside strings, escaped quotes and backslashes included, do not nest.
        (HEAD + '["' + "[" * 600 + '\\"{{' + '"]}', None),
        (HEAD + '"' + "\\\\" * 300 + '", "y":' + PAST + "}", "$.y" + "[0]" * (MAX_DEPTH - 1)),
        # Member names and indexes on the way, escaped names read as JSON reads them.
        (
            HEAD + '{"a b":[1,{"c":2},{"d\\u00e9":' + "[" * 497 + "]" * 497 + "}]}}",
            '$.x["a b"][2]["d\\u00e9"]' + "[0]" * 496,
        ),
        (
            HEAD + '{"a":[[' + '{"":' * (MAX_DEPTH - 3) + "0" + "}" * (MAX_DEPTH - 3) + "]]}}",
            "spec",
        ),
        # Text cut inside a string: what follows is string, not nesting.
        (HEAD + '"' + "[" * 600, None),
        # Openers never closed still nest.
        (HEAD + "[" * MAX_DEPTH, PAST_PATH),
    ],
)
def test_the_count_skips_strings_and_names_the_path(document: str, path: str | None) -> None:
    if path == "spec":  # the path check_value gives for the parsed document
        with pytest.raises(ValidationError) as caught:
            ImageGenerationCall.from_dict(json.loads(document))
        path = caught.value.path
    if path is None:
        check_nesting(document)
        check_nesting(document.encode())
        return
    for data in (document, document.encode()):
        with pytest.raises(ValidationError) as caught:
            check_nesting(data)
        assert caught.value.path == path


json_trees = st.recursive(
    st.none() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=20,
)


@given(json_trees, st.integers(MAX_DEPTH - 12, MAX_DEPTH + 2), st.booleans())
def test_the_count_agrees_with_the_checks_of_parsed_values(
    value: Any, depth: int, ascii_only: bool
) -> None:
    """check_nesting refuses a document exactly when check_value refuses its value, at its path."""
    text = json.dumps(value, ensure_ascii=ascii_only)
    document = HEAD + "[" * depth + text + "]" * depth + "}"
    try:
        ImageGenerationCall.from_dict(json.loads(document))
    except ValidationError as error:
        expected: str | None = error.path
    else:
        expected = None
    try:
        check_nesting(document)
    except ValidationError as error:
        counted: str | None = error.path
    else:
        counted = None
    assert counted == expected


@pytest.mark.usefixtures("untouched_limit")
def test_a_recursion_limit_below_the_bound_is_the_librarys_error() -> None:
    """No room even on a new thread: a ValidationError that says what to do, not a RecursionError."""
    limit, obj = sys.getrecursionlimit(), json.loads(DEEPEST_DOC)
    _set_recursion_limit(250)  # the test's own change, undone below; the library makes none
    try:
        assert ImageGenerationCall.from_json(HEAD + "[" * 100 + "]" * 100 + "}").extra
        for call in (
            lambda: ImageGenerationCall.from_json(DEEPEST_DOC),
            lambda: ImageGenerationCall.from_dict(obj),
        ):
            with pytest.raises(ValidationError) as caught:
                call()
            assert caught.value.path == "$"
            assert caught.value.message == (
                f"expected a recursion limit with room for JSON nested {MAX_DEPTH} deep, "
                "got 250; raise it with sys.setrecursionlimit"
            )
    finally:
        _set_recursion_limit(limit)
