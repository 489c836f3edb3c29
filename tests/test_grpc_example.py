"""examples/grpc/, run for real over loopback: a 5 MiB image, then 1,000 streamed items.

The studio's stubs are generated here by the example's own ``generate.py``,
against the schema the package installed (never committed, never copied). The
items that come out of the client, after ``from_proto``, must equal the items
the server was given, one by one.
"""

from __future__ import annotations

import base64
import importlib
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import grpc
import pytest

from imagegen_wire import ImageGenerationCall

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "grpc"
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ModuleType, ModuleType]]:
    """(studio_server, studio_client), importing stubs that generate.py wrote to a temporary folder."""
    out = tmp_path_factory.mktemp("studio-stubs")
    done = subprocess.run(
        [sys.executable, str(EXAMPLE / "generate.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    stubs = out / "imagestudio" / "v1"
    assert sorted(p.name for p in stubs.glob("*.py")) == [
        "image_studio_pb2.py",
        "image_studio_pb2_grpc.py",
    ]
    assert not (out / "imagegen").exists()  # our message comes from the package
    sys.path[:0] = [str(out), str(EXAMPLE)]
    try:
        yield importlib.import_module("studio_server"), importlib.import_module("studio_client")
    finally:
        sys.path.remove(str(out))
        sys.path.remove(str(EXAMPLE))


def large_item() -> ImageGenerationCall:
    image = random.Random(5).randbytes(5 * MiB)
    return ImageGenerationCall(
        id="ig_large", status="completed", result=base64.b64encode(image).decode("ascii")
    )


def job_items() -> list[ImageGenerationCall]:
    """1,000 items covering every shape: each status (one unknown), each kind of result, extras."""
    statuses = ["in_progress", "generating", "completed", "failed", "queued"]
    results: list[object] = ["aGk=", None, "", "not base64!", "AAEC" * 64]
    items = []
    for n in range(1000):
        kwargs: dict[str, object] = {"id": f"ig_{n}", "status": statuses[n % 5]}
        if n % 7:
            kwargs["result"] = results[n % 5]
        if n % 11 == 0:
            kwargs["extra"] = {"prompt": f"cat {n}", "n": [n, 2.5, None, {"deep": True}]}
        items.append(ImageGenerationCall(**kwargs))  # type: ignore[arg-type]
    return items


@pytest.fixture(scope="module")
def target(example: tuple[ModuleType, ModuleType]) -> Iterator[str]:
    studio_server, _ = example
    large = large_item()
    studio = studio_server.Studio({large.id: large}, {"job_1": job_items()})
    server, port = studio_server.serve(studio, "127.0.0.1:0")
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop(grace=None)


def test_a_5_mib_image_item_arrives_intact(
    example: tuple[ModuleType, ModuleType], target: str
) -> None:
    _, studio_client = example
    expected = large_item()
    assert len(expected.to_bytes()) > 5 * MiB  # over gRPC's default 4 MiB limit
    with studio_client.connect(target) as channel:
        got = studio_client.get_item(channel, "ig_large")
    assert got == expected
    assert got.image_bytes == expected.image_bytes


def test_without_the_size_options_the_same_call_is_refused(
    example: tuple[ModuleType, ModuleType], target: str
) -> None:
    _, studio_client = example
    with grpc.insecure_channel(target) as channel, pytest.raises(grpc.RpcError) as caught:
        studio_client.get_item(channel, "ig_large")
    assert caught.value.code() is grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "vs. 4194304" in caught.value.details()


def test_1000_streamed_items_arrive_in_order_item_for_item(
    example: tuple[ModuleType, ModuleType], target: str
) -> None:
    _, studio_client = example
    expected = job_items()
    with studio_client.connect(target) as channel:
        got = list(studio_client.stream_items(channel, "job_1"))
    assert len(got) == 1000
    for ours, theirs in zip(got, expected, strict=True):
        assert ours == theirs
        assert ours.to_bytes() == theirs.to_bytes()


def test_an_unknown_id_is_not_found(example: tuple[ModuleType, ModuleType], target: str) -> None:
    _, studio_client = example
    with studio_client.connect(target) as channel, pytest.raises(grpc.RpcError) as caught:
        studio_client.get_item(channel, "ig_missing")
    assert caught.value.code() is grpc.StatusCode.NOT_FOUND


# -- grpc.aio: the same service, stubs and items, in one event loop -----------------


def test_grpc_aio_serves_and_reads_the_same_items(example: tuple[ModuleType, ModuleType]) -> None:
    import asyncio

    studio_aio = importlib.import_module("studio_aio")  # the fixture put the example on the path
    large, job = large_item(), job_items()

    async def run() -> tuple[ImageGenerationCall, list[ImageGenerationCall], grpc.StatusCode]:
        server, port = await studio_aio.serve(
            studio_aio.AioStudio({large.id: large}, {"job_1": job})
        )
        try:
            async with studio_aio.connect(f"127.0.0.1:{port}") as channel:
                got = await studio_aio.get_item(channel, "ig_large")
                streamed = [item async for item in studio_aio.stream_items(channel, "job_1")]
                try:
                    await studio_aio.get_item(channel, "ig_missing")
                except grpc.aio.AioRpcError as exc:
                    missing = exc.code()
                return got, streamed, missing
        finally:
            await server.stop(grace=None)

    got, streamed, missing = asyncio.run(run())
    assert got == large and got.image_bytes == large.image_bytes
    assert [item.to_bytes() for item in streamed] == [item.to_bytes() for item in job]
    assert missing is grpc.StatusCode.NOT_FOUND
