"""The library's two errors, both ``ValueError``: every failure of input data is one of them.

Misuse of a call is Python's own error: a stream writer given something that is
not an item raises ``TypeError``, a reader given a size limit that is not a
positive int ``ValueError``, ``imagegen_wire.aio`` given a source or writer of the
wrong kind ``TypeError``.

Each says where: ``path`` (``$.status``, ``status_text``) and ``record`` (a stream's, from 1).
"""

from __future__ import annotations

from typing import TypeVar

_E = TypeVar("_E", bound="_WireError")


class _WireError(ValueError):
    """Shared shape of both errors: ``str(err)`` is ``"[record N: ]path: message"``."""

    def __init__(
        self, path: str, message: str, record: int | None = None, record_kind: str = "record"
    ) -> None:
        self.path = path
        self.message = message
        self.record = record
        self.record_kind = record_kind
        where = f"{record_kind} {record}: " if record is not None else ""
        super().__init__(f"{where}{path}: {message}")

    def at_record(self: _E, record: int, kind: str) -> _E:
        """Return a copy of this error that also names the stream record it came from."""
        return type(self)(self.path, self.message, record, kind)

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.message, self.record, self.record_kind))


class ValidationError(_WireError):
    """Input breaks the JSON contract (CONTRACT.md section 1): not JSON, or not the item's shape.

    >>> ValidationError("$.status", "expected a string, got null").path
    '$.status'
    """


class DecodeError(_WireError):
    """Bytes are not a valid ``imagegen.v1.ImageGenerationCall`` (CONTRACT.md section 3)."""
