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
from ._item import ImageGenerationCall, plain_items
from ._jsonmap import LARGE_DOCUMENT_BYTES

DEFAULT_MAX_FRAME_SIZE = 64 * 1024 * 1024
"""A binary frame may declare at most this many bytes (64 MiB) unless the reader is told more."""

DEFAULT_MAX_LINE_SIZE = 128 * 1024 * 1024
"""An NDJSON line may hold at most this many bytes (128 MiB): what a full frame is as JSON."""

CHUNK_SIZE = 1024 * 1024
"""The most a reader asks for at once: a lying prefix allocates only what arrives."""

LINE_READ_SIZE = 64 * 1024 * 1024
"""The most a sync reader asks ``readline`` for: a large line is read whole, in one piece."""

MAX_VARINT_BYTES = 10  # a 64-bit size; a longer prefix is garbage
_NDJSON_BLANK = b" \t\r\n"
_ROOT = "$"  # framing errors concern the whole item


class Record(msgspec.Struct, frozen=True):
    """One record read: its number (from 1), size (a line's without its end), item or error.

    ``end`` is the stream offset just past the record's bytes (a line's end
    included), counted from the first byte its reader read.
    """

    number: int
    size: int
    item: ImageGenerationCall | None = None
    error: ValidationError | DecodeError | None = None
    end: int = 0


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
        self.fed = 0
        """How many bytes have been fed, less any given back."""
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
        base = self.fed
        end = len(data)
        self.fed = base + end
        limit = self._limit
        records: list[Record] = []
        pos = 0
        while pos < end and not self.finished:
            if self._size < 0:
                size = data[pos]
                stop = pos + 1 + size
                # A shortcut of the steps below: a whole frame behind a one-byte prefix,
                # every frame of a stream of small items (tests/test_aio.py chunks any way).
                if size < 0x80 and stop <= end and size <= limit and not self._prefix_bytes:
                    records.append(self._record(data[pos + 1 : stop], base + stop))
                    pos = stop
                    continue
                pos = self._take_prefix(data, pos, end, records, base)
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
            records.append(self._frame(payload, base + pos))
        return records

    @property
    def between_records(self) -> bool:
        """True when no frame is in progress: the next byte fed starts a size prefix."""
        return self._size < 0 and not self._prefix_bytes

    def give_back(self) -> int:
        """Forget the frame in progress as if its bytes were never fed; return how many they were."""
        given = self._prefix_bytes + self._have
        self._prefix = self._prefix_bytes = self._have = 0
        self._size = -1
        self._parts = []
        self.fed -= given
        return given

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
            error = DecodeError(_ROOT, msg).at_record(number, "frame")
            return [Record(number, 0, error=error, end=self.fed)]
        msg = (
            f"expected a frame of {self._size:,} bytes as its prefix declares, "
            f"got {self._have:,} before the end: the stream is cut short"
        )
        error = DecodeError(_ROOT, msg).at_record(number, "frame")
        return [Record(number, self._size, error=error, end=self.fed)]

    def _take_prefix(
        self, data: bytes, pos: int, end: int, records: list[Record], base: int
    ) -> int:
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
                    records.append(self._fatal(msg, base + pos))
                    return end
                self._size = self._prefix
                if self._size == 0:
                    records.append(self._frame(b"", base + pos))
                return pos
            if self._prefix_bytes == MAX_VARINT_BYTES:
                msg = (
                    f"expected a frame size prefix of at most {MAX_VARINT_BYTES} bytes, got a "
                    "longer one: not a length-delimited stream, or corrupt"
                )
                records.append(self._fatal(msg, base + pos))
                return end
        return pos

    def _fatal(self, msg: str, end: int) -> Record:
        """The error that ends the stream, its prefix read up to ``end``."""
        self.finished = True
        number = self._number + 1
        error = DecodeError(_ROOT, msg).at_record(number, "frame")
        return Record(number, 0, error=error, end=end)

    def _frame(self, payload: bytes, end: int) -> Record:
        """The record of a frame read by the steps: their state reset, then the frame read."""
        self._prefix = self._prefix_bytes = self._have = 0
        self._size = -1
        self._parts = []
        return self._record(payload, end)

    def _record(self, payload: bytes, end: int) -> Record:
        self._number += 1
        number = self._number
        try:  # the frame cap bounds the payload: the item's default must not overrule it
            item = ImageGenerationCall.from_bytes(payload, max_size=None)
        except DecodeError as exc:
            return Record(number, len(payload), None, exc.at_record(number, "frame"), end)
        return Record(number, len(payload), item, None, end)


