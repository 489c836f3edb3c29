"""Compile ``proto/`` into the package: the one build step of imagegen-wire.

The ``.proto`` file is the single source of truth. This script runs
grpcio-tools' bundled protoc over it and writes, into ``src/imagegen/v1/``
(the path the schema names, as googleapis-common-protos ships ``google/api/``):

- ``image_generation_call_pb2.py`` and ``.pyi``: the Python bindings and stubs,
  importable as ``imagegen.v1.image_generation_call_pb2``, which is the module
  a user's own ``.proto`` that imports ours makes its generated code import;
- ``image_generation_call.proto``: a copy of the source, beside its bindings;
- ``image_generation_call.binpb``: a FileDescriptorSet with its imports, the
  form that ``protoc --decode``, buf, grpcurl and schema registries take;
- ``py.typed``: the stubs are part of the package's typed API.

and one more copy of the source into ``src/imagegen_wire/include/imagegen/v1/``:
the include directory ``imagegen-wire schema --include-dir`` prints, which holds
our schema and nothing else (site-packages holds every installed ``.proto``).

``imagegen/`` and ``imagegen/v1/`` are namespace packages (no ``__init__.py``),
as ``google/`` is: an unrelated distribution named ``imagegen`` exists on PyPI.

The generated code refuses, at import, a protobuf runtime older than the protoc
that wrote it. So the build checks that protoc's gencode is exactly
``GENCODE_VERSION``, the lowest runtime that ``pyproject.toml`` accepts
(docs/interop.md, "Supported protobuf runtimes").

Nobody runs it by hand: ``pip install .`` and ``pip install -e .`` call it
through the hatchling build hook declared in ``pyproject.toml``
(``[tool.hatch.build.hooks.custom]``), in a build environment holding the
``grpcio-tools`` that ``[build-system] requires`` names. ``python build.py``
runs it directly, with that grpcio-tools installed.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
PROTO_ROOT = ROOT / "proto"
PROTO_FILE = "imagegen/v1/image_generation_call.proto"
# The include directory of an editable install; a wheel puts imagegen/ in site-packages.
INCLUDE_DIR = ROOT / "src"
OUT_DIR = INCLUDE_DIR / "imagegen" / "v1"
STEM = "image_generation_call"
# protoc -I this: our schema alone, at the path its imports name.
SCHEMA_ONLY_DIR = ROOT / "src" / "imagegen_wire" / "include"
OUTPUTS = (f"{STEM}_pb2.py", f"{STEM}_pb2.pyi", f"{STEM}.proto", f"{STEM}.binpb", "py.typed")

# The protobuf runtime the gencode asks for: the floor of `protobuf>=` in
# pyproject.toml. grpcio-tools 1.75.1 to 1.80.x bundle protoc 31.1, which writes it.
GENCODE_VERSION = "6.31.1"
_GENCODE_LINE = re.compile(r"^# Protobuf Python Version: (\S+)$", re.MULTILINE)


def gencode_version(pb2_source: str) -> str:
    """The runtime version a generated ``_pb2.py`` asks for, from its header."""
    found = _GENCODE_LINE.search(pb2_source)
    if found is None:
        msg = "generated code has no '# Protobuf Python Version:' line"
        raise RuntimeError(msg)
    return found.group(1)


def generate(out_dir: Path = OUT_DIR, schema_only_dir: Path = SCHEMA_ONLY_DIR) -> list[Path]:
    """Compile the schema into ``out_dir``, copy it into ``schema_only_dir``; the files written."""
    import importlib.resources

    from grpc_tools import protoc

    well_known = str(importlib.resources.files("grpc_tools") / "_proto")
    with tempfile.TemporaryDirectory() as tmp:
        args = [
            "grpc_tools.protoc",
            f"-I{PROTO_ROOT}",
            f"-I{well_known}",
            f"--python_out={tmp}",
            f"--pyi_out={tmp}",
            "--include_imports",
            f"--descriptor_set_out={Path(tmp) / (STEM + '.binpb')}",
            PROTO_FILE,
        ]
        if protoc.main(args) != 0:
            msg = f"protoc failed to compile {PROTO_ROOT / PROTO_FILE}"
            raise RuntimeError(msg)
        generated = Path(tmp) / "imagegen" / "v1"
        version = gencode_version((generated / f"{STEM}_pb2.py").read_text("utf-8"))
        if version != GENCODE_VERSION:
            msg = (
                f"this grpcio-tools writes gencode for protobuf {version}, but the package "
                f"promises protobuf {GENCODE_VERSION} and later: build with the grpcio-tools "
                "that pyproject.toml's [build-system] requires (pip install . does)"
            )
            raise RuntimeError(msg)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in (f"{STEM}_pb2.py", f"{STEM}_pb2.pyi"):
            shutil.copyfile(generated / name, out_dir / name)
        shutil.copyfile(Path(tmp) / f"{STEM}.binpb", out_dir / f"{STEM}.binpb")
    shutil.copyfile(PROTO_ROOT / PROTO_FILE, out_dir / f"{STEM}.proto")
    (out_dir / "py.typed").write_text("")
    schema_only = schema_only_dir / PROTO_FILE
    schema_only.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROTO_ROOT / PROTO_FILE, schema_only)
    return [*(out_dir / name for name in OUTPUTS), schema_only]


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # running as a plain script, without hatchling installed
    pass
else:

    class ProtocBuildHook(BuildHookInterface):  # type: ignore[type-arg]
        """Hatchling hook: compile the schema before every wheel or editable build."""

        PLUGIN_NAME = "custom"

        def initialize(self, version: str, build_data: dict[str, Any]) -> None:
            if self.target_name != "wheel":
                return  # an sdist ships proto/ and this script, never their outputs
            written = generate()
            # The outputs are gitignored, which hatchling would otherwise leave out.
            build_data.setdefault("artifacts", []).extend(
                str(path.relative_to(ROOT)) for path in written
            )


if __name__ == "__main__":
    for path in generate():
        print(path.relative_to(ROOT), file=sys.stderr)
