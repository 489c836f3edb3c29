"""Items through Kafka with confluent-kafka: with a schema registry, or as plain bytes.

``produce(...)``/``consume(...)`` key each message by the item's id, so one id's
items stay in order on one partition. With ``registry`` set (a
``SchemaRegistryClient``, ``mock://`` in the tests), values go through
confluent-kafka's ``ProtobufSerializer``/``ProtobufDeserializer`` and our shipped
bindings; without it, values are ``item.to_bytes()`` and need no registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from confluent_kafka import Consumer, Producer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from imagegen.v1 import image_generation_call_pb2
from imagegen_wire import ImageGenerationCall

# An item carries its image inline, base64 never on the wire: a 5 MiB image makes a
# message of 5 MiB and a few bytes, over librdkafka's default message.max.bytes
# (1,000,000). The producer's limit is raised here; the broker's message.max.bytes (or
# the topic's max.message.bytes) must allow as much. The consumer's defaults already
# fetch one message of up to fetch.max.bytes (50 MiB), however large.
MAX_MESSAGE_BYTES = 16 * 1024 * 1024


def produce(
    config: dict[str, Any], topic: str, items: Iterable[ImageGenerationCall], registry: Any = None
) -> None:
    """Send every item to ``topic``, keyed by its id; wait until all are delivered."""
    producer = Producer({"message.max.bytes": MAX_MESSAGE_BYTES, **config})
    serialize = (
        ProtobufSerializer(
            image_generation_call_pb2.ImageGenerationCall,
            registry,
            {"use.deprecated.format": False},
        )
        if registry is not None
        else None
    )
    failures: list[str] = []

    def delivered(err: Any, _msg: Any) -> None:
        if err is not None:
            failures.append(str(err))

    for item in items:
        if serialize is None:
            value = item.to_bytes()
        else:
            value = serialize(item.to_proto(), SerializationContext(topic, MessageField.VALUE))
        producer.produce(topic, key=item.id.encode(), value=value, on_delivery=delivered)
        producer.poll(0)
    producer.flush()
    if failures:
        raise RuntimeError(f"{len(failures)} messages not delivered: {failures[0]}")


def consume(
    config: dict[str, Any],
    topic: str,
    count: int,
    registry: Any = None,
    *,
    group_id: str = "imagegen-wire-example",
    timeout: float = 30.0,
) -> Iterator[tuple[int, ImageGenerationCall]]:
    """Yield ``(partition, item)`` for ``count`` messages of ``topic``, in each partition's order.

    Raises ``TimeoutError`` if no message arrives for ``timeout`` seconds.
    """
    consumer = Consumer({"group.id": group_id, "auto.offset.reset": "earliest", **config})
    deserialize = (
        ProtobufDeserializer(
            image_generation_call_pb2.ImageGenerationCall, {"use.deprecated.format": False}
        )
        if registry is not None
        else None
    )
    consumer.subscribe([topic])
    try:
        seen = 0
        while seen < count:
            msg = consumer.poll(timeout)
            if msg is None:
                raise TimeoutError(f"{seen} of {count} messages arrived within {timeout} s")
            if msg.error():
                raise RuntimeError(str(msg.error()))
            data, partition = msg.value(), msg.partition()
            if data is None or partition is None:  # a tombstone carries no item
                raise ValueError(f"{topic} offset {msg.offset()}: a message with no value")
            if deserialize is None:
                item = ImageGenerationCall.from_bytes(data)
            else:
                message = deserialize(data, SerializationContext(topic, MessageField.VALUE))
                item = ImageGenerationCall.from_proto(message)
            seen += 1
            yield partition, item
    finally:
        consumer.close()
