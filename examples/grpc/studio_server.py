"""The studio's gRPC server: items in, messages out, with room for large images.

Run ``python generate.py && python studio_server.py``: it listens on ``127.0.0.1:50051``.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator, Mapping, Sequence
from concurrent import futures

import grpc
from imagestudio.v1 import image_studio_pb2, image_studio_pb2_grpc

from imagegen.v1 import image_generation_call_pb2
from imagegen_wire import ImageGenerationCall

# gRPC refuses a message over 4 MiB by default; one image item is often larger.
# Raise both limits on both sides (client too) to the largest item you accept.
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
OPTIONS = [
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
]


class Studio(image_studio_pb2_grpc.ImageStudioServicer):
    """Serves items from memory: ``items`` by id, ``jobs`` as lists of items."""

    def __init__(
        self,
        items: Mapping[str, ImageGenerationCall],
        jobs: Mapping[str, Sequence[ImageGenerationCall]],
    ) -> None:
        self.items = items
        self.jobs = jobs

    def GetItem(
        self, request: image_studio_pb2.GetItemRequest, context: grpc.ServicerContext
    ) -> image_studio_pb2.GetItemResponse:
        item = self.items.get(request.id)
        if item is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no item {request.id!r}")
        return image_studio_pb2.GetItemResponse(item=item.to_proto())

    def StreamItems(
        self, request: image_studio_pb2.StreamItemsRequest, context: grpc.ServicerContext
    ) -> Iterator[image_generation_call_pb2.ImageGenerationCall]:
        items = self.jobs.get(request.job_id)
        if items is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no job {request.job_id!r}")
        for item in items:
            yield item.to_proto()


def serve(studio: Studio, address: str = "127.0.0.1:50051") -> tuple[grpc.Server, int]:
    """Start a server for ``studio``; the server and the port it listens on (``:0``: any free one)."""
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), options=OPTIONS)
    image_studio_pb2_grpc.add_ImageStudioServicer_to_server(studio, server)
    port = server.add_insecure_port(address)
    server.start()
    return server, port


def demo_studio() -> Studio:
    """A 5 MiB image under id ``ig_large``, and a job ``job_1`` of 1,000 small items."""
    image = base64.b64encode(os.urandom(5 * 1024 * 1024)).decode("ascii")
    large = ImageGenerationCall(id="ig_large", status="completed", result=image)
    job = [
        ImageGenerationCall(id=f"ig_{n}", status="generating" if n % 2 else "in_progress")
        for n in range(1000)
    ]
    return Studio({large.id: large}, {"job_1": job})


if __name__ == "__main__":
    server, port = serve(demo_studio())
    print(f"image studio on 127.0.0.1:{port}; Ctrl-C to stop")
    server.wait_for_termination()
