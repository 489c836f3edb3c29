"""Golden wire cases: each JSON document with its exact binary form.

The table is the wire-stability promise: a row that changes is a format change.
"""

from __future__ import annotations

from typing import Any

import pytest
from golden_rows import WIRE_CASES as CASES
from golden_rows import modes
from helpers import json_value

from imagegen_wire import ImageGenerationCall


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_json_to_exact_bytes(case: dict[str, Any]) -> None:
    for strict in modes(case):
        item = ImageGenerationCall.from_json(case["json"], strict=strict)
        assert item.to_bytes().hex() == case["hex"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bytes_to_same_json(case: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_bytes(bytes.fromhex(case["hex"]))
    assert item == ImageGenerationCall.from_json(case["json"])
    expected = json_value(case["json"])
    assert json_value(item.to_json()) == expected
    assert item.to_dict() == expected
    if case["mode"] == "strict" or case["mode"] == "both":
        assert ImageGenerationCall.from_json(item.to_json(), strict=True) == item


def test_table_covers_what_the_issue_lists() -> None:
    names = {case["name"] for case in CASES}
    required = {
        "status-in-progress", "status-completed", "status-generating", "status-failed",
        "status-unknown-queued", "result-absent", "result-null", "result-empty-string",
        "result-canonical-base64-one-byte", "result-noncanonical-unused-bits",
        "result-noncanonical-unpadded", "result-noncanonical-newline", "id-unicode", "id-nul",
        "unknown-members-nested-in-order", "unknown-member-floats", "unknown-member-big-integers",
    }  # fmt: skip
    assert required <= names
    assert {case["mode"] for case in CASES} >= {"default", "both"}


def test_canonical_base64_travels_as_bytes_and_other_strings_as_text() -> None:
    by_name = {case["name"]: case for case in CASES}
    # field 2 (result_image, bytes) vs field 3 (result_text, string), right after the id
    assert "120141" in by_name["result-canonical-base64-one-byte"]["hex"]
    assert "1a0451523d3d" in by_name["result-noncanonical-unused-bits"]["hex"]
    assert "1a00" in by_name["result-empty-string"]["hex"]
