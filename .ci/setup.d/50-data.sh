# The data-stack peers of tests/test_arrow_peers.py and tests/test_kafka_example.py
# (marked `peer`): DuckDB and Polars read our Parquet, confluent-kafka runs the
# Kafka example on librdkafka's mock cluster with its mock:// schema registry.
# Never in the `test` extra. Sourced by .ci/run with the venv active.
python -m pip install --quiet "duckdb>=1.1,<3" "polars>=1.0,<3" "confluent-kafka[protobuf,schemaregistry]>=2.6,<3"
