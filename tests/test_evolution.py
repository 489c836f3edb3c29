"""Schema evolution: a "v2" of the schema adds a field; v1 and v2 read each other's bytes.

v2 (tests/evolution/v2/) is proto/ plus ``optional string prompt = 7`` and a
fifth status value, ``IMAGE_GENERATION_STATUS_QUEUED = 5``. It is
compiled here with grpcio-tools' protoc and loaded into a pool of its own: the
default pool already holds v1 under the same file and message names, as a
program that has both versions in play would see them.

- v2 reads v1 bytes: every field as v1 wrote it, nothing unknown, no prompt;
- v1 (this library) reads v2 bytes and writes them back with the prompt intact;
- v1 reads v2's new status value through the text a v2 writer puts beside it;
- buf, with the project's buf.yaml, accepts v2 as a compatible change and
  rejects a renumbered field (docs/schema-evolution.md).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from golden_rows import WIRE_CASES
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory, text_format
from google.protobuf.message import Message
from google.protobuf.unknown_fields import UnknownFieldSet
from helpers import same_json
from peers import PROTO_FILE, PROTO_ROOT, ROOT, WELL_KNOWN, buf_installed, protoc

from imagegen_wire import ImageGenerationCall

V2_ROOT = Path(__file__).parent / "evolution" / "v2"
MESSAGE = "imagegen.v1.ImageGenerationCall"
PROMPT = "a cat in a hat, 🐈"
IDS = [case["name"] for case in WIRE_CASES]
BUF = ROOT / ".ci" / "node" / "node_modules" / ".bin" / "buf"


@pytest.fixture(scope="module")
def v2(tmp_path_factory: pytest.TempPathFactory) -> type[Message]:
    """The v2 message class, from a descriptor set protoc compiled v2 into."""
    out = tmp_path_factory.mktemp("v2") / "v2.binpb"
    protoc(
        f"-I{V2_ROOT}",
        f"-I{WELL_KNOWN}",
        "--include_imports",
        f"--descriptor_set_out={out}",
        PROTO_FILE,
    )
    pool = descriptor_pool.DescriptorPool()
    for file in descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file:
        pool.Add(file)
    descriptor = pool.FindMessageTypeByName(MESSAGE)
    assert "prompt" in descriptor.fields_by_name  # v2 indeed, not the v1 of the default pool
    return message_factory.GetMessageClass(descriptor)


def as_text(message: Message) -> str:
    return text_format.MessageToString(message, as_utf8=True)


@pytest.mark.parametrize("case", WIRE_CASES, ids=IDS)
def test_v2_reads_v1_bytes(v2: type[Message], case: dict[str, Any]) -> None:
    item = ImageGenerationCall.from_json(case["json"])
    newer = v2.FromString(item.to_bytes())
    assert as_text(newer) == as_text(item.to_proto())  # same fields, same names, same values
    assert not newer.HasField("prompt")
    assert len(UnknownFieldSet(newer)) == 0


@pytest.mark.parametrize("case", WIRE_CASES, ids=IDS)
def test_v1_reads_v2_bytes_and_writes_the_new_field_back(
    v2: type[Message], case: dict[str, Any]
) -> None:
    newer = v2.FromString(bytes.fromhex(case["hex"]))
    newer.prompt = PROMPT
    data = newer.SerializeToString(deterministic=True)

    item = ImageGenerationCall.from_bytes(data)
    assert item.has_unknown_fields
    # v1 reads every field it knows; the JSON has no place for the one it does not
    assert same_json(json.loads(item.to_json()), json.loads(case["json"]))
    assert item.to_dict() == ImageGenerationCall.from_json(case["json"]).to_dict()

    back = v2.FromString(item.to_bytes())
    assert back == newer
    assert back.prompt == PROMPT
    assert ImageGenerationCall.from_bytes(item.to_bytes()) == item  # and again, unchanged


def test_v1_keeps_the_new_field_apart_from_equal_items(v2: type[Message]) -> None:
    plain = ImageGenerationCall(id="ig_1", status="completed", result=None)
    newer = v2.FromString(plain.to_bytes())
    newer.prompt = PROMPT
    item = ImageGenerationCall.from_bytes(newer.SerializeToString())
    # Equal items give equal bytes: an item carrying a field of a newer schema is not equal.
    assert item != plain
    assert item.to_bytes() != plain.to_bytes()


def test_v1_reads_a_new_status_value_through_its_text(v2: type[Message]) -> None:
    queued = v2.DESCRIPTOR.fields_by_name["status"].enum_type.values_by_name
    newer = v2(
        id="ig_1", status_text="queued", status=queued["IMAGE_GENERATION_STATUS_QUEUED"].number
    )
    item = ImageGenerationCall.from_bytes(newer.SerializeToString())
    assert item.status == "queued"
    assert item.to_dict() == {"type": "image_generation_call", "id": "ig_1", "status": "queued"}
    # v1 writes the status it knows, the text, beside UNSPECIFIED: the JSON meaning
    # survives, the new number does not (docs/schema-evolution.md, rule on enum values).
    back = v2.FromString(item.to_bytes())
    assert back.status_text == "queued"
    assert (
        back.status
        == v2.DESCRIPTOR.fields_by_name["status"]
        .enum_type.values_by_name["IMAGE_GENERATION_STATUS_UNSPECIFIED"]
        .number
    )


def buf_breaking(tmp_path: Path, proto_text: str) -> tuple[int, str]:
    """``buf breaking`` of a changed copy of proto/ against proto/, with the project's buf.yaml."""
    buf_installed()
    shutil.copyfile(ROOT / "buf.yaml", tmp_path / "buf.yaml")
    changed = tmp_path / "proto" / PROTO_FILE
    changed.parent.mkdir(parents=True)
    changed.write_text(proto_text, "utf-8")
    done = subprocess.run(
        [str(BUF), "breaking", "proto", "--against", str(PROTO_ROOT)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.mark.peer  # buf, from npm (.ci/setup.d/30-interop.sh)
def test_buf_accepts_v2(tmp_path: Path) -> None:
    code, output = buf_breaking(tmp_path, (V2_ROOT / PROTO_FILE).read_text("utf-8"))
    assert (code, output) == (0, "")


@pytest.mark.peer
@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("status_text = 5;", "status_text = 8;", 'was deleted without reserving the number "5"'),
        ("ImageGenerationStatus status = 2047;", "ImageGenerationStatus status = 2046;", "2047"),
        (
            "string json_value = 2;",
            "bytes json_value = 2;",
            'changed type from "string" to "bytes"',
        ),
        ("  string id = 1;\n", "  reserved 1;\n", 'deleted without reserving the name "id"'),
    ],
    ids=["renumbered", "renumbered-status", "retyped", "removed-without-name"],
)
def test_buf_rejects_a_breaking_change(tmp_path: Path, old: str, new: str, complaint: str) -> None:
    source = (PROTO_ROOT / PROTO_FILE).read_text("utf-8")
    assert old in source
    code, output = buf_breaking(tmp_path, source.replace(old, new))
    assert code == 100, output
    assert complaint in output
