"""Real DuckDB and Polars read the Parquet file imagegen_wire.arrow writes.

Marked ``peer``: .ci/setup.d/50-data.sh installs both; a missing one fails the
test that imports it (inside the test, so the default run never needs them).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_arrow import GOLDEN_ITEMS, NEWER

from imagegen_wire import ImageGenerationCall
from imagegen_wire.arrow import from_table, to_table

pytestmark = pytest.mark.peer

ITEMS = [
    *GOLDEN_ITEMS,
    NEWER,
    *(
        ImageGenerationCall(
            id=f"pq_{n}",
            status=["completed", "failed", "queued"][n % 3],
            image_bytes=bytes(n * 7),
            extra={"prompt": f"cat {n}", "size": {"w": n}},
        )
        for n in range(1, 40)
    ),
]


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    path = tmp_path / "items.parquet"
    pq.write_table(to_table(ITEMS), path)
    return path


def test_duckdb_counts_sums_and_reads_json(parquet: Path) -> None:
    import duckdb

    con = duckdb.connect()
    counts = dict(
        con.execute(f"SELECT status, count(*) FROM '{parquet}' GROUP BY status").fetchall()
    )
    assert counts == Counter(str(item.status) for item in ITEMS)
    (total,) = con.execute(f"SELECT sum(octet_length(image)) FROM '{parquet}'").fetchone() or (0,)
    assert total == sum(len(item.image_bytes or b"") for item in ITEMS)
    rows = con.execute(
        f"SELECT id, json_extract_string(extra, '$.prompt'), json_extract(extra, '$.size.w')::INT"
        f" FROM '{parquet}' WHERE id LIKE 'pq_%'"
    ).fetchall()
    want = [
        (item.id, item.extra["prompt"], item.extra["size"]["w"])
        for item in ITEMS
        if item.id.startswith("pq_")
    ]
    assert sorted(rows) == sorted(want)
    assert list(from_table(con.sql(f"SELECT * FROM '{parquet}'").to_arrow_table())) == ITEMS


def test_polars_counts_sums_and_reads_json(parquet: Path) -> None:
    import polars as pl

    frame = pl.read_parquet(parquet)
    counts = dict(frame.group_by("status").len().iter_rows())
    assert counts == Counter(str(item.status) for item in ITEMS)
    assert frame["image"].bin.size().sum() == sum(len(item.image_bytes or b"") for item in ITEMS)
    prompts = frame.select(
        "id", pl.col("extra").str.json_path_match("$.prompt").alias("prompt")
    ).drop_nulls()
    want = {item.id: json.dumps(item.extra["prompt"]) for item in ITEMS if "prompt" in item.extra}
    assert {i: json.dumps(p) for i, p in prompts.iter_rows()} == want
