"""The library's two errors.

Every failure the library reports is one of these, and both are ``ValueError``::

    ValueError
    ├── ValidationError   input that breaks the JSON contract (CONTRACT.md section 1)
    └── DecodeError       bytes that are not a valid ImageGenerationCall message

Each keeps where it happened for programs: ``path`` is a JSON path into the
item (``$.status``) or a field path in the message (``status_text``), and
``record`` is the 1-based line (NDJSON) or frame (binary stream) number when
the item came from a stream, else ``None``.
"""

from __future__ import annotations

from typing import TypeVar

_E = TypeVar("_E", bound="_WireError")


class _WireError(ValueError):
    """Shared shape of both errors: ``str(err)`` is ``"[record N: ]path: message"``."""

    path: str
    message: str
    record: int | None
    record_kind: str

    def __init__(
        self, path: str, message: str, *, record: int | None = None, record_kind: str = "record"
    ) -> None:
        self.path = path
        self.message = message
        self.record = record
        self.record_kind = record_kind
        super().__init__(self._text())

    def _text(self) -> str:
        where = f"{self.record_kind} {self.record}: " if self.record is not None else ""
        return f"{where}{self.path}: {self.message}"

    def at_record(self: _E, record: int, kind: str) -> _E:
        """Return a copy of this error that also names the stream record it came from."""
        return type(self)(self.path, self.message, record=record, record_kind=kind)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (type(self), self.path, self.message, self.record, self.record_kind))


def _rebuild(
    cls: type[_WireError], path: str, message: str, record: int | None, kind: str
) -> _WireError:
    return cls(path, message, record=record, record_kind=kind)


class ValidationError(_WireError):
    """An input breaks the JSON contract: not JSON, wrong shape, or (strict) not the closed shape.

    >>> ValidationError("$.status", "expected a string, got null").path
    '$.status'
    """


class DecodeError(_WireError):
    """Bytes are not a valid ``imagegen.v1.ImageGenerationCall`` message.

    Raised for malformed protobuf, a message cut short, and field combinations
    that no conforming writer produces.
    """
