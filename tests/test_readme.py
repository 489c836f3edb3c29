"""The README's Python example runs as written, so the docs cannot drift from the API."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text("utf-8"), flags=re.DOTALL)


def test_readme_python_examples_run(capsys: object) -> None:
    blocks = python_blocks()
    assert blocks, "the README should show the API in Python"
    for block in blocks:
        exec(compile(block, str(README), "exec"), {})
