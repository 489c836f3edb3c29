"""The studio's gRPC client: messages in, imagegen-wire items out.

Run ``python studio_client.py [TARGET]`` (default ``127.0.0.1:50051``, the demo server).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import grpc
from imagestudio.v1 import image_studio_pb2, image_studio_pb2_grpc

from imagegen_wire import ImageGenerationCall

# The same limits as the server's: the client's receive limit is what a large
# image reply hits first (RESOURCE_EXHAUSTED: "Received message larger than max
# (5242903 vs. 4194304)" for a 5 MiB image).
MAX_MESSAGE_BYTES = 64 * 1024 * 1024
OPTIONS = [
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
]


def connect(target: str = "127.0.0.1:50051") -> grpc.Channel:
    return grpc.insecure_channel(target, options=OPTIONS)


def get_item(channel: grpc.Channel, item_id: str) -> ImageGenerationCall:
    stub = image_studio_pb2_grpc.ImageStudioStub(channel)
    response = stub.GetItem(image_studio_pb2.GetItemRequest(id=item_id), timeout=60)
    return ImageGenerationCall.from_proto(response.item)


def stream_items(channel: grpc.Channel, job_id: str) -> Iterator[ImageGenerationCall]:
    stub = image_studio_pb2_grpc.ImageStudioStub(channel)
    for message in stub.StreamItems(image_studio_pb2.StreamItemsRequest(job_id=job_id), timeout=60):
        yield ImageGenerationCall.from_proto(message)


if __name__ == "__main__":
    with connect(*sys.argv[1:2]) as channel:
        large = get_item(channel, "ig_large")
        print(f"{large.id}: {large.status}, {len(large.image_bytes or b'')} image bytes")
        statuses: dict[str, int] = {}
        for item in stream_items(channel, "job_1"):
            statuses[str(item.status)] = statuses.get(str(item.status), 0) + 1
        print(f"job_1: {sum(statuses.values())} items, {statuses}")
