"""The studio over grpc.aio: the same service and stubs as studio_server.py, for asyncio services.

Run ``python generate.py && python studio_aio.py``: it serves the demo studio on
a free port and reads it back, all in one event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence

import grpc
from imagestudio.v1 import image_studio_pb2, image_studio_pb2_grpc
from studio_server import OPTIONS, demo_studio

from imagegen.v1 import image_generation_call_pb2
from imagegen_wire import ImageGenerationCall


class AioStudio(image_studio_pb2_grpc.ImageStudioServicer):
    """Serves items from memory, as ``studio_server.Studio`` does, with coroutines."""

    def __init__(
        self,
        items: Mapping[str, ImageGenerationCall],
        jobs: Mapping[str, Sequence[ImageGenerationCall]],
    ) -> None:
        self.items = items
        self.jobs = jobs

    async def GetItem(  # type: ignore[override]
        self, request: image_studio_pb2.GetItemRequest, context: grpc.aio.ServicerContext
    ) -> image_studio_pb2.GetItemResponse:
        item = self.items.get(request.id)
        if item is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, f"no item {request.id!r}")
        return image_studio_pb2.GetItemResponse(item=item.to_proto())

    async def StreamItems(  # type: ignore[override]
        self, request: image_studio_pb2.StreamItemsRequest, context: grpc.aio.ServicerContext
    ) -> AsyncIterator[image_generation_call_pb2.ImageGenerationCall]:
        items = self.jobs.get(request.job_id)
        if items is None:
            await context.abort(grpc.StatusCode.NOT_FOUND, f"no job {request.job_id!r}")
        for item in items:
            yield item.to_proto()


async def serve(studio: AioStudio, address: str = "127.0.0.1:0") -> tuple[grpc.aio.Server, int]:
    """Start a grpc.aio server for ``studio``; the server and its port."""
    server = grpc.aio.server(options=OPTIONS)
    image_studio_pb2_grpc.add_ImageStudioServicer_to_server(studio, server)
    port = server.add_insecure_port(address)
    await server.start()
    return server, port


def connect(target: str) -> grpc.aio.Channel:
    """A grpc.aio channel with the same size limits as the server's (large images)."""
    return grpc.aio.insecure_channel(target, options=OPTIONS)


async def get_item(channel: grpc.aio.Channel, item_id: str) -> ImageGenerationCall:
    stub = image_studio_pb2_grpc.ImageStudioStub(channel)
    response = await stub.GetItem(image_studio_pb2.GetItemRequest(id=item_id), timeout=60)
    return ImageGenerationCall.from_proto(response.item)


async def stream_items(
    channel: grpc.aio.Channel, job_id: str
) -> AsyncIterator[ImageGenerationCall]:
    stub = image_studio_pb2_grpc.ImageStudioStub(channel)
    request = image_studio_pb2.StreamItemsRequest(job_id=job_id)
    async for message in stub.StreamItems(request, timeout=60):
        yield ImageGenerationCall.from_proto(message)


async def demo() -> None:
    studio = demo_studio()
    server, port = await serve(AioStudio(studio.items, studio.jobs))
    try:
        async with connect(f"127.0.0.1:{port}") as channel:
            large = await get_item(channel, "ig_large")
            print(f"{large.id}: {large.status}, {len(large.image_bytes or b'')} image bytes")
            count = sum([1 async for _ in stream_items(channel, "job_1")])
            print(f"job_1: {count} items")
    finally:
        await server.stop(grace=None)


if __name__ == "__main__":
    asyncio.run(demo())
