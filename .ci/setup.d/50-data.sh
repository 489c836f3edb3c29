# The data-stack peers of tests/test_arrow_peers.py (marked `peer`): DuckDB and
# Polars read the Parquet that imagegen_wire.arrow writes. Never in the `test`
# extra. Sourced by .ci/run with the venv active.
python -m pip install --quiet "duckdb>=1.1,<3" "polars>=1.0,<3"
