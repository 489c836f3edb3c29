"""The installed bindings are exactly what proto/ compiles to today (never stale, never edited)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from google.protobuf import descriptor_pb2

from imagegen.v1 import image_generation_call_pb2 as pb

ROOT = Path(__file__).resolve().parents[1]
PROTO = ROOT / "proto" / "imagegen" / "v1" / "image_generation_call.proto"


def compile_descriptor_set(tmp_path: Path) -> descriptor_pb2.FileDescriptorSet:
    import grpc_tools

    out = tmp_path / "fresh.binpb"
    well_known = Path(grpc_tools.__file__).parent / "_proto"
    subprocess.run(
        [
            sys.executable, "-m", "grpc_tools.protoc", f"-I{ROOT / 'proto'}", f"-I{well_known}",
            "--include_imports", f"--descriptor_set_out={out}", "imagegen/v1/image_generation_call.proto",
        ],
        check=True,
    )  # fmt: skip
    return descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes())


def test_installed_bindings_match_the_proto(tmp_path: Path) -> None:
    fresh = compile_descriptor_set(tmp_path)
    ours = next(f for f in fresh.file if f.name == "imagegen/v1/image_generation_call.proto")
    installed = descriptor_pb2.FileDescriptorProto()
    pb.DESCRIPTOR.CopyToProto(installed)
    # Python gencode embeds descriptors without json_name (derived at load time).
    for message in ours.message_type:
        for field in message.field:
            field.ClearField("json_name")
    assert installed == ours


def test_packaged_descriptor_set_and_source_match_the_proto(tmp_path: Path) -> None:
    package = Path(pb.__file__).resolve().parent
    packaged = descriptor_pb2.FileDescriptorSet.FromString(
        package.joinpath("image_generation_call.binpb").read_bytes()
    )
    assert packaged == compile_descriptor_set(tmp_path)
    assert [f.name for f in packaged.file] == [
        "google/protobuf/struct.proto", "imagegen/v1/image_generation_call.proto",
    ]  # fmt: skip
    assert package.joinpath("image_generation_call.proto").read_text() == PROTO.read_text()


def test_generated_files_are_not_committed() -> None:
    tracked = subprocess.run(
        ["git", "ls-files", "src/imagegen", "src/imagegen_wire/_generated"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert tracked.returncode == 0
    assert tracked.stdout == ""


def test_schema_names_and_numbers() -> None:
    message = pb.DESCRIPTOR.message_types_by_name["ImageGenerationCall"]
    assert pb.DESCRIPTOR.package == "imagegen.v1"
    assert {f.name: f.number for f in message.fields} == {
        "id": 1, "result_image": 2, "result_text": 3, "result_null": 4,
        "status_text": 5, "extra_members": 6, "status": 2047,
    }  # fmt: skip
    # status is the highest number, so conforming writers put it last on the wire.
    assert max(f.number for f in message.fields) == message.fields_by_name["status"].number
    enum = pb.DESCRIPTOR.enum_types_by_name["ImageGenerationStatus"]
    assert [(v.name, v.number) for v in enum.values] == [
        ("IMAGE_GENERATION_STATUS_UNSPECIFIED", 0), ("IMAGE_GENERATION_STATUS_IN_PROGRESS", 1),
        ("IMAGE_GENERATION_STATUS_COMPLETED", 2), ("IMAGE_GENERATION_STATUS_GENERATING", 3),
        ("IMAGE_GENERATION_STATUS_FAILED", 4),
    ]  # fmt: skip


def test_the_item_is_the_files_first_message() -> None:
    """A schema registry names a message by its index in the file: ours is [0] (docs/schema-evolution.md)."""
    file = descriptor_pb2.FileDescriptorProto()
    pb.DESCRIPTOR.CopyToProto(file)
    assert file.message_type[0].name == "ImageGenerationCall"
