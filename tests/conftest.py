"""Shared Hypothesis settings: more examples in CI, a long hunt on demand.

HYPOTHESIS_PROFILE=thorough pytest tests/test_laws.py tests/test_any_input.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import cli_runner
import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps its examples and caches outside the repository: a test run
# writes nothing in it.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "imagegen-wire-hypothesis"))

settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

# Example code for mypy (tests/test_typing.py), some of it wrong on purpose: not
# modules to import for --doctest-modules.
collect_ignore = ["typing"]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> Any:
    """Run the command line's ``main(argv)`` in-process (tests/cli_runner.py)."""
    return cli_runner.in_process(monkeypatch, capsysbinary)
