"""Running the peers of the interop tests: protoc (grpcio-tools) and Node.

Each helper fails the test, never skips it, when its peer is missing. The npm
peers install themselves from their lockfile on first use; CI installs every
peer up front (.ci/setup.d/30-interop.sh and the ``test`` extra).
"""

from __future__ import annotations

import importlib.resources
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROTO_ROOT = ROOT / "proto"
PROTO_FILE = "imagegen/v1/image_generation_call.proto"
MESSAGE = "imagegen.v1.ImageGenerationCall"
ES_DIR = ROOT / "interop" / "es"
OPENROUTER_SDK_DIR = ROOT / "interop" / "openrouter-sdk"
BEAM_DIR = ROOT / "examples" / "beam"
WELL_KNOWN = str(importlib.resources.files("grpc_tools") / "_proto")


def run(args: list[str], data: bytes, what: str, timeout: float = 120) -> bytes:
    """Run a peer's command with ``data`` on stdin; its stdout, or fail with its stderr."""
    done = subprocess.run(args, input=data, capture_output=True, check=False, timeout=timeout)
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip()
        pytest.fail(f"{what} exited {done.returncode}: {err}")
    return done.stdout


def protoc(*args: str, data: bytes = b"") -> bytes:
    """grpcio-tools' protoc, as ``python -m grpc_tools.protoc`` runs it."""
    return run([sys.executable, "-m", "grpc_tools.protoc", *args], data, "protoc")


def descriptor_set(path: Path) -> Path:
    """Write the schema's descriptor set with ``imagegen-wire schema --descriptor-set``."""
    path.write_bytes(
        run(
            [sys.executable, "-m", "imagegen_wire", "schema", "--descriptor-set"],
            b"",
            "imagegen-wire",
        )
    )
    return path


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is not on PATH: the protobuf-es peer needs Node.js 20 or newer")
    return found


def npm_installed(prefix: Path, probe: str, *, ignore_scripts: bool = False) -> Path:
    """``prefix/node_modules``, installed by ``npm ci`` (the lockfile's exact pins) if missing.

    The npm registry is as much a package source as PyPI, so the README's one
    test command suffices on a fresh machine; CI installs it up front as well.
    ``probe`` is a path inside node_modules that shows the install is there.
    """
    modules = prefix / "node_modules"
    if not (modules / probe).exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is not on PATH: the npm peers need Node.js 20 or newer")
        args = [npm, "ci", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error"]
        if ignore_scripts:
            args.append("--ignore-scripts")
        run(args, b"", f"npm ci --prefix {prefix.relative_to(ROOT)}")
    return modules


def es_installed() -> Path:
    """interop/es/node_modules: protobuf-es and its code generator."""
    return npm_installed(ES_DIR, "@bufbuild/protobuf")


def openrouter_sdk_installed() -> Path:
    """interop/openrouter-sdk/node_modules: @openrouter/sdk and its zod.

    Without its install script (a TypeScript version check), which the peer does not need.
    """
    return npm_installed(OPENROUTER_SDK_DIR, "@openrouter/sdk/package.json", ignore_scripts=True)


def buf_installed() -> Path:
    """The buf binary from .ci/node (npm package @bufbuild/buf)."""
    return npm_installed(ROOT / ".ci" / "node", ".bin/buf") / ".bin" / "buf"


def beam_python() -> Path:
    """The Python of examples/beam/.venv: apache-beam and this checkout (editable), beside protobuf 6.

    apache-beam pins protobuf<7, so it cannot join the test venv (which runs the
    newest protobuf). Made on first use from examples/beam/requirements.txt, and
    again when that file changes; CI makes it up front (.ci/setup.d/40-beam.sh).
    """
    venv = BEAM_DIR / ".venv"
    python = venv / "bin" / "python"
    stamp = venv / "requirements.installed"
    wanted = (BEAM_DIR / "requirements.txt").read_text()
    if not (python.exists() and stamp.exists() and stamp.read_text() == wanted):
        run([sys.executable, "-m", "venv", "--clear", str(venv)], b"", "python -m venv")
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        requirements = str(BEAM_DIR / "requirements.txt")
        run([*pip, "-r", requirements, "-e", str(ROOT)], b"", "pip install", timeout=1800)
        stamp.write_text(wanted)
    return python
