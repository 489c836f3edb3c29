"""Items out of whole Responses API responses and streaming events."""

from __future__ import annotations

import json
from typing import Any

import pytest
from golden_rows import WIRE_CASES, document, modes

from imagegen_wire import (
    ABSENT,
    ImageGenerationCall,
    ValidationError,
    item_from_event,
    items_from_response,
)

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


OUTPUT = [
    {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": []},
    {"type": "image_generation_call", "id": "ig_1", "status": "completed", "result": "aGk="},
    {"type": "image_generation_call", "id": "ig_2", "status": "generating"},  # result absent
    {"type": "image_generation_call", "id": "ig_3", "status": "failed", "result": None, "q": [1]},
]


def test_an_openai_response_model_gives_the_items_its_json_holds() -> None:
    from openai.types.responses import Response

    document = {
        "id": "resp_1",
        "object": "response",
        "created_at": 1,
        "model": "gpt-image-1",
        "output": OUTPUT,
        "parallel_tool_calls": False,
        "tool_choice": "auto",
        "tools": [],
    }
    model = Response.model_validate(document)
    found = items_from_response(model)
    assert found == items_from_response(document)
    assert [item.result for item in found] == ["aGk=", ABSENT, None]
    assert found[2].extra == {"q": [1]}


def test_an_openrouter_response_model_keeps_an_absent_result_absent() -> None:
    import warnings

    from openrouter.components import OpenResponsesResult

    document = {
        **dict.fromkeys(["completed_at", "created_at", "frequency_penalty", "presence_penalty"], 0),
        **dict.fromkeys(["error", "incomplete_details", "instructions", "metadata"], None),
        **dict.fromkeys(["temperature", "top_p"], None),
        "id": "resp_1",
        "model": "m",
        "object": "response",
        "parallel_tool_calls": False,
        "status": "completed",
        "tool_choice": "auto",
        "tools": [],
        "output": OUTPUT[:3],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydantic's serializer warnings about its unions
        model = OpenResponsesResult.model_validate(document)
        # its own dump writes the absent result as null; the items keep it absent
        assert model.model_dump(mode="json", exclude_unset=True)["output"][2]["result"] is None
        found = items_from_response(model)
    assert found == items_from_response(document)
    assert [item.result for item in found] == ["aGk=", ABSENT]


def test_an_sdk_event_model_gives_its_item() -> None:
    from openai.types.responses import ResponseOutputItemDoneEvent

    event = {
        "type": "response.output_item.done",
        "output_index": 1,
        "sequence_number": 7,
        "item": OUTPUT[1],
    }
    model = ResponseOutputItemDoneEvent.model_validate(event)
    assert (
        item_from_event(model)
        == item_from_event(event)
        == items_from_response({"output": OUTPUT})[0]
    )


def test_an_sdk_item_model_converts_both_ways_losing_nothing() -> None:
    from openai.types.responses.response_output_item import ImageGenerationCall as OpenAIItem
    from openrouter.components import OutputItemImageGenerationCall as OpenRouterItem

    for entry in OUTPUT[1:3]:
        ours = ImageGenerationCall.from_dict(entry)
        for sdk in [OpenAIItem, OpenRouterItem]:
            model = sdk.model_validate_json(ours.to_json())  # ours -> the SDK's
            assert items_from_response({"output": [model]}) == [ours]  # and back
