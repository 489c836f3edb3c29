"""imagegen_wire.arrow: lossless to Arrow and Parquet and back, and clear errors on bad tables."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from golden_rows import WIRE_CASES
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import items

from imagegen_wire import ImageGenerationCall, ValidationError
from imagegen_wire.arrow import SCHEMA, from_table, record_batches, to_table

GOLDEN_ITEMS = [ImageGenerationCall.from_bytes(bytes.fromhex(case["hex"])) for case in WIRE_CASES]
# A field of a newer schema (number 7, a string), appended to a message's bytes.
NEWER = ImageGenerationCall.from_bytes(
    ImageGenerationCall(
        id="n", status="completed", image_bytes=b"\x89PNG", extra={"a": 1.5e3}
    ).to_bytes()
    + b"\x3a\x03new"
)


def assert_same(got: list[ImageGenerationCall], want: list[ImageGenerationCall]) -> None:
    assert got == want
    assert [item.to_bytes() for item in got] == [item.to_bytes() for item in want]


def test_golden_items_round_trip_through_a_table_and_parquet(tmp_path: Path) -> None:
    want = [*GOLDEN_ITEMS, NEWER]
    assert NEWER.has_unknown_fields
    table = to_table(want)
    assert table.schema.equals(SCHEMA)
    assert_same(list(from_table(table)), want)
    pq.write_table(table, tmp_path / "items.parquet")
    assert_same(list(from_table(pq.read_table(tmp_path / "items.parquet"))), want)


@settings(max_examples=60, deadline=None)
@given(st.lists(items(), max_size=12), st.integers(1, 5))
def test_random_items_round_trip_in_batches(want: list[ImageGenerationCall], size: int) -> None:
    batches = list(record_batches(want, batch_size=size))
    assert all(batch.num_rows <= size for batch in batches)
    assert_same(list(from_table(batches)), want)
    assert_same(list(from_table(to_table(want))), want)


def test_columns_are_queryable_values() -> None:
    item = ImageGenerationCall(id="a", status="completed", image_bytes=b"img", extra={"p": "x"})
    row = to_table([item]).to_pylist()[0]
    assert row == {
        "id": "a",
        "status": "completed",
        "result_state": "image",
        "image": b"img",
        "text": None,
        "extra": '{"p":"x"}',
        "unknown_fields": None,
    }


def test_bad_status_names_row_and_column() -> None:
    table = to_table([GOLDEN_ITEMS[0], GOLDEN_ITEMS[0]])
    statuses = pa.array(["completed", None], pa.string())
    bad = table.set_column(1, SCHEMA.field("status").with_nullable(True), statuses)
    with pytest.raises(ValidationError, match=r"^row 2: status: null"):
        list(from_table(bad))


def test_bad_state_and_extra_name_row_and_column() -> None:
    table = to_table([GOLDEN_ITEMS[0]])
    bad = table.set_column(2, "result_state", pa.array(["maybe"]))
    with pytest.raises(ValidationError, match=r"^row 1: result_state: 'maybe'"):
        list(from_table(bad))
    bad = table.set_column(5, "extra", pa.array(["[1]"], pa.large_string()))
    with pytest.raises(ValidationError, match=r"^row 1: extra: not a JSON object"):
        list(from_table(bad))


def test_wrong_schema_names_the_column() -> None:
    table = to_table([GOLDEN_ITEMS[0]]).drop_columns(["image"])
    with pytest.raises(ValidationError, match="image: column missing"):
        list(from_table(table))
    table = to_table([GOLDEN_ITEMS[0]])
    table = table.set_column(0, "id", pa.array([1]))
    with pytest.raises(ValidationError, match="id: expected string, found int64"):
        list(from_table(table))
