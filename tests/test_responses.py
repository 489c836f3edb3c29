"""Items out of whole Responses API responses and streaming events."""

from __future__ import annotations

import json
from typing import Any

import pytest
from golden_rows import WIRE_CASES, document, modes

from imagegen_wire import ImageGenerationCall, ValidationError, item_from_event, items_from_response

DEFAULT_ROWS = [row for row in WIRE_CASES if False in modes(row)]
ITEMS = [json.loads(document(row)) for row in DEFAULT_ROWS]
MESSAGE = {"type": "message", "id": "msg_1", "role": "assistant", "content": []}


def test_a_whole_response_gives_its_image_items_in_order_as_from_json_reads_them() -> None:
    response = {
        "id": "resp_1",
        "object": "response",
        "output": [MESSAGE, *ITEMS, {"type": "reasoning"}],
    }
    expected = [ImageGenerationCall.from_json(document(row)) for row in DEFAULT_ROWS]
    assert items_from_response(response) == expected
    assert items_from_response(json.dumps(response)) == expected
    assert items_from_response(json.dumps(response).encode()) == expected
    assert items_from_response({"output": [MESSAGE]}) == []


def test_a_bad_image_item_is_named_by_its_path_in_the_response() -> None:
    bad = {"type": "image_generation_call", "id": 5, "status": "completed"}
    with pytest.raises(ValidationError) as caught:
        items_from_response({"output": [MESSAGE, bad]})
    assert str(caught.value) == "$.output[1].id: expected a string, got number 5"


@pytest.mark.parametrize(
    ("response", "path", "message"),
    [
        (
            {"id": "resp_1"},
            "$.output",
            "expected a response whose output is an array of items, got nothing",
        ),
        (
            {"output": {}},
            "$.output",
            "expected a response whose output is an array of items, got an object",
        ),
        ([], "$", "expected a JSON object, got an array"),
        ("[1]", "$", "expected a JSON object, got an array"),
    ],
)
def test_what_is_not_a_response_is_refused_clearly(response: Any, path: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        items_from_response(response)
    assert (caught.value.path, caught.value.message) == (path, message)


def test_the_output_item_done_event_carries_the_final_item() -> None:
    item = ITEMS[0]
    done = {
        "type": "response.output_item.done",
        "output_index": 0,
        "item": item,
        "sequence_number": 7,
    }
    assert item_from_event(done) == ImageGenerationCall.from_dict(item)
    assert item_from_event(json.dumps(done)) == ImageGenerationCall.from_dict(item)
    partial = {"type": "response.image_generation_call.partial_image", "partial_image_b64": "aGk="}
    assert item_from_event(partial) is None
    assert item_from_event({"type": "response.output_item.done", "item": MESSAGE}) is None
    with pytest.raises(ValidationError, match=r"^\$\.item\.status: "):
        item_from_event({"type": "response.output_item.done", "item": {**item, "status": 5}})
    with pytest.raises(ValidationError, match=r"^\$\.item: expected the output item as an object"):
        item_from_event({"type": "response.output_item.done"})
