"""A user's own .proto imports ours from the installed package, and the library reads its messages.

The user's file is compiled here as a user would: grpcio-tools' protoc with
``-I`` the include directory that ``include_dir()`` (or ``imagegen-wire schema
--include-dir``) gives, and nothing copied from this repository. Its generated
code imports ``imagegen.v1.image_generation_call_pb2``: the package's own
bindings, so ``to_proto`` and ``from_proto`` work on the embedded field as is.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from peers import protoc

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire import ImageGenerationCall, include_dir

USER_PROTO = """\
syntax = "proto3";

package acme.gallery.v1;

import "imagegen/v1/image_generation_call.proto";

// A user's own message, with the item embedded: one field, one repeated.
message Artwork {
  string title = 1;
  imagegen.v1.ImageGenerationCall item = 2;
  repeated imagegen.v1.ImageGenerationCall drafts = 3;
}
"""


@pytest.fixture(scope="module")
def user_pb2(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """acme/gallery/v1/artwork_pb2, compiled against the installed schema and imported."""
    src = tmp_path_factory.mktemp("user-protos")
    out = tmp_path_factory.mktemp("user-gen")
    (src / "acme" / "gallery" / "v1").mkdir(parents=True)
    (src / "acme" / "gallery" / "v1" / "artwork.proto").write_text(USER_PROTO)
    protoc(
        f"-I{src}",
        f"-I{include_dir()}",
        f"--python_out={out}",
        f"--pyi_out={out}",
        "acme/gallery/v1/artwork.proto",
    )
    generated = (out / "acme" / "gallery" / "v1" / "artwork_pb2.py").read_text()
    assert "from imagegen.v1 import image_generation_call_pb2" in generated
    # protoc generated the user's file only: ours comes from the package, never a copy.
    assert not (out / "imagegen").exists()
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module("acme.gallery.v1.artwork_pb2")
    finally:
        sys.path.remove(str(out))


def test_include_dir_holds_the_schema_and_nothing_else() -> None:
    root = include_dir()
    assert root.is_absolute()
    proto = root / "imagegen" / "v1" / "image_generation_call.proto"
    assert [path for path in root.rglob("*") if path.is_file()] == [proto]
    assert (Path(pb.__file__).resolve().parent / proto.name).read_text() == proto.read_text()
    source = Path(__file__).resolve().parents[1] / "proto" / "imagegen" / "v1" / proto.name
    assert proto.read_text() == source.read_text()


def test_cli_prints_the_include_dir() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "imagegen_wire", "schema", "--include-dir"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == f"{include_dir()}\n"
    assert done.stderr == ""


def test_the_user_message_embeds_the_package_class(user_pb2: ModuleType) -> None:
    field = user_pb2.Artwork.DESCRIPTOR.fields_by_name["item"]
    assert field.message_type is pb.ImageGenerationCall.DESCRIPTOR
    assert type(user_pb2.Artwork().item) is pb.ImageGenerationCall


def test_from_proto_and_to_proto_on_the_user_message(user_pb2: ModuleType) -> None:
    item = ImageGenerationCall.from_json(
        '{"type":"image_generation_call","id":"ig_1","result":"aGk=","status":"completed",'
        '"prompt":"a cat"}'
    )
    drafts = [
        ImageGenerationCall(id="ig_0", status="generating", result=None),
        ImageGenerationCall(id="ig_q", status="queued"),
    ]
    artwork = user_pb2.Artwork(title="cat", item=item.to_proto())
    artwork.drafts.extend(d.to_proto() for d in drafts)

    again = user_pb2.Artwork.FromString(artwork.SerializeToString())
    assert ImageGenerationCall.from_proto(again.item) == item
    assert [ImageGenerationCall.from_proto(d) for d in again.drafts] == drafts
    # The embedded field carries exactly the item's own bytes.
    assert again.item.SerializeToString(deterministic=True) == item.to_bytes()


def test_user_code_type_checks_against_both_stubs(user_pb2: ModuleType, tmp_path: Path) -> None:
    """mypy --strict sees the user's field as our message class, through both sets of stubs."""
    gen = Path(user_pb2.__file__).parents[3]
    code = tmp_path / "use_artwork.py"
    code.write_text(
        "from acme.gallery.v1.artwork_pb2 import Artwork\n"
        "from imagegen_wire import ImageGenerationCall\n\n"
        "def first(artwork: Artwork) -> ImageGenerationCall:\n"
        "    reveal_type(artwork.item)\n"
        "    return ImageGenerationCall.from_proto(artwork.item)\n"
    )
    # protoc's stubs do not pass --strict themselves (a bare Mapping): users
    # exempt generated modules, as pyproject.toml does for ours.
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\n\n[mypy-acme.*]\nignore_errors = True\n")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", f"--config-file={config}", str(code)],
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(gen)},
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        'Revealed type is "imagegen.v1.image_generation_call_pb2.ImageGenerationCall"'
        in done.stdout
    )
