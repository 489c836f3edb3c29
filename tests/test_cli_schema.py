"""``imagegen-wire schema``: each form, exact output, exit codes; run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from google.protobuf import descriptor_pb2

from imagegen.v1 import image_generation_call_pb2 as pb
from imagegen_wire._cli import main
from imagegen_wire._jsonschema import json_schema

PROTO = Path(__file__).parent.parent / "proto" / "imagegen" / "v1" / "image_generation_call.proto"


def test_descriptor_set_holds_the_schema_and_its_imports(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    assert main(["schema", "--descriptor-set"]) == 0
    out = capsysbinary.readouterr().out
    files = descriptor_pb2.FileDescriptorSet.FromString(out).file
    # imports first, as protoc writes them, so a reader can build the pool in order
    assert [f.name for f in files] == [
        "google/protobuf/struct.proto",
        "imagegen/v1/image_generation_call.proto",
    ]
    written = files[1]
    # protoc fills in json_name for descriptor sets, not for the bindings it embeds
    for message in written.message_type:
        for field in message.field:
            field.ClearField("json_name")
    embedded = descriptor_pb2.FileDescriptorProto.FromString(pb.DESCRIPTOR.serialized_pb)
    assert written == embedded  # exactly what the installed bindings were built from


def test_proto_is_the_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--proto"]) == 0
    assert capsys.readouterr().out == PROTO.read_text("utf-8")


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
def test_json_schema_of_each_mode(capsys: pytest.CaptureFixture[str], strict: bool) -> None:
    assert main(["schema", "--json-schema", *(["--strict"] if strict else [])]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json_schema(strict=strict)
    assert printed["additionalProperties"] is (not strict)
    assert ("result" in printed["required"]) is strict


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["schema"],
            "one of the arguments --descriptor-set --json-schema --proto --include-dir is required",
        ),
        (["schema", "--proto", "--json-schema"], "not allowed with argument"),
        (["schema", "--proto", "--strict"], "--strict applies to --json-schema only"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse exits on its own errors; main may catch that
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_refuses_binary_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert main(["schema", "--descriptor-set"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "imagegen-wire: refusing to write a binary descriptor set to a terminal; "
        "redirect it: imagegen-wire schema --descriptor-set > schema.binpb\n"
    )
