"""The CI check .ci/checks.d/30-interop.sh, run on small throwaway histories.

It must fail on a breaking change even when a later commit follows it, fail
on a shallow clone it cannot deepen, and pass, saying so, when there is
nothing earlier to compare with. It never passes without having compared.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from peers import PROTO_FILE, ROOT, buf_installed

pytestmark = pytest.mark.peer  # buf, from npm (.ci/setup.d/30-interop.sh)

CHECK = ".ci/checks.d/30-interop.sh"
BUF_MODULES = ROOT / ".ci" / "node" / "node_modules"
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, check=True
    )
    return done.stdout


def run_check(repo: Path) -> tuple[int, str]:
    done = subprocess.run(
        ["bash", "-c", f"set -euo pipefail; . {CHECK}"],
        cwd=repo,
        env=GIT_ENV,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the schema, buf.yaml and the check, in one first commit."""
    buf_installed()
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "proto", repo / "proto")
    shutil.copyfile(ROOT / "buf.yaml", repo / "buf.yaml")
    (repo / ".ci" / "checks.d").mkdir(parents=True)
    shutil.copyfile(ROOT / CHECK, repo / CHECK)
    (repo / ".ci" / "node").mkdir()
    (repo / ".ci" / "node" / "node_modules").symlink_to(BUF_MODULES, target_is_directory=True)
    (repo / ".gitignore").write_text("node_modules\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    return repo


def commit_change(repo: Path, old: str, new: str, message: str) -> None:
    path = repo / "proto" / PROTO_FILE
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    git(repo, "commit", "-qam", message)


def test_a_first_commit_compares_with_itself(repo: Path) -> None:
    code, output = run_check(repo)
    assert code == 0, output
    assert "buf lint: clean" in output
    assert "compatible with all 1 version(s) of it in the history" in output


def test_uncommitted_break_on_a_first_commit_fails(repo: Path) -> None:
    path = repo / "proto" / PROTO_FILE
    path.write_text(path.read_text("utf-8").replace("string id = 1;", "string id = 9;"), "utf-8")
    code, output = run_check(repo)
    assert code == 100, output


def test_no_commit_holding_the_schema_has_nothing_to_compare(repo: Path) -> None:
    git(repo, "rm", "-rq", "--cached", "proto")
    git(repo, "commit", "-q", "--amend", "-m", "first, without the schema")
    code, output = run_check(repo)
    assert code == 0, output
    assert "no commit holds proto/ yet: nothing to compare" in output


def test_a_compatible_change_passes(repo: Path) -> None:
    commit_change(repo, "// One `image_generation_call` item.", "// One item.", "comment")
    code, output = run_check(repo)
    assert code == 0, output
    assert "compatible with all 2 version(s) of it in the history" in output


def test_a_break_hidden_behind_a_later_commit_fails(repo: Path) -> None:
    commit_change(repo, "status_text = 5;", "status_text = 7;", "renumber")
    (repo / "README").write_text("later\n")
    git(repo, "add", "README")
    git(repo, "commit", "-qm", "an unrelated later commit")
    code, output = run_check(repo)
    assert code == 100, output
    assert 'was deleted without reserving the number "5"' in output


def test_a_shallow_clone_that_cannot_deepen_fails(repo: Path, tmp_path: Path) -> None:
    commit_change(repo, "status_text = 5;", "status_text = 7;", "renumber")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    git(clone, "remote", "remove", "origin")  # nothing to deepen from
    (clone / ".ci" / "node").mkdir()
    (clone / ".ci" / "node" / "node_modules").symlink_to(BUF_MODULES, target_is_directory=True)
    code, output = run_check(clone)
    assert code == 1, output
    assert "this clone is shallow and could not be deepened" in output
