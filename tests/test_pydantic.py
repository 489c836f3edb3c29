"""pydantic v2 and FastAPI: the item as a field type, through the item's own checked paths."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Annotated, Any

import pytest
from fastapi import Body, FastAPI
from fastapi.testclient import TestClient
from golden_rows import INVALID_ROWS, WIRE_CASES, document, modes
from helpers import same_json
from hypothesis import given
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError
from strategies import items

from imagegen_wire import ImageGenerationCall
from imagegen_wire._jsonschema import json_schema


class Job(BaseModel):
    item: ImageGenerationCall
    more: list[ImageGenerationCall] = []
    maybe: ImageGenerationCall | None = None


DEFAULT_ROWS = [row for row in WIRE_CASES if False in modes(row)]


def _member(text: str | bytes) -> str:
    body = text.decode() if isinstance(text, bytes) else text
    return '{"item":' + body + "}"


@pytest.mark.parametrize("row", DEFAULT_ROWS, ids=[row["name"] for row in DEFAULT_ROWS])
def test_every_golden_document_validates_as_from_json_reads_it(row: dict[str, Any]) -> None:
    expected = ImageGenerationCall.from_json(document(row))
    as_dict = json.loads(document(row))
    assert Job(item=expected).item is expected
    assert Job(item=as_dict).item == expected
    assert Job(item=document(row)).item == expected
    assert Job.model_validate_json(_member(document(row))).item == expected


@pytest.mark.parametrize("row", DEFAULT_ROWS, ids=[row["name"] for row in DEFAULT_ROWS])
def test_json_mode_writes_the_documented_json_and_python_mode_the_item(row: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_json(document(row))
    job = Job(item=item, more=[item])
    written = json.loads(job.model_dump_json())
    assert same_json(written["item"], json.loads(item.to_json()))
    assert list(written["item"]) == list(json.loads(item.to_json()))  # members in order
    assert job.model_dump()["item"] is item
    assert Job.model_validate_json(job.model_dump_json()) == job


@given(items())
def test_any_item_round_trips_through_a_model(item: ImageGenerationCall) -> None:
    job = Job(item=item, maybe=item)
    assert Job.model_validate_json(job.model_dump_json()) == job
    assert Job.model_validate(job.model_dump(mode="json")) == job


INVALID = [row for row in INVALID_ROWS if False in modes(row) and "json" in row]


@pytest.mark.parametrize("row", INVALID, ids=[row["name"] for row in INVALID])
def test_an_invalid_member_is_a_pydantic_error_at_the_field_with_our_message(
    row: dict[str, Any],
) -> None:
    with pytest.raises(PydanticError) as caught:
        Job(item=document(row))
    (error,) = caught.value.errors()
    assert error["loc"] == ("item",)
    assert error["msg"] == f"{row['path']}: {row['message']}"


def test_a_wrong_kind_of_value_is_named() -> None:
    with pytest.raises(PydanticError) as caught:
        Job(item=5)
    (error,) = caught.value.errors()
    assert error["loc"] == ("item",)
    assert error["msg"] == "expected an image_generation_call item, a dict or JSON text, got int"
    with pytest.raises(PydanticError) as in_list:
        Job(item={"type": "image_generation_call", "id": "a", "status": "failed"}, more=[{"id": 1}])
    assert in_list.value.errors()[0]["loc"] == ("more", 0)


def test_the_json_schema_is_the_items_own() -> None:
    schema = Job.model_json_schema()
    expected = {key: value for key, value in json_schema().items() if key != "$schema"}
    assert schema["properties"]["item"] == expected
    assert schema["properties"]["more"]["items"] == expected


def test_a_fastapi_body_and_response_carry_the_item_and_the_openapi_schema() -> None:
    app = FastAPI()

    @app.post("/items")
    def echo(job: Job) -> Job:
        return job

    @app.post("/one", response_model=ImageGenerationCall)
    def one(item: Annotated[ImageGenerationCall, Body()]) -> ImageGenerationCall:  # a whole body
        return item

    client = TestClient(app)
    text = '{"type":"image_generation_call","id":"a","result":"aGk=","status":"completed","q":[1,{"r":2}]}'
    response = client.post(
        "/items", content=_member(text), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert same_json(response.json()["item"], json.loads(text))
    response = client.post("/one", content=text, headers={"content-type": "application/json"})
    assert response.status_code == 200, response.text
    assert list(response.json()) == list(json.loads(text))
    bad = client.post(
        "/one", content=text.replace('"a"', "5"), headers={"content-type": "application/json"}
    )
    assert bad.status_code == 422
    assert "$.id: expected a string, got number 5" in bad.json()["detail"][0]["msg"]
    openapi = client.get("/openapi.json").json()
    assert "Job" in openapi["components"]["schemas"]
    assert "image_generation_call" in json.dumps(openapi)


def test_the_library_imports_no_pydantic_until_pydantic_asks() -> None:
    code = (
        "import sys, imagegen_wire as w; "
        'w.ImageGenerationCall.from_json(\'{"type":"image_generation_call","id":"a","status":"failed"}\'); '
        "print('pydantic' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
