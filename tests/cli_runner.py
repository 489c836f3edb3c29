"""The command line's tests share this: one result type, the ways to run it, one-line checks.

``in_process`` runs ``main(argv)`` in this process (the ``cli`` fixture of
conftest.py); ``run`` starts the installed console script, ``run_module``
``python -m imagegen_wire``, for what only a real process shows (signals,
descriptors, exit statuses from the entry point).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from imagegen_wire._cli import main

COMMAND = Path(sys.executable).with_name("imagegen-wire")


class Result:
    """What a run of the command gave: exit status, stdout bytes, stderr text and lines."""

    def __init__(self, status: int, out: bytes, err: bytes) -> None:
        self.status = status
        self.out = out
        self.err = err.decode("utf-8", "replace")

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def in_process(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> Callable[..., Result]:
    """A runner of ``main(argv)`` in-process, with ``stdin`` as standard input."""

    def run(*argv: str, stdin: bytes = b"") -> Result:
        # Buffered, as a real stdin is: the hints peek at what is ahead.
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(stdin))))
        status = main(list(argv))
        captured = capsysbinary.readouterr()
        return Result(status, captured.out, captured.err)

    return run


def run(
    *argv: str,
    stdin: bytes | int | None = b"",
    stdout: int | None = subprocess.PIPE,
    cwd: Path | None = None,
    preexec: Callable[[], None] | None = None,
) -> Result:
    """The console script in a process of its own."""
    done = subprocess.run(
        [str(COMMAND), *argv],
        input=stdin if isinstance(stdin, bytes) else None,
        stdin=None if isinstance(stdin, bytes) else stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=cwd,
        preexec_fn=preexec,
        timeout=120,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def run_module(*argv: str, stdin: bytes = b"", cwd: Path | None = None) -> Result:
    """``python -m imagegen_wire`` in a process of its own."""
    done = subprocess.run(
        [sys.executable, "-m", "imagegen_wire", *argv],
        input=stdin,
        capture_output=True,
        timeout=120,
        cwd=cwd,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def one_problem(result: Result, status: int, text: str) -> None:
    """Exactly one line on stderr, ``imagegen-wire: TEXT``, and the exit status."""
    assert (result.status, result.err_lines) == (status, [f"imagegen-wire: {text}"])


def one_line_problem(result: Result, status: int, *parts: str) -> None:
    """One line on stderr, no traceback, holding each of ``parts``, and the exit status."""
    assert result.status == status
    assert "Traceback" not in result.err
    assert len(result.err_lines) == 1, result.err
    assert result.err_lines[0].startswith("imagegen-wire: ")
    for part in parts:
        assert part in result.err_lines[0]


def listing(folder: Path) -> list[str]:
    """Every name in ``folder``, hidden temporary files included."""
    return sorted(os.listdir(folder))
