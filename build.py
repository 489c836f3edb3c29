"""Compile ``proto/`` into the package: the one build step of imagegen-wire.

The ``.proto`` file is the single source of truth. This script runs
grpcio-tools' bundled protoc over it and writes, into
``src/imagegen_wire/_generated/``:

- ``image_generation_call_pb2.py`` and ``.pyi``: the Python bindings and stubs;
- ``image_generation_call.binpb``: a FileDescriptorSet with its imports, the
  form that ``protoc --decode``, buf, grpcurl and schema registries take;
- ``image_generation_call.proto``: a copy of the source, so the installed
  package can print its own schema.

Nobody runs it by hand: ``pip install .`` and ``pip install -e .`` call it
through the hatchling build hook declared in ``pyproject.toml``
(``[tool.hatch.build.hooks.custom]``). ``python build.py`` runs it directly.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
PROTO_ROOT = ROOT / "proto"
PROTO_FILE = "imagegen/v1/image_generation_call.proto"
OUT_DIR = ROOT / "src" / "imagegen_wire" / "_generated"
STEM = "image_generation_call"
OUTPUTS = (f"{STEM}_pb2.py", f"{STEM}_pb2.pyi", f"{STEM}.binpb", f"{STEM}.proto")


def generate(out_dir: Path = OUT_DIR) -> list[Path]:
    """Compile the schema into ``out_dir`` and return the files written."""
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
        out_dir.mkdir(parents=True, exist_ok=True)
        # The bindings import nothing of ours (only google.protobuf), so they can
        # live flat in one private package instead of protoc's imagegen/v1 tree.
        generated = Path(tmp) / "imagegen" / "v1"
        shutil.copyfile(generated / f"{STEM}_pb2.py", out_dir / f"{STEM}_pb2.py")
        shutil.copyfile(generated / f"{STEM}_pb2.pyi", out_dir / f"{STEM}_pb2.pyi")
        shutil.copyfile(Path(tmp) / f"{STEM}.binpb", out_dir / f"{STEM}.binpb")
    shutil.copyfile(PROTO_ROOT / PROTO_FILE, out_dir / f"{STEM}.proto")
    (out_dir / "__init__.py").write_text('"""Built from proto/ by build.py. Do not edit."""\n')
    return [out_dir / name for name in (*OUTPUTS, "__init__.py")]


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # running as a plain script, without hatchling installed
    pass
else:

    class ProtocBuildHook(BuildHookInterface):  # type: ignore[type-arg]
        """Hatchling hook: compile the schema before every wheel or editable build."""

        PLUGIN_NAME = "custom"

        def initialize(self, version: str, build_data: dict[str, Any]) -> None:
            written = generate()
            # The outputs are gitignored, which hatchling would otherwise leave out.
            build_data.setdefault("artifacts", []).extend(
                str(path.relative_to(ROOT)) for path in written
            )


if __name__ == "__main__":
    for path in generate():
        print(path.relative_to(ROOT), file=sys.stderr)
