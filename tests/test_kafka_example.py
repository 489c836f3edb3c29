"""examples/kafka on librdkafka's mock cluster and the ``mock://`` schema registry.

Marked ``peer``: confluent-kafka comes from .ci/setup.d/55-kafka.sh; a missing one
fails every test here (imported inside the fixtures, so the default run never needs it).

The mock cluster keeps at most 5 MiB of messages per partition (librdkafka's
``rd_kafka_mock_partition_new`` sets ``max_size``) and drops the oldest beyond that,
as a broker's retention would. A real broker keeps them, so the items with 5 MiB
images each go to a topic of their own, alone in their partition.
"""

from __future__ import annotations

import importlib
import sys
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import items
from test_arrow import GOLDEN_ITEMS, NEWER

from imagegen_wire import ImageGenerationCall

pytestmark = pytest.mark.peer

BIG = [
    ImageGenerationCall(id=f"big_{n}", status="completed", image_bytes=bytes([n]) * (5 << 20))
    for n in range(3)
]


def generated(count: int) -> list[ImageGenerationCall]:
    """``count`` items from the property tests' strategy, the same ones every run."""
    found: list[ImageGenerationCall] = []

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(items())
    def collect(item: ImageGenerationCall) -> None:
        found.append(item)

    collect()
    return found[:count]


@pytest.fixture(scope="module")
def kafka_items() -> ModuleType:
    sys.path.insert(0, str(Path(__file__).parent.parent / "examples" / "kafka"))
    try:
        return importlib.import_module("kafka_items")
    finally:
        sys.path.pop(0)


@pytest.fixture(scope="module")
def cluster(kafka_items: ModuleType) -> Iterator[dict[str, str]]:
    """A mock cluster lives as long as the client that made it: yield its bootstrap servers."""
    from confluent_kafka import Producer

    holder = Producer({"test.mock.num.brokers": 3})
    brokers = holder.list_topics(timeout=10).brokers.values()
    yield {"bootstrap.servers": ",".join(f"{b.host}:{b.port}" for b in brokers)}
    holder.flush()


def send_and_receive(
    kafka_items: ModuleType,
    cluster: dict[str, str],
    want: list[ImageGenerationCall],
    registry: object,
) -> dict[int, list[ImageGenerationCall]]:
    """Produce ``want`` to a new topic (the mock cluster makes it, with 4 partitions)."""
    topic = f"items-{uuid.uuid4().hex}"
    kafka_items.produce(cluster, topic, want, registry)
    got: dict[int, list[ImageGenerationCall]] = defaultdict(list)
    received = kafka_items.consume(
        cluster, topic, len(want), registry, group_id=uuid.uuid4().hex, timeout=20
    )
    for partition, item in received:
        got[partition].append(item)
    return got


@pytest.fixture(params=["registry", "plain"])
def registry(request: pytest.FixtureRequest, kafka_items: ModuleType) -> Any:
    """The ``mock://`` schema registry, or ``None`` for plain ``to_bytes()`` values."""
    if request.param == "plain":
        return None
    from confluent_kafka.schema_registry import SchemaRegistryClient

    return SchemaRegistryClient.new_client({"url": "mock://"})


def test_every_item_arrives_equal_in_order_per_partition(
    kafka_items: ModuleType, cluster: dict[str, str], registry: object
) -> None:
    want = [*GOLDEN_ITEMS, NEWER, *generated(1000)]
    got = send_and_receive(kafka_items, cluster, want, registry)
    assert sum(len(p) for p in got.values()) == len(want)
    assert sorted(i.to_bytes() for p in got.values() for i in p) == sorted(
        i.to_bytes() for i in want
    )
    for received in got.values():  # each partition holds its items in the order sent
        assert is_subsequence(received, want)
    # one id's items share a partition, so they keep their order; an empty id is an
    # empty key, which librdkafka's default partitioner spreads at random
    by_id: dict[str, list[ImageGenerationCall]] = defaultdict(list)
    for item in want:
        by_id[item.id].append(item)
    for received in got.values():
        for item_id in {i.id for i in received} - {""}:
            assert [i for i in received if i.id == item_id] == by_id[item_id]


def is_subsequence(part: list[ImageGenerationCall], whole: list[ImageGenerationCall]) -> bool:
    rest = iter(whole)
    return all(any(item == other for other in rest) for item in part)


@pytest.mark.parametrize("big", BIG, ids=lambda item: item.id)
def test_an_item_with_a_5_mib_image_arrives_equal(
    kafka_items: ModuleType, cluster: dict[str, str], registry: object, big: ImageGenerationCall
) -> None:
    got = send_and_receive(kafka_items, cluster, [big], registry)
    assert [i for p in got.values() for i in p] == [big]
    assert next(iter(got.values()))[0].to_bytes() == big.to_bytes()


def test_the_default_message_size_refuses_a_5_mib_image(cluster: dict[str, str]) -> None:
    from confluent_kafka import KafkaException, Producer

    producer = Producer(cluster)  # message.max.bytes left at 1,000,000
    with pytest.raises(KafkaException, match="MSG_SIZE_TOO_LARGE"):
        producer.produce("items-too-large", value=BIG[0].to_bytes())


def test_the_registry_frames_a_value_with_message_index_0() -> None:
    """``ImageGenerationCall`` is the first message of the .proto: the index is ``[0]``."""
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.protobuf import ProtobufSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    from imagegen.v1 import image_generation_call_pb2

    serialize = ProtobufSerializer(
        image_generation_call_pb2.ImageGenerationCall,
        SchemaRegistryClient.new_client({"url": "mock://"}),
        {"use.deprecated.format": False},
    )
    item = GOLDEN_ITEMS[0]
    value = serialize(item.to_proto(), SerializationContext("items-index", MessageField.VALUE))
    assert value[0] == 0  # magic byte
    schema_id = int.from_bytes(value[1:5], "big")
    assert value[5:6] == b"\x00"  # message indexes [0], written as the single byte 0
    assert value[6:] == item.to_bytes()
    assert schema_id >= 1
