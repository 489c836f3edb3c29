# confluent-kafka for examples/kafka and tests/test_kafka_example.py (marked `peer`):
# librdkafka's mock cluster and the mock:// schema registry, both in the wheel.
# Never in the `test` extra. Sourced by .ci/run with the venv active.
python -m pip install --quiet "confluent-kafka[protobuf,schemaregistry]>=2.6,<3"
