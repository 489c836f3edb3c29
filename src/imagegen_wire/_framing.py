"""The framing rules of both stream formats, with no I/O: decoders fed bytes, giving records.

Each decoder is fed chunks of any size (one byte to megabytes) and hands back the
records complete so far; ``end()`` says the stream ended and gives what that
completes (the last line, or the error of a frame cut short). The sync readers of
``_stream``, the asyncio readers of ``aio`` and the command line all read through
these two classes, so a rule or a message lives here only. A decoder holds no more
than the record in progress, and never more of it than has arrived.
"""

from __future__ import annotations

import msgspec

from ._errors import DecodeError, ValidationError
from ._item import ImageGenerationCall

DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024
"""A binary frame may declare at most this many bytes (64 MiB) unless the reader is told more."""

DEFAULT_MAX_LINE_SIZE = 128 * 1024 * 1024
"""An NDJSON line may hold at most this many bytes (128 MiB): what a full frame is as JSON."""

CHUNK_SIZE = 1024 * 1024
"""The most a reader asks for at once: a lying prefix allocates only what arrives."""

MAX_VARINT_BYTES = 10  # a 64-bit size; a longer prefix is garbage
_NDJSON_BLANK = b" \t\r\n"
_ROOT = "$"  # framing errors concern the whole item


class Record(msgspec.Struct, frozen=True):
    """One record read: its number (from 1), size (a line's without its end), item or error."""

    number: int
    size: int
    item: ImageGenerationCall | None = None
    error: ValidationError | DecodeError | None = None


