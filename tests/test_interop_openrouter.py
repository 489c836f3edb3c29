"""OpenRouter's Python SDK (``openrouter`` on PyPI) against our JSON, both ways.

Its model ``openrouter.components.OutputItemImageGenerationCall`` reads what
``to_json()`` writes to the same values, and what its ``model_dump_json()``
writes reads in ours and round-trips. Where the two differ, the tests at the
end pin the difference, so that docs/interop.md ("OpenRouter's Python SDK")
stays true.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from golden_rows import WIRE_CASES
from helpers import same_json
from openrouter.components import OutputItemImageGenerationCall as SdkItem

from imagegen_wire import ABSENT, ImageGenerationCall, Status, ValidationError

IDS = [case["name"] for case in WIRE_CASES]
BASE = '{"type":"image_generation_call","id":"ig_1"'


def sdk_dump(model: SdkItem) -> str:
    """``model_dump_json()``; a status outside the four makes pydantic warn, as pinned below."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Pydantic serializer warnings", UserWarning)
        return model.model_dump_json()


@pytest.mark.parametrize("case", WIRE_CASES, ids=IDS)
def test_sdk_reads_our_json_to_the_same_values(case: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_json(case["json"])
    model = SdkItem.model_validate_json(item.to_json())
    assert model.type == "image_generation_call"
    assert model.id == item.id
    assert model.status == str(item.status)
    if item.result is ABSENT:
        assert model.result is None  # the SDK has no "absent": see the differences below
        assert "result" not in model.model_fields_set
    else:
        assert model.result == item.result


@pytest.mark.parametrize("case", WIRE_CASES, ids=IDS)
def test_sdk_json_reads_in_ours_and_round_trips(case: dict[str, Any]) -> None:
    model = SdkItem.model_validate_json(case["json"])
    dumped = sdk_dump(model)
    ours = ImageGenerationCall.from_json(dumped)
    assert same_json(json.loads(ours.to_json()), json.loads(dumped))
    again = SdkItem.model_validate_json(ours.to_json())
    assert again == model
    assert same_json(json.loads(sdk_dump(again)), json.loads(dumped))
    # What the SDK kept is what we read from the original, less what it drops.
    original = ImageGenerationCall.from_json(case["json"]).to_dict()
    kept = {name: original.get(name) for name in ("type", "id", "result", "status")}
    assert ours.to_dict() == kept


# -- where the SDK and imagegen-wire differ (docs/interop.md) -------------------


def test_difference_unknown_members_dropped_by_the_sdk_kept_by_us() -> None:
    doc = BASE + ',"result":null,"status":"completed","prompt":"a cat","n":[1,2.5]}'
    dumped = json.loads(sdk_dump(SdkItem.model_validate_json(doc)))
    assert "prompt" not in dumped
    assert "n" not in dumped
    assert ImageGenerationCall.from_json(doc).extra == {"prompt": "a cat", "n": [1, 2.5]}


def test_difference_absent_result_becomes_null_in_the_sdk() -> None:
    doc = BASE + ',"status":"completed"}'
    model = SdkItem.model_validate_json(doc)
    assert json.loads(sdk_dump(model))["result"] is None  # written as null
    item = ImageGenerationCall.from_json(doc)
    assert item.result is ABSENT
    assert "result" not in json.loads(item.to_json())
    # through the SDK and back, absent has become null: not the same item
    assert ImageGenerationCall.from_json(sdk_dump(model)).result is None


def test_difference_unknown_status_kept_by_both_but_the_sdk_warns_on_writing() -> None:
    doc = BASE + ',"result":null,"status":"queued"}'
    model = SdkItem.model_validate_json(doc)
    assert model.status == "queued"
    with pytest.warns(UserWarning, match="PydanticSerializationUnexpectedValue"):
        dumped = model.model_dump_json()
    assert json.loads(dumped)["status"] == "queued"
    assert ImageGenerationCall.from_json(doc).status == "queued"
    assert ImageGenerationCall.from_json(doc).status not in set(Status)
    with pytest.raises(ValidationError, match="expected one of"):
        ImageGenerationCall.from_json(doc, strict=True)  # the SDK has no closed mode


@pytest.mark.parametrize(
    ("tail", "path"),
    [
        (',"result":null,"status":null}', "$.status"),
        (',"result":null,"status":"completed","p":NaN}', "$.p"),
        (',"result":null,"status":"completed","p":1e400}', "$.p"),
    ],
    ids=["status-null", "nan-in-unknown-member", "overflow-in-unknown-member"],
)
def test_difference_the_sdk_accepts_what_we_reject(tail: str, path: str) -> None:
    SdkItem.model_validate_json(BASE + tail)  # accepted (an unknown member is dropped unread)
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall.from_json(BASE + tail)
    assert caught.value.path == path


@pytest.mark.parametrize(
    "doc",
    [
        BASE + ',"result":"\\ud800","status":"completed"}',  # lone surrogate
        BASE + ',"result":3,"status":"completed"}',
        '{"type":"message","id":"ig_1","result":null,"status":"completed"}',
        "\ufeff" + BASE + ',"result":null,"status":"completed"}',  # byte order mark
    ],
    ids=["lone-surrogate", "result-number", "wrong-type", "byte-order-mark"],
)
def test_both_reject(doc: str) -> None:
    with pytest.raises(ValueError, match="validation error"):
        SdkItem.model_validate_json(doc)
    with pytest.raises(ValidationError):
        ImageGenerationCall.from_json(doc)


def test_both_keep_the_last_of_repeated_names() -> None:
    doc = BASE + ',"id":"second","result":null,"status":"completed"}'
    assert SdkItem.model_validate_json(doc).id == "second"
    assert ImageGenerationCall.from_json(doc).id == "second"
