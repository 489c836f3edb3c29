"""OpenAI's Python SDK (``openai`` on PyPI) against our JSON, both ways.

Its model ``openai.types.responses.response_output_item.ImageGenerationCall``
reads what ``to_json()`` writes to the same values, and what its ``to_json()``
and ``model_dump_json()`` write reads back in ours. Where the two differ, the
tests at the end pin the difference, so that docs/interop.md ("OpenAI's Python
SDK") stays true.
"""

from __future__ import annotations

import json
from typing import Any

import pydantic
import pytest
from golden_rows import WIRE_CASES
from helpers import same_json
from openai._models import construct_type
from openai.types.responses.response_output_item import ImageGenerationCall as SdkItem

from imagegen_wire import ABSENT, ImageGenerationCall, Status, ValidationError

BASE = '{"type":"image_generation_call","id":"ig_1"'
# Members the SDK declares beyond the seed's four: typed, optional, default None.
DECLARED_EXTRAS = (
    "action", "background", "error", "output_format", "quality", "revised_prompt", "size", "svg_usage",
)  # fmt: skip
KNOWN = [c for c in WIRE_CASES if ImageGenerationCall.from_json(c["json"]).status in set(Status)]
UNKNOWN_STATUS = [c for c in WIRE_CASES if c not in KNOWN]


def ids(cases: list[dict[str, Any]]) -> list[str]:
    return [case["name"] for case in cases]


def test_the_sdk_declares_eight_members_beyond_the_four() -> None:
    assert set(SdkItem.model_fields) == {"type", "id", "result", "status", *DECLARED_EXTRAS}


@pytest.mark.parametrize("case", KNOWN, ids=ids(KNOWN))
def test_sdk_reads_our_json_to_the_same_values(case: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_json(case["json"])
    model = SdkItem.model_validate_json(item.to_json())
    assert (model.type, model.id, model.status) == ("image_generation_call", item.id, item.status)
    if item.result is ABSENT:
        assert model.result is None
        assert "result" not in model.model_fields_set  # it knows the member was absent
    else:
        assert model.result == item.result
    # Unknown members are kept (extra="allow"), in order, with the same values.
    assert list(model.model_extra or {}) == list(item.extra)
    assert same_json(model.model_extra or {}, dict(item.extra))


@pytest.mark.parametrize("case", KNOWN, ids=ids(KNOWN))
def test_sdk_to_json_reads_back_in_ours_as_the_same_item(case: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_json(case["json"])
    written = SdkItem.model_validate_json(item.to_json()).to_json()
    assert ImageGenerationCall.from_json(written) == item
    assert same_json(json.loads(written), json.loads(item.to_json()))


@pytest.mark.parametrize("case", KNOWN, ids=ids(KNOWN))
def test_sdk_model_dump_json_reads_back_in_ours_with_its_nulls(case: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_json(case["json"])
    dumped = SdkItem.model_validate_json(item.to_json()).model_dump_json()
    ours = ImageGenerationCall.from_json(dumped)
    assert same_json(json.loads(ours.to_json()), json.loads(dumped))
    assert (ours.id, ours.status) == (item.id, item.status)
    assert ours.result == (None if item.result is ABSENT else item.result)
    # The eight declared members come back as null members, then the original extras.
    assert ours.extra == {**dict.fromkeys(DECLARED_EXTRAS), **item.extra}
    assert list(ours.extra) == [*DECLARED_EXTRAS, *item.extra]


# -- where the SDK and imagegen-wire differ (docs/interop.md) -------------------


@pytest.mark.parametrize("case", UNKNOWN_STATUS, ids=ids(UNKNOWN_STATUS))
def test_difference_unknown_status_rejected_by_validation_kept_by_us(case: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_json(case["json"])
    with pytest.raises(pydantic.ValidationError, match="status"):
        SdkItem.model_validate_json(item.to_json())
    assert ImageGenerationCall.from_json(item.to_json()).status == item.status


def test_difference_the_sdk_client_constructs_responses_without_validating() -> None:
    """The SDK's HTTP client builds response models with construct_type: no status check."""
    doc = json.loads(BASE + ',"result":null,"status":"queued"}')
    model = construct_type(value=doc, type_=SdkItem)
    assert isinstance(model, SdkItem)
    assert model.status == "queued"
    assert ImageGenerationCall.from_json(model.to_json()).status == "queued"


def test_difference_absent_result_kept_by_to_json_null_in_model_dump_json() -> None:
    doc = BASE + ',"status":"completed"}'
    model = SdkItem.model_validate_json(doc)
    assert "result" not in json.loads(model.to_json())  # exclude_unset: still absent
    assert json.loads(model.model_dump_json())["result"] is None  # becomes null
    assert ImageGenerationCall.from_json(model.to_json()).result is ABSENT
    assert ImageGenerationCall.from_json(model.model_dump_json()).result is None


@pytest.mark.parametrize(
    "tail",
    [
        ',"status":"completed","size":5}',
        ',"status":"completed","action":"paint"}',
        ',"status":"completed","error":"oops"}',
    ],
    ids=["size-number", "action-unknown", "error-string"],
)
def test_difference_the_declared_members_are_typed_by_the_sdk_free_for_us(tail: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        SdkItem.model_validate_json(BASE + tail)
    item = ImageGenerationCall.from_json(BASE + tail)
    assert same_json(json.loads(item.to_json()), json.loads(BASE + tail))


@pytest.mark.parametrize(
    ("member", "path"),
    [("NaN", "$.p"), ("1e400", "$.p"), ("-1e400", "$.p")],
    ids=["nan", "overflow", "negative-overflow"],
)
def test_difference_the_sdk_writes_null_for_what_we_reject(member: str, path: str) -> None:
    doc = BASE + f',"status":"completed","p":{member}}}'
    model = SdkItem.model_validate_json(doc)
    assert json.loads(model.to_json())["p"] is None  # the value is lost, silently
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall.from_json(doc)
    assert caught.value.path == path


@pytest.mark.parametrize(
    "doc",
    [
        BASE + ',"result":null,"status":null}',
        BASE + ',"result":"\\ud800","status":"completed"}',  # lone surrogate
        BASE + ',"result":null,"status":"completed","p":"\\udc00"}',
        BASE + ',"result":3,"status":"completed"}',
        '{"type":"message","id":"ig_1","result":null,"status":"completed"}',
        "\ufeff" + BASE + ',"result":null,"status":"completed"}',  # byte order mark
        BASE + ',"status":"completed","p":' + "[" * 600 + "]" * 600 + "}",
    ],
    ids=[
        "status-null", "lone-surrogate", "lone-surrogate-unknown-member", "result-number",
        "wrong-type", "byte-order-mark", "nesting-600",
    ],
)  # fmt: skip
def test_both_reject(doc: str) -> None:
    with pytest.raises(pydantic.ValidationError):
        SdkItem.model_validate_json(doc)
    with pytest.raises(ValidationError):
        ImageGenerationCall.from_json(doc)


def test_both_keep_the_last_of_repeated_names() -> None:
    doc = BASE + ',"id":"second","result":null,"status":"completed"}'
    assert SdkItem.model_validate_json(doc).id == "second"
    assert ImageGenerationCall.from_json(doc).id == "second"
