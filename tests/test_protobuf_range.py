"""The supported protobuf runtimes: the gencode asks for no more than the lowest one we accept.

The generated module checks its runtime at import and refuses one older than
the protoc that wrote it, so the floor of ``protobuf>=`` in pyproject.toml,
build.py's ``GENCODE_VERSION`` and the version the installed bindings ask for
must be one number. CI runs the whole suite at that floor
(.ci/checks.d/20-protobuf-lowest.sh) and at the newest protobuf pip finds.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from imagegen.v1 import image_generation_call_pb2 as pb

ROOT = Path(__file__).resolve().parents[1]
# Read as text: tomllib is Python 3.11+, and the package claims 3.10.
PYPROJECT = (ROOT / "pyproject.toml").read_text("utf-8")


def parts(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def protobuf_range() -> tuple[str, str]:
    """(floor, ceiling) of the protobuf requirement: '>=A,<B'."""
    (found,) = re.findall(r'^  "protobuf>=([0-9.]+),<([0-9.]+)",$', PYPROJECT, re.M)
    return found


def build_module_constant() -> str:
    found = re.search(r'^GENCODE_VERSION = "([0-9.]+)"$', (ROOT / "build.py").read_text(), re.M)
    assert found
    return found.group(1)


def test_the_bindings_ask_for_the_floor_and_no_more() -> None:
    source = Path(pb.__file__).read_text("utf-8")
    header = re.search(r"^# Protobuf Python Version: ([0-9.]+)$", source, re.M)
    call = re.search(
        r"ValidateProtobufRuntimeVersion\(\s*_runtime_version\.Domain\.PUBLIC,\s*"
        r"(\d+),\s*(\d+),\s*(\d+),\s*''",
        source,
    )
    assert header and call
    floor, _ = protobuf_range()
    assert header.group(1) == floor == build_module_constant()
    assert tuple(int(n) for n in call.groups()) == parts(floor)


def test_the_running_protobuf_is_in_the_range() -> None:
    floor, ceiling = protobuf_range()
    assert parts(floor) <= parts(version("protobuf")) < parts(ceiling)


def test_import_is_silent_with_warnings_as_errors() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-W",
            "error",
            "-c",
            "import imagegen_wire, imagegen.v1.image_generation_call_pb2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_the_test_extra_installs_at_both_ends() -> None:
    """The test extra's grpcio-tools must admit a protobuf 6 release: 1.81 and later need 7."""
    (low,) = re.findall(r'^  "grpcio-tools>=([0-9.]+),<[0-9.]+",$', PYPROJECT, re.M)
    assert parts(low) < (1, 81)
    # protoc 31.1, in each of these, writes gencode for protobuf 6.31.1
    assert re.search(r'^requires = \[.*"grpcio-tools>=1\.75\.1,<1\.81"\]$', PYPROJECT, re.M)
