"""`imagegen-wire demo`: in-process and as a real command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from imagegen_wire._cli import main


def test_demo_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "JSON -> binary -> JSON lossless: yes" in out
    assert "JSON (compact):" in out and "binary:" in out


def test_demo_as_a_command() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "imagegen_wire", "demo"], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    assert "lossless: yes" in run.stdout
    assert run.stderr == ""


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    # main() returns argparse's status too, so in-process callers never see SystemExit.
    assert main(["no-such-command"]) == 2
    assert "invalid choice" in capsys.readouterr().err
