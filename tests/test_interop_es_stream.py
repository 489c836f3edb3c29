"""protobuf-es's size-delimited stream helpers read and write the streams we do.

interop/es/stream.mjs decodes our length-delimited stream with
``sizeDelimitedDecodeStream`` and writes each message back with
``sizeDelimitedEncode``: the count must match, we must read back the same
items, and the bytes must be ours (same framing, same messages).
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from peers import ES_DIR, node
from test_interop_es import generated  # noqa: F401 - the fixture generating the bindings

from imagegen_wire import ABSENT, ImageGenerationCall, read_delimited, write_delimited

pytestmark = pytest.mark.peer  # Node and protobuf-es (.ci/setup.d/30-interop.sh)

ITEMS = [
    ImageGenerationCall(id="ig_1", status="completed", result="aGk="),
    ImageGenerationCall(id="ig_2", status="queued", result=None, extra={"n": 10**25}),
    ImageGenerationCall(id="", status="failed", result=ABSENT),
    ImageGenerationCall(id="日本", status="generating", result="x" * 300),  # a 2-byte size prefix
    ImageGenerationCall(id="big", status="completed", result="QUJD" * 50_000),  # a 3-byte one
]


def es_stream(generated_js: Path, data: bytes) -> tuple[bytes, str]:
    done = subprocess.run(
        [node(), str(ES_DIR / "stream.mjs"), str(generated_js)],
        input=data,
        capture_output=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"node stream.mjs exited {done.returncode}: {done.stderr.decode().strip()}")
    return done.stdout, done.stderr.decode()


def test_protobuf_es_reads_and_writes_our_stream(generated: Path) -> None:  # noqa: F811
    ours = io.BytesIO()
    write_delimited(ours, ITEMS * 200)
    theirs, report = es_stream(generated, ours.getvalue())
    assert report == f"messages: {len(ITEMS) * 200}\n"
    assert list(read_delimited(io.BytesIO(theirs))) == ITEMS * 200
    assert theirs == ours.getvalue()


def test_an_empty_stream_is_empty_for_both(generated: Path) -> None:  # noqa: F811
    assert es_stream(generated, b"") == (b"", "messages: 0\n")
