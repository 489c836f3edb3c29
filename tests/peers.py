"""Running the peers of the interop tests: protoc (grpcio-tools) and Node.

Each helper fails the test, never skips it, when its peer is missing. Tests
install nothing: .ci/setup.d installs the peers (npm ci from the lockfiles, Beam's
venv), the ``test`` extra the Python ones. These tests carry the ``peer`` marker.
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
SET_UP = (
    'set up the peers with `for step in .ci/setup.d/*.sh; do . "$step"; done` '
    "in the test venv, from the repository root (README: Running the peer tests)"
)


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


def npm_installed(prefix: Path, probe: str) -> Path:
    """``prefix/node_modules``, which ``.ci/setup.d/30-interop.sh`` installs (``npm ci``).

    Tests install nothing: a missing peer fails the test and says how to set it up.
    ``probe`` is a path inside node_modules that shows the install is there.
    """
    modules = prefix / "node_modules"
    if not (modules / probe).exists():
        pytest.fail(f"{modules / probe} is missing: {SET_UP}")
    return modules


def es_installed() -> Path:
    """interop/es/node_modules: protobuf-es and its code generator."""
    return npm_installed(ES_DIR, "@bufbuild/protobuf")


def openrouter_sdk_installed() -> Path:
    """interop/openrouter-sdk/node_modules: @openrouter/sdk and its zod."""
    return npm_installed(OPENROUTER_SDK_DIR, "@openrouter/sdk/package.json")


def buf_installed() -> Path:
    """The buf binary from .ci/node (npm package @bufbuild/buf)."""
    return npm_installed(ROOT / ".ci" / "node", ".bin/buf") / ".bin" / "buf"


def beam_python() -> Path:
    """The Python of examples/beam/.venv: apache-beam and this checkout, beside protobuf 6.

    apache-beam pins protobuf<7, so it cannot join the test venv (which runs the
    newest protobuf): ``.ci/setup.d/40-beam.sh`` makes it from
    examples/beam/requirements.txt, and the stamp shows which requirements it holds.
    """
    venv = BEAM_DIR / ".venv"
    python = venv / "bin" / "python"
    stamp = venv / "requirements.installed"
    wanted = (BEAM_DIR / "requirements.txt").read_text()
    if not (python.exists() and stamp.exists() and stamp.read_text() == wanted):
        pytest.fail(f"{venv} is missing or older than examples/beam/requirements.txt: {SET_UP}")
    return python
