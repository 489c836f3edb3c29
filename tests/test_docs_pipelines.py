"""docs/pipelines.md runs as written: its shell session, its printed summary, its Python."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

PIPELINES = Path(__file__).resolve().parents[1] / "docs" / "pipelines.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", PIPELINES.read_text("utf-8"), flags=re.DOTALL)


def run_shell(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The console script lives beside the interpreter running the tests.
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_shell_examples_run_and_print_what_the_page_shows(tmp_path: Path) -> None:
    session = blocks("sh")[0]
    done = run_shell(session, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    shown = blocks("text")[0]
    summary = run_shell("imagegen-wire inspect --format stream items.bin", tmp_path)
    assert summary.stdout == shown
    assert (tmp_path / "again.ndjson").read_bytes() == (tmp_path / "items.ndjson").read_bytes()


def test_python_examples_run() -> None:
    examples = blocks("python")
    assert len(examples) == 2  # the sync streams, then asyncio
    for example in examples:
        exec(compile(example, str(PIPELINES), "exec"), {})
