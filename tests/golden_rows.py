"""The golden tables as rows, and how to read a row's document and modes.

Shared by the tests that hold peers (JSON Schema, protoc, protobuf-es, the
OpenRouter SDK) to the same tables the library itself is held to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden"
WIRE_CASES: list[dict[str, Any]] = json.loads((GOLDEN / "wire_cases.json").read_text("utf-8"))
INVALID_ROWS: list[dict[str, Any]] = json.loads(
    (GOLDEN / "invalid_documents.json").read_text("utf-8")
)


def document(row: dict[str, Any]) -> str | bytes:
    """The row's document exactly: text, or bytes where the row gives hex."""
    if "json_hex" in row:
        return bytes.fromhex(row["json_hex"])
    if "json_template" in row:
        return str(row["json_template"]).replace("{nines}", "9" * row["nines"])
    return str(row["json"])


def modes(row: dict[str, Any]) -> list[bool]:
    """The values of ``strict`` the row holds for."""
    return {"default": [False], "strict": [True], "both": [False, True]}[row["mode"]]