class NdjsonDecoder:
    """NDJSON lines from bytes fed in any chunks: blank lines counted but skipped, CRLF accepted.

    A line over ``max_line_size`` bytes (its end not counted) is an error record once
    its end arrives; it is dropped as it comes, never held. Decoding goes on after
    every error.
    """

    finished = False
    """Never true: decoding goes on after every error."""

    def __init__(self, *, strict: bool = False, max_line_size: int = DEFAULT_MAX_LINE_SIZE) -> None:
        check_limit("max_line_size", max_line_size)
        self._strict = strict
        self._limit = max_line_size
        self._number = 0
        self._pending = bytearray()  # the line in progress, while within the cap
        self._dropped = -1  # the content bytes of an over-long line so far, else -1
        self._last_cr = False  # the over-long line's last byte so far was b"\r"
        self.fed = 0
        """How many bytes have been fed, less any given back."""

    @property
    def next_number(self) -> int:
        """The number the next line will have."""
        return self._number + 1

    @property
    def between_records(self) -> bool:
        """True when no line is in progress: the next byte fed starts a line."""
        return self._dropped < 0 and not self._pending

    @property
    def wanted(self) -> int:
        """How many bytes a ``readline`` may take for the line in progress, within the cap.

        The cap and a line end, less what the line holds so far (a read that fills
        it with no line end shows the line too long), and 64 MiB at most; once the
        line is known too long, a megabyte at a time.
        """
        if self._dropped >= 0:
            return CHUNK_SIZE
        return min(self._limit + 2 - len(self._pending), LINE_READ_SIZE)

    def give_back(self) -> int:
        """Forget the line in progress as if its bytes were never fed; return how many they were.

        A line known to be too long has been dropped as it came: it stays, and 0 is returned.
        """
        if self._dropped >= 0:
            return 0
        given = len(self._pending)
        self._pending.clear()
        self.fed -= given
        return given

    def feed(self, data: bytes) -> list[Record]:
        """Take the next bytes of the stream; return the records of the lines they complete."""
        base = self.fed
        end = len(data)
        self.fed = base + end
        records: list[Record] = []
        find = data.find
        start = 0
        if self._dropped >= 0 or self._pending:  # the line in progress ends at the first newline
            newline = find(b"\n")
            if newline < 0:
                self._hold(data, 0, end)
                return records
            if self._dropped >= 0:
                cr = data[newline - 1] == 0x0D if newline else self._last_cr
                size = self._dropped + newline - (1 if cr else 0)
                self._dropped = -1
                self._number += 1
                records.append(self._too_long(size, base + newline + 1))
            else:
                self._pending += data[: newline + 1]
                line = bytes(self._pending)
                self._pending.clear()
                record = self._line(line, base + newline + 1)
                if record is not None:
                    records.append(record)
            start = newline + 1
        last = data.rfind(b"\n", start) + 1
        # A shortcut of the per-line loop below: blocks of two or more lines of plain
        # items, each block under the cap and LARGE_DOCUMENT_BYTES, read at once (the
        # loop's records, tests/test_read_ahead.py). A block that is not plain is read
        # line by line, and the next block tried.
        window = min(LARGE_DOCUMENT_BYTES - 1, self._limit)
        line_record = self._line
        while start < last:
            stop = data.rfind(b"\n", start, start + window) + 1 or find(b"\n", start) + 1
            if not self._strict and find(b"\n", start) + 1 < stop:
                items = plain_items(data[start:stop])
                if items is not None:
                    number = self._number
                    for item in items:
                        newline = find(b"\n", start)
                        size = newline - start
                        if size and data[newline - 1] == 0x0D:
                            size -= 1
                        number += 1
                        records.append(Record(number, size, item, None, base + newline + 1))
                        start = newline + 1
                    self._number = number
                    continue
            while start < stop:  # whole lines, uncopied if one is the chunk
                newline = find(b"\n", start)
                record = line_record(data[start : newline + 1], base + newline + 1)
                if record is not None:
                    records.append(record)
                start = newline + 1
        if start < end:
            self._hold(data, start, end)
        return records

    def end(self) -> list[Record]:
        """The stream ended: return the record of a last line without a line end, if any."""
        if self._dropped >= 0:
            self._number += 1
            size, self._dropped = self._dropped, -1
            return [self._too_long(size, self.fed)]
        if self._pending:
            line = bytes(self._pending)
            self._pending.clear()
            record = self._line(line, self.fed)
            return [] if record is None else [record]
        return []

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

    def _line(self, line: bytes, end: int) -> Record | None:
        """The record of a line (its end, ``\n`` or ``\r\n``, if any, included); none if blank."""
        self._number += 1
        number = self._number
        size = len(line)
        if line[-1] == 0x0A:
            size -= 2 if size > 1 and line[-2] == 0x0D else 1
        if size > self._limit:
            return self._too_long(size, end)
        if line[0] in _NDJSON_BLANK and not line.strip(_NDJSON_BLANK):
            return None
        try:  # the line cap bounds the item: the item's default must not overrule it
            item = ImageGenerationCall.from_json(line, strict=self._strict, max_size=None)
        except ValidationError as exc:
            return Record(number, size, None, exc.at_record(number, "line"), end)
        return Record(number, size, item, None, end)

    def _too_long(self, size: int, end: int) -> Record:
        number = self._number
        msg = (
            f"expected a line of at most {self._limit:,} bytes (max_line_size, "
            f"or the command line's --max-record-size), got {size:,} bytes"
        )
        error = ValidationError(_ROOT, msg).at_record(number, "line")
        return Record(number, size, error=error, end=end)
