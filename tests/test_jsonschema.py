"""The JSON Schema against the golden tables, with the `jsonschema` library as validator.

A validator sees a parsed value, never the text. Here the value comes from
Python's ``json`` module, as lenient as most parsers (it reads a BOM and UTF-16,
NaN, lone surrogate escapes, and keeps the last of repeated names), with
integers of any size, as RFC 8259 allows. Text that parser cannot read at all
never reaches a schema and counts as rejected.

The documents that then pass the schema although the library rejects them must
be exactly those that docs/interop.md lists under "What the JSON Schema cannot
say": the docs and the schema stay true together.
"""

from __future__ import annotations

import decimal
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from golden_rows import INVALID_ROWS, WIRE_CASES, document, modes

from imagegen_wire import ImageGenerationCall, ValidationError
from imagegen_wire._jsonschema import json_schema

DOCS = Path(__file__).parent.parent / "docs" / "interop.md"
SECTION = "## What the JSON Schema cannot say"
MODE_NAME = {False: "default", True: "strict"}


def validator(strict: bool) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema(strict=strict))


def parse_like_a_validator(doc: str | bytes) -> Any:
    def any_size_int(text: str) -> int | decimal.Decimal:
        try:
            return int(text)
        except ValueError:  # past Python's 4,300-digit bound: still a number
            return decimal.Decimal(text)

    return json.loads(doc, parse_int=any_size_int)


def schema_rejects(doc: str | bytes, strict: bool) -> bool:
    try:
        value = parse_like_a_validator(doc)
    except ValueError:  # not JSON text this parser can read: no schema is asked
        return True
    return not validator(strict).is_valid(value)


def documented_gaps() -> set[tuple[str, str]]:
    """(mode, row name) pairs that the docs' table says the schema cannot reject."""
    text = DOCS.read_text("utf-8")
    assert SECTION in text, f"{DOCS} lost its section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    gaps = set()
    rows = [line for line in section.splitlines() if line.startswith("|")][2:]  # past the header
    assert rows, f"no table under {SECTION!r}"
    for line in rows:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        assert len(cells) == 4, f"expected 4 cells, got {len(cells)}: {line}"
        for mode, cell in (("default", cells[2]), ("strict", cells[3])):
            gaps.update((mode, name) for name in re.findall(r"`([^`]+)`", cell))
    return gaps


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_schema_is_valid_draft_2020_12(strict: bool) -> None:
    schema = json_schema(strict=strict)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("case", WIRE_CASES, ids=[case["name"] for case in WIRE_CASES])
def test_accepts_every_valid_golden_document(case: dict[str, Any]) -> None:
    for strict in modes(case):
        errors = list(validator(strict).iter_errors(parse_like_a_validator(case["json"])))
        assert not errors, f"{MODE_NAME[strict]} schema rejects {case['name']}: {errors[0].message}"


def test_rejects_exactly_what_it_can_express() -> None:
    """Invalid documents, and default-only ones in strict mode: what the schema misses is the docs list."""
    checked: list[tuple[str, str | bytes, bool]] = [
        (row["name"], document(row), strict) for row in INVALID_ROWS for strict in modes(row)
    ]
    for case in WIRE_CASES:
        if case["mode"] == "default":  # valid only in default mode: strict must reject it
            with pytest.raises(ValidationError):
                ImageGenerationCall.from_json(case["json"], strict=True)
            checked.append((case["name"], case["json"], True))
    missed = {
        (MODE_NAME[strict], name)
        for name, doc, strict in checked
        if not schema_rejects(doc, strict)
    }
    documented = documented_gaps()
    assert missed - documented == set(), "the schema misses rows the docs do not list"
    assert documented - missed == set(), "the docs list rows the schema does reject"
    assert missed  # the list is not empty: it names real gaps


def test_default_schema_keeps_what_strict_closes() -> None:
    extra = {"type": "image_generation_call", "id": "a", "status": "queued", "prompt": "a cat"}
    assert validator(False).is_valid(extra)
    errors = sorted(error.message for error in validator(True).iter_errors(extra))
    assert any("'queued' is not one of" in message for message in errors)
    assert any("'prompt' was unexpected" in message for message in errors)
    assert any("'result' is a required property" in message for message in errors)
