"""``python -m imagegen_wire`` is the command line."""

from __future__ import annotations

import runpy
import sys

import pytest

import imagegen_wire


def test_python_m_runs_the_command_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["imagegen-wire", "--version"])
    with pytest.raises(SystemExit) as caught:
        runpy.run_module("imagegen_wire", run_name="__main__")
    assert caught.value.code == 0
    assert imagegen_wire.__version__ in capsys.readouterr().out
