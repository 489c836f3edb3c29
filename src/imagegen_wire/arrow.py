"""Items as Arrow record batches and tables (``pip install "imagegen-wire[arrow]"``).

Columns a person can query: ``id``, ``status`` (the JSON value), ``result_state``
(``absent``, ``null``, ``image``, ``text``), ``image`` (the decoded bytes),
``text`` (a result that is not an image), ``extra`` (the unknown JSON members as
one JSON object, each value's text as it came) and ``unknown_fields`` (protobuf
fields of a newer schema, as bytes), so nothing is lost. Every value goes through
the item's own checked accessors and constructors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import msgspec
import pyarrow as pa

from ._absent import ABSENT
from ._errors import ValidationError
from ._item import ImageGenerationCall

__all__ = ["SCHEMA", "from_table", "record_batches", "to_table"]

SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("result_state", pa.dictionary(pa.int8(), pa.string()), nullable=False),
        pa.field("image", pa.large_binary()),
        pa.field("text", pa.large_string()),
        pa.field("extra", pa.large_string()),
        pa.field("unknown_fields", pa.binary()),
    ]
)
"""The Arrow schema of ``record_batches``, ``to_table`` and ``from_table``."""

_STATES = ("absent", "null", "image", "text")
_STATE_TYPE = pa.dictionary(pa.int8(), pa.string())
_STATE_DICT = pa.array(_STATES, pa.string())
_ExtraRaw = dict[str, msgspec.Raw]


def _row(
    item: ImageGenerationCall,
) -> tuple[int, bytes | None, str | None, str | None, bytes | None]:
    image = item.image_bytes
    text: str | None = None
    if image is not None:
        state = 2
    else:
        result = item.result
        state = 0 if result is ABSENT else 1 if result is None else 3
        if state == 3:
            text = result  # type: ignore[assignment]
    extra: str | None = None
    unknown: bytes | None = None
    if item.has_unknown_fields or item.extra:
        message = item.to_proto()
        if message.extra_members:
            extra = (
                "{"
                + ",".join(
                    json.dumps(m.name, ensure_ascii=False) + ":" + m.json_value
                    for m in message.extra_members
                )
                + "}"
            )
        if item.has_unknown_fields:
            for field in message.DESCRIPTOR.fields:
                message.ClearField(field.name)
            unknown = message.SerializeToString()
    return state, image, text, extra, unknown


def _batch(items: list[ImageGenerationCall]) -> pa.RecordBatch:
    rows = [_row(item) for item in items]
    states = pa.DictionaryArray.from_arrays(pa.array([r[0] for r in rows], pa.int8()), _STATE_DICT)
    return pa.RecordBatch.from_arrays(
        [
            pa.array([item.id for item in items], pa.string()),
            pa.array([str(item.status) for item in items], pa.string()),
            states,
            pa.array([r[1] for r in rows], pa.large_binary()),
            pa.array([r[2] for r in rows], pa.large_string()),
            pa.array([r[3] for r in rows], pa.large_string()),
            pa.array([r[4] for r in rows], pa.binary()),
        ],
        schema=SCHEMA,
    )


def record_batches(
    items: Iterable[ImageGenerationCall], *, batch_size: int = 1024
) -> Iterator[pa.RecordBatch]:
    """Yield ``RecordBatch``es of ``SCHEMA`` holding at most ``batch_size`` items each.

    Only one batch is held at a time, so a stream of any length converts in flat memory.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    chunk: list[ImageGenerationCall] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == batch_size:
            yield _batch(chunk)
            chunk = []
    if chunk:
        yield _batch(chunk)


def to_table(items: Iterable[ImageGenerationCall]) -> pa.Table:
    """A ``pyarrow.Table`` of ``SCHEMA`` holding the items in order."""
    return pa.Table.from_batches(list(record_batches(items)), schema=SCHEMA)


def _kind(data_type: pa.DataType) -> str:
    """``string`` or ``binary`` for any width or view of either (DuckDB and Polars pick their own)."""
    if pa.types.is_dictionary(data_type):
        return _kind(data_type.value_type)
    if pa.types.is_string(data_type) or pa.types.is_large_string(data_type):
        return "string"
    if pa.types.is_binary(data_type) or pa.types.is_large_binary(data_type):
        return "binary"
    if pa.types.is_string_view(data_type):
        return "string"
    if pa.types.is_binary_view(data_type):
        return "binary"
    return str(data_type)


def _check_schema(schema: pa.Schema) -> None:
    for expected in SCHEMA:
        index = schema.get_field_index(expected.name)
        if index < 0:
            raise ValidationError(expected.name, "column missing")
        got = schema.field(index).type
        if _kind(got) != _kind(expected.type):
            raise ValidationError(expected.name, f"expected {_kind(expected.type)}, found {got}")


def _item(row: dict[str, Any]) -> ImageGenerationCall:
    state = row["result_state"]
    for name in ("id", "status", "result_state"):
        if row[name] is None:
            raise ValidationError(name, "null where a value is required")
    if state not in _STATES:
        raise ValidationError("result_state", f"{state!r} is none of {', '.join(_STATES)}")
    for name, wanted in (("image", "image"), ("text", "text")):
        if (row[name] is not None) != (state == wanted):
            raise ValidationError(name, f"set/unset does not match result_state {state!r}")
    if state == "image":
        base = ImageGenerationCall(id=row["id"], status=row["status"], image_bytes=row["image"])
    else:
        result = {"absent": ABSENT, "null": None, "text": row["text"]}[state]
        base = ImageGenerationCall(id=row["id"], status=row["status"], result=result)
    extra, unknown = row["extra"], row["unknown_fields"]
    if extra is None and unknown is None:
        return base
    message = base.to_proto()
    if extra is not None:
        try:
            members = msgspec.json.decode(extra, type=_ExtraRaw)
        except msgspec.DecodeError as err:
            raise ValidationError("extra", f"not a JSON object: {err}") from None
        for name, raw in members.items():
            message.extra_members.add(name=name, json_value=bytes(raw).decode())
    if unknown is not None:
        try:
            message.MergeFromString(unknown)
        except Exception as err:  # the generated bindings' DecodeError
            raise ValidationError("unknown_fields", f"not protobuf fields: {err}") from None
    try:
        return ImageGenerationCall.from_proto(message)
    except ValidationError as err:
        column = "extra" if err.path.startswith(("$.", "extra")) else "unknown_fields"
        raise ValidationError(column, str(err)) from None


def from_table(
    table_or_batches: pa.Table | pa.RecordBatch | Iterable[pa.RecordBatch],
) -> Iterator[ImageGenerationCall]:
    """Yield the items of a table or of record batches of ``SCHEMA``, one batch at a time.

    A bad table raises ``ValidationError`` naming the row (from 1) and the column.
    """
    if isinstance(table_or_batches, pa.Table):
        batches: Iterable[pa.RecordBatch] = table_or_batches.to_batches()
        _check_schema(table_or_batches.schema)
    elif isinstance(table_or_batches, pa.RecordBatch):
        batches = [table_or_batches]
    else:
        batches = table_or_batches
    row_number = 0
    for batch in batches:
        _check_schema(batch.schema)
        columns = {name: batch.column(name).to_pylist() for name in SCHEMA.names}
        for index in range(batch.num_rows):
            row_number += 1
            row = {name: values[index] for name, values in columns.items()}
            try:
                yield _item(row)
            except ValidationError as err:
                raise err.at_record(row_number, "row") from None
