"""The type hints are part of the API: mypy --strict checks example user code against them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.peer  # mypy over example user code: a minute of type checking

HERE = Path(__file__).parent / "typing"


def mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file=", str(path)],
        capture_output=True,
        text=True,
    )


def test_example_user_code_passes_mypy_strict() -> None:
    run = mypy(HERE / "example_usage.py")
    assert run.returncode == 0, run.stdout + run.stderr


def test_mistakes_are_caught() -> None:
    run = mypy(HERE / "bad_usage.py")
    assert run.returncode == 1
    assert 'Argument "id" to "ImageGenerationCall" has incompatible type "int"' in run.stdout
    assert "Incompatible types in assignment" in run.stdout
    assert 'Unexpected keyword argument "strict" for "to_json"' in run.stdout