def check_limit(name: str, value: object) -> None:
    """Raise ``ValueError`` unless ``value`` is a positive int (a reader's size cap)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{name}: expected a positive int, got {value!r}"
        raise ValueError(msg)


def checked_item(item: object, call: str) -> ImageGenerationCall:
    """``item``, or ``TypeError`` naming the writer ``call`` if it is not an item."""
    if not isinstance(item, ImageGenerationCall):
        msg = f"{call}: expected ImageGenerationCall items, got {type(item).__name__}"
        raise TypeError(msg)
    return item


def not_binary_error(number: int, got: object, call: str) -> Record:
    """The record a reader gives when its file's ``call`` returned text, not bytes.

    A frame's (``read()``) is a ``DecodeError``, a line's (``readline()``) a ``ValidationError``.
    """
    msg = f"expected a binary file (open(path, 'rb')), got {type(got).__name__} from {call}"
    if call == "readline()":
        return Record(number, 0, error=ValidationError(_ROOT, msg).at_record(number, "line"))
    return Record(number, 0, error=DecodeError(_ROOT, msg).at_record(number, "frame"))


class DelimitedDecoder:
    """Length-delimited frames (a varint size, then that many bytes) from bytes fed in any chunks.

    A bad size prefix or a frame cut short ends the stream (``finished``): the frames
    after it cannot be located. A frame that is not a message is an error record,
    and decoding goes on after it.
    """

    def __init__(self, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE) -> None:
        check_limit("max_frame_size", max_frame_size)
        self._limit = max_frame_size
        self._number = 0
        self._prefix = 0  # the size prefix's value so far
        self._prefix_bytes = 0  # how many of its bytes have arrived
        self._size = -1  # the frame's size once its prefix is whole, else -1
        self._parts: list[bytes] = []  # the frame's bytes so far
        self._have = 0
        self.finished = False
        """True after an error that ends the stream: further bytes are ignored."""

    @property
    def next_number(self) -> int:
        """The number the next record will have."""
        return self._number + 1

    @property
    def wanted(self) -> int:
        """How many bytes may be fed without going past the frame in progress (at least 1).

        A reader that must leave the bytes after a frame in its file asks for this many.
        """
        if self._size < 0:
            return 1
        return max(1, min(self._size - self._have, CHUNK_SIZE))

    def feed(self, data: bytes) -> list[Record]:
        """Take the next bytes of the stream; return the records they complete."""
        end = len(data)
        # Shortcuts of the loop below for what a sync reader feeds: a one-byte size
        # prefix, then exactly the frame (tests/test_nonblocking.py splits any way).
        if self._size < 0:
            if end == 1 and not self._prefix_bytes and data[0] < 0x80 and data[0] <= self._limit:
                self._size = data[0]
                return [self._frame(b"")] if not self._size else []
        elif end == self._size and not self._parts:
            return [self._frame(data)]
        records: list[Record] = []
        pos = 0
        while pos < end and not self.finished:
            if self._size < 0:
                pos = self._take_prefix(data, pos, end, records)
                continue
            take = min(self._size - self._have, end - pos)
            if not self._parts and take == self._size:  # the whole frame in this chunk
                payload = data if take == end else data[pos : pos + take]  # whole: no copy
            else:
                self._parts.append(data[pos : pos + take])
                self._have += take
                if self._have < self._size:
                    return records
                payload = b"".join(self._parts)
            pos += take
            records.append(self._frame(payload))
        return records

    def end(self) -> list[Record]:
        """The stream ended: return the error of a frame or prefix cut short, if any."""
        if self.finished:
            return []
        self.finished = True
        if self._size < 0 and self._prefix_bytes == 0:
            return []
        number = self._number + 1
        if self._size < 0:
            msg = "expected the rest of a frame's size prefix, got the end of the stream: cut short"
            return [Record(number, 0, error=DecodeError(_ROOT, msg).at_record(number, "frame"))]
        msg = (
            f"expected a frame of {self._size:,} bytes as its prefix declares, "
            f"got {self._have:,} before the end: the stream is cut short"
        )
        error = DecodeError(_ROOT, msg).at_record(number, "frame")
        return [Record(number, self._size, error=error)]

    def _take_prefix(self, data: bytes, pos: int, end: int, records: list[Record]) -> int:
        while pos < end:
            byte = data[pos]
            pos += 1
            self._prefix |= (byte & 0x7F) << (7 * self._prefix_bytes)
            self._prefix_bytes += 1
            if not byte & 0x80:
                if self._prefix > self._limit:
                    msg = (
                        f"expected a frame size of at most {self._limit:,} bytes (max_frame_size, "
                        "or the command line's --max-record-size), "
                        f"got a size prefix declaring {self._prefix:,}: a corrupt or hostile "
                        "stream, or raise the limit; the frames after it cannot be located"
                    )
                    records.append(self._fatal(msg))
                    return end
                self._size = self._prefix
                if self._size == 0:
                    records.append(self._frame(b""))
                return pos
            if self._prefix_bytes == MAX_VARINT_BYTES:
                msg = (
                    f"expected a frame size prefix of at most {MAX_VARINT_BYTES} bytes, got a "
                    "longer one: not a length-delimited stream, or corrupt"
                )
                records.append(self._fatal(msg))
                return end
        return pos

    def _fatal(self, msg: str) -> Record:
        self.finished = True
        number = self._number + 1
        return Record(number, 0, error=DecodeError(_ROOT, msg).at_record(number, "frame"))

    def _frame(self, payload: bytes) -> Record:
        self._number += 1
        number = self._number
        size = len(payload)
        self._prefix = self._prefix_bytes = self._have = 0
        self._size = -1
        self._parts = []
        try:  # the frame cap bounds the payload: the item's default must not overrule it
            item = ImageGenerationCall.from_bytes(payload, max_size=None)
        except DecodeError as exc:
            return Record(number, size, error=exc.at_record(number, "frame"))
        return Record(number, size, item, None)


class NdjsonDecoder:
    """NDJSON lines from bytes fed in any chunks: blank lines counted but skipped, CRLF accepted.

    A line over ``max_line_size`` bytes (its end not counted) is an error record once
    its end arrives; it is dropped as it comes, never held. Decoding goes on after
    every error.
    """

    def __init__(self, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE) -> None:
        check_limit("max_line_size", max_line_size)
        self._strict = strict
        self._limit = max_line_size
        self._number = 0
        self._pending = bytearray()  # the line in progress, while within the cap
        self._dropped = -1  # the content bytes of an over-long line so far, else -1
        self._last_cr = False  # the over-long line's last byte so far was b"\r"

    @property
    def next_number(self) -> int:
        """The number the next line will have."""
        return self._number + 1

    def feed(self, data: bytes) -> list[Record]:
        """Take the next bytes of the stream; return the records of the lines they complete."""
        records: list[Record] = []
        # A shortcut of the loop below for what readline gives: one whole line.
        if self._dropped < 0 and not self._pending and data.find(b"\n") == len(data) - 1 >= 0:
            self._line(data, records)
            return records
        start = 0
        end = len(data)
        find = data.find
        while start < end:
            newline = find(b"\n", start)
            if newline < 0:
                self._hold(data, start, end)
                break
            if self._dropped >= 0:
                before = newline - start
                cr = data[newline - 1] == 0x0D if before else self._last_cr
                size = self._dropped + before - (1 if cr else 0)
                self._dropped = -1
                self._number += 1
                records.append(self._too_long(size))
            elif self._pending:
                self._pending += data[start : newline + 1]
                line = bytes(self._pending)
                self._pending.clear()
                self._line(line, records)
            else:
                self._line(data[start : newline + 1], records)
            start = newline + 1
        return records

    def end(self) -> list[Record]:
        """The stream ended: return the record of a last line without a line end, if any."""
        records: list[Record] = []
        if self._dropped >= 0:
            self._number += 1
            records.append(self._too_long(self._dropped))
            self._dropped = -1
        elif self._pending:
            line = bytes(self._pending)
            self._pending.clear()
            self._line(line, records)
        return records

    def _hold(self, data: bytes, start: int, end: int) -> None:
        if self._dropped >= 0:
            self._dropped += end - start
            self._last_cr = data[end - 1] == 0x0D
            return
        self._pending += data[start:end]
        # Over the cap and an CR: whatever follows, the line is too long; drop it as it comes.
        if len(self._pending) > self._limit + 1:
            self._dropped = len(self._pending)
            self._last_cr = self._pending[-1] == 0x0D
            self._pending = bytearray()

    def _line(self, line: bytes, records: list[Record]) -> None:
        self._number += 1
        number = self._number
        size = len(line) - (2 if line.endswith(b"\r\n") else 1 if line.endswith(b"\n") else 0)
        if size > self._limit:
            records.append(self._too_long(size))
            return
        if not line.strip(_NDJSON_BLANK):
            return
        try:  # the line cap bounds the item: the item's default must not overrule it
            item = ImageGenerationCall.from_json(line, strict=self._strict, max_size=None)
        except ValidationError as exc:
            records.append(Record(number, size, error=exc.at_record(number, "line")))
            return
        records.append(Record(number, size, item, None))

    def _too_long(self, size: int) -> Record:
        number = self._number
        msg = (
            f"expected a line of at most {self._limit:,} bytes (max_line_size, "
            f"or the command line's --max-record-size), got {size:,} bytes"
        )
        return Record(number, size, error=ValidationError(_ROOT, msg).at_record(number, "line"))
