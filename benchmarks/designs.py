"""Three designs for every missed goal of issue 11, timed with the goal's peers in one run.

    python benchmarks/designs.py            # about 2 minutes on 2 cores
    python benchmarks/designs.py --quick    # a rough look

For each goal (S, N and L, each direction, ``bytes`` and ``str`` input where
the goal names them):

- A, the library as users call it: ``from_json(d).to_bytes()``,
  ``from_bytes(b).to_json()``, and for N the stream module (``read_ndjson``
  into ``write_delimited``, ``read_delimited`` into ``write_ndjson``, over
  ``BytesIO``);
- B, the alternative design: one function per direction, no item object, no
  call between modules, every contract check kept, the library's full path for
  anything it does not decide (:func:`b_json_to_binary`,
  :func:`b_binary_to_json`); for N a batch converter over whole chunks of the
  stream (:func:`b_ndjson_to_delimited`, :func:`b_delimited_to_ndjson`);
- C, the floor: the bindings' and the codecs' calls alone for that workload,
  with no check (``floor.py`` for S; here for N and L).

Before timing, B and C must give exactly A's bytes and JSON, and B must give
A's output and A's error on a set of awkward inputs (:func:`check_designs`).
The peers are ``contenders.py``'s, so the figures match ``run.py``'s.
Medians of ``timing.compare`` (round-robin), every call in one run.
"""

from __future__ import annotations

import argparse
import binascii
import contextlib
import functools
import io
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, BinaryIO

import msgspec
import pybase64

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import contenders  # noqa: E402
import floor  # noqa: E402
import timing  # noqa: E402
import workloads  # noqa: E402

from imagegen.v1 import image_generation_call_pb2 as pb  # noqa: E402
from imagegen_wire import (  # noqa: E402
    DEFAULT_MAX_FRAME_SIZE,
    DEFAULT_MAX_LINE_SIZE,
    DecodeError,
    ImageGenerationCall,
    ValidationError,
    _jsonmap,
    _stream,
)
from imagegen_wire._base64 import decode_canonical  # noqa: E402
from imagegen_wire._limits import DEFAULT_MAX_SIZE  # noqa: E402
from imagegen_wire._status import Status  # noqa: E402

_Message = pb.ImageGenerationCall
_FromString = _Message.FromString
_NUMBER: dict[str, int] = {
    s.value: getattr(pb, f"IMAGE_GENERATION_STATUS_{s.name}") for s in Status
}
_TEXT = {number: text for text, number in _NUMBER.items()}
_HEAD = '{"type":"image_generation_call","id":'
_IMAGE_TAIL = {n: f'","status":"{t}"}}' for n, t in _TEXT.items()}  # after the base64
_NULL_TAIL = {n: f',"result":null,"status":"{t}"}}' for n, t in _TEXT.items()}
_ZERO_2, _ZERO_4 = frozenset("AEIMQUYcgkosw048"), frozenset("AQgw")
_ZERO_2_BYTES, _ZERO_4_BYTES = frozenset(b"AEIMQUYcgkosw048"), frozenset(b"AQgw")
_LARGE = _jsonmap.LARGE_DOCUMENT_BYTES
_SMALL_B64 = 128  # below it binascii decodes, from it pybase64 (as _base64.py)
_decode_shape = _jsonmap._decode_shape
_decode_lines = msgspec.json.Decoder(_jsonmap._Shape).decode_lines
_b64encode = pybase64.b64encode_as_string
_VARINT = [bytes((value,)) for value in range(0x80)]  # the one-byte varints, as a table
_CHUNK = 1 << 20  # what the batch converters read at once
_BLANK = b" \t\r\n"


# -- B: one function per direction ------------------------------------------------


def _small_bytes(data: str | bytes) -> bytes | None:
    """The message of a small document of the four members, or None (not decided)."""
    try:
        shape = _decode_shape(data)
    except ValueError:  # anything but the plain item; a lone surrogate in a str
        return None
    message = _Message()
    id_ = shape.id
    message.id = id_ if id_.isascii() else id_.encode()  # type: ignore[assignment]
    result = shape.result
    if type(result) is str:
        length = len(result)
        raw: bytes | None = None
        if length < _SMALL_B64:
            if length and not length % 4:
                try:
                    raw = binascii.a2b_base64(result, strict_mode=True)
                except ValueError:
                    raw = None
                if raw is not None:
                    pad = length // 4 * 3 - len(raw)
                    if not (
                        (not pad and raw)
                        or (pad == 1 and result[-2] in _ZERO_2)
                        or (pad == 2 and result[-3] in _ZERO_4)
                    ):
                        raw = None
        else:
            raw = decode_canonical(result)
        if raw is None:
            message.result_text = result
        else:
            message.result_image = raw
    elif result is None:
        message.result_null = 0  # type: ignore[assignment]
    number = _NUMBER.get(shape.status)
    if number is None:
        message.status_text = shape.status
        number = 0
    message.status = number  # type: ignore[assignment]
    return message.SerializeToString()


def _large_bytes(data: bytes) -> bytes | None:
    """The message of a large document whose result is canonical base64, read in place; or None.

    ``_jsonmap._read_in_place`` written out, with the same proof that the
    slice is the top-level result (see there), for the plain item only.
    """
    found = _jsonmap._RESULT_VALUE.search(data)
    if found is None:
        return None
    start = found.end()
    end = data.find(b'"', max(start, len(data) - _jsonmap._TAIL_WINDOW))
    length = end - start
    if end == -1 or not length or length % 4:
        return None
    try:
        image = pybase64.b64decode(memoryview(data)[start:end], validate=True)
    except ValueError:
        return None
    pad = length // 4 * 3 - len(image)
    if pad and not (
        (pad == 1 and data[end - 2] in _ZERO_2_BYTES)
        or (pad == 2 and data[end - 3] in _ZERO_4_BYTES)
    ):
        return None
    rest = data[:start] + data[end:]
    if b"\\" in rest or rest.count(b'"result"') != 1:
        return None
    try:
        shape = _decode_shape(rest)
    except ValueError:
        return None
    number = _NUMBER.get(shape.status)
    if shape.result != "" or number is None:
        return None
    message = _Message()
    id_ = shape.id
    message.id = id_ if id_.isascii() else id_.encode()  # type: ignore[assignment]
    message.result_image = image
    message.status = number  # type: ignore[assignment]
    return message.SerializeToString()


def b_json_to_binary(data: str | bytes, max_size: int | None = DEFAULT_MAX_SIZE) -> bytes:
    """B, JSON to binary: ``from_json(data).to_bytes()`` in one function, default mode."""
    kind = type(data)
    if (kind is bytes or kind is str) and (max_size is None or len(data) <= max_size):
        out: bytes | None
        if len(data) < _LARGE:
            out = _small_bytes(data)
        else:
            try:  # encoded once, as read_json does; a lone surrogate: the full path words it
                encoded = data.encode() if kind is str else data  # type: ignore[union-attr]
            except UnicodeEncodeError:
                encoded = None
            out = _large_bytes(encoded) if type(encoded) is bytes else None
        if out is not None:
            return out
    return ImageGenerationCall.from_json(data, max_size=max_size).to_bytes()


def _json_of(message: _Message, size: int) -> str | None:
    """The JSON of a parsed message proved by its length to hold nothing else, or None.

    The library's proof by length (``_wire.decode``), for an image or a null
    result (two bytes on the wire, value NULL_VALUE).
    """
    number: int = message.status
    if 1 <= number <= 4:
        id_ = message.id
        if id_.isascii():  # then the whole document is ASCII: no line break to escape
            n = len(id_)
            id_size = 1 + (n.bit_length() + 6) // 7 + n if n else 0
            image = message.result_image
            if image:
                if size == 4 + (len(image).bit_length() + 6) // 7 + len(image) + id_size:
                    # One f-string: the base64 text is copied once, into the document.
                    return f'{_HEAD}{encode_basestring(id_)},"result":"{_b64encode(image)}{_IMAGE_TAIL[number]}'
            elif (
                size == 5 + id_size
                and message.WhichOneof("result") == "result_null"
                and message.result_null == 0  # type: ignore[comparison-overlap]
            ):
                return f"{_HEAD}{encode_basestring(id_)}{_NULL_TAIL[number]}"
    return None


def b_binary_to_json(data: bytes, max_size: int | None = DEFAULT_MAX_SIZE) -> str:
    """B, binary to JSON: ``from_bytes(data).to_json()`` in one function."""
    if type(data) is bytes and (max_size is None or len(data) <= max_size):
        try:
            message = _FromString(data)
        except Exception:  # the full path words the error
            message = None
        if message is not None:
            document = _json_of(message, len(data))
            if document is not None:
                return document
    return ImageGenerationCall.from_bytes(data, max_size=max_size).to_json()


# -- B for N: batch converters over chunks of the stream --------------------------


class _Replay:
    """A binary file that gives back bytes already read from ``file``, then reads on from it.

    The batch converters read ahead in chunks; whatever they do not decide
    themselves they hand, through this, to the library's own stream reader.
    """

    def __init__(self, head: bytes, file: Any) -> None:
        self._head = head
        self._at = 0
        self._file = file

    def rest(self) -> bytes:
        """The replayed bytes not read yet."""
        return self._head[self._at :]

    def read(self, size: int = -1) -> Any:
        head, at = self._head, self._at
        if at < len(head):
            part = head[at:] if size < 0 else head[at : at + size]
            self._at = at + len(part)
            return part  # a short read: the library's readers read on
        return self._file.read(size)

    def readline(self, size: int = -1) -> Any:
        head, at = self._head, self._at
        if at >= len(head):
            return self._file.readline(size)
        limit = len(head) if size < 0 else min(len(head), at + size)
        stop = head.find(b"\n", at, limit)
        stop = limit if stop == -1 else stop + 1
        line = head[at:stop]
        self._at = stop
        if line.endswith(b"\n") or (size >= 0 and len(line) >= size):
            return line
        more = self._file.readline(size - len(line) if size >= 0 else -1)
        return line + more if isinstance(more, bytes) else more


class _Once:
    """A file whose first read returns ``value`` (a text file's ``str``), then reads on."""

    def __init__(self, value: object, file: Any) -> None:
        self._value: object = value
        self._file = file

    def _next(self, read: Callable[[int], object], size: int) -> object:
        value, self._value = self._value, None
        return read(size) if value is None else value

    def read(self, size: int = -1) -> object:
        return self._next(self._file.read, size)

    def readline(self, size: int = -1) -> object:
        return self._next(self._file.readline, size)


def _shapes_bytes(shapes: list[Any], parts: list[bytes]) -> None:
    """Frames (prefix, message) of plain items, appended to ``parts``: _small_bytes in a loop.

    Its body repeats _small_bytes' on purpose: B is the design with no call per item, and a
    call here is what it measures the absence of.
    """
    append = parts.append
    for shape in shapes:
        message = _Message()
        id_ = shape.id
        message.id = id_ if id_.isascii() else id_.encode()
        result = shape.result
        if type(result) is str:
            raw = None
            length = len(result)
            if length < _SMALL_B64:
                if length and not length % 4:
                    try:
                        raw = binascii.a2b_base64(result, strict_mode=True)
                    except ValueError:
                        raw = None
                    if raw is not None:
                        pad = length // 4 * 3 - len(raw)
                        if not (
                            (not pad and raw)
                            or (pad == 1 and result[-2] in _ZERO_2)
                            or (pad == 2 and result[-3] in _ZERO_4)
                        ):
                            raw = None
            else:
                raw = decode_canonical(result)
            if raw is None:
                message.result_text = result
            else:
                message.result_image = raw
        elif result is None:
            message.result_null = 0  # type: ignore[assignment]
        number = _NUMBER.get(shape.status)
        if number is None:
            message.status_text = shape.status
            number = 0
        message.status = number  # type: ignore[assignment]
        data = message.SerializeToString()
        size = len(data)
        append(_VARINT[size] if size < 0x80 else _stream.encode_varint(size))
        append(data)


def _library_line(
    file: Any, number: int, max_line_size: int, parts: list[bytes], dst: BinaryIO
) -> int | None:
    """One record read by the library's NDJSON reader from ``file``; return the new line count.

    None at the end of the stream. Its item is framed into ``parts``; its error
    is raised, numbered as the whole stream numbers it, after ``parts`` is written.
    """
    record = next(_stream.ndjson_records(file, max_line_size=max_line_size), None)
    if record is None:
        return None
    number += record.number
    if record.error is not None:
        dst.write(b"".join(parts))
        raise record.error.at_record(number, "line")
    assert record.item is not None
    data = record.item.to_bytes()
    parts.append(_stream.encode_varint(len(data)))
    parts.append(data)
    return number


def _block_lines(
    block: bytes, number: int, max_line_size: int, parts: list[bytes], dst: BinaryIO
) -> int:
    """Frame every line of ``block`` (complete lines) into ``parts``; return the line count."""
    lines = block.count(b"\n")
    # Fast path: every line starts with "{" and msgspec reads exactly one item
    # per line. A raw line break cannot stand inside a JSON string, so each
    # line's start is outside any string; the typed shape has no nested object,
    # so a "{" there starts an item; as many items as lines, each starting a
    # line, puts each item on its own line, and what follows it on the line is
    # whitespace: the very items the per-line reader would read, no line too long.
    if block[0] == 0x7B and block.count(b"\n{") == lines - 1 and len(block) <= max_line_size:
        try:
            shapes = _decode_lines(block)
        except ValueError:
            shapes = None
        if shapes is not None and len(shapes) == lines:
            _shapes_bytes(shapes, parts)
            return number + lines
    # Line by line: the plain item by the typed shape, anything else by the library.
    for line in block.split(b"\n")[:-1]:
        number += 1
        if len(line) <= max_line_size and line.strip(_BLANK):
            try:
                shape = _decode_shape(line)
            except ValueError:
                shape = None
            if shape is not None:
                _shapes_bytes([shape], parts)
                continue
        elif len(line) <= max_line_size:
            continue  # a blank line: counted, skipped
        _library_line(io.BytesIO(line + b"\n"), number - 1, max_line_size, parts, dst)
    return number


def b_ndjson_to_delimited(
    src: BinaryIO, dst: BinaryIO, *, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> int:
    """B for N, JSON to binary: ``write_delimited(dst, read_ndjson(src))`` a chunk at a time.

    Reads the stream in chunks of ``_CHUNK`` bytes (memory stays flat) and
    writes each chunk's frames in one call; a line longer than a chunk, the
    last line without its ``\\n`` and a text file go to the library's reader.
    Unlike ``read_ndjson`` it reads ahead, so it is for converting a whole
    stream: after an error the file position is past the bad line.
    """
    _stream._check_limit("max_line_size", max_line_size)
    number = count = 0
    pending = b""
    while True:
        chunk = src.read(_CHUNK)
        parts: list[bytes] = []
        if type(chunk) is not bytes or not chunk:
            # The end (or a text file): what is left is the library's, to its end.
            file: Any = _Replay(pending, src if type(chunk) is bytes else _Once(chunk, src))
            while True:
                got = _library_line(file, number, max_line_size, parts, dst)
                if got is None:
                    dst.write(b"".join(parts))
                    return count + len(parts) // 2
                number = got
        buf = pending + chunk if pending else chunk
        cut = buf.rfind(b"\n") + 1
        if not cut:
            if len(buf) < _CHUNK:
                pending = buf
                continue
            # A line longer than a chunk: the library reads it, from here and the file.
            replay = _Replay(buf, src)
            got = _library_line(replay, number, max_line_size, parts, dst)
            number = number if got is None else got
            pending = replay.rest()
        else:
            pending = buf[cut:]
            number = _block_lines(buf[:cut] if pending else buf, number, max_line_size, parts, dst)
        dst.write(b"".join(parts))
        count += len(parts) // 2


def _library_frame(
    file: Any, number: int, max_frame_size: int, docs: list[str], dst: BinaryIO
) -> int:
    """One record read by the library's frame reader from ``file``; return the new frame count."""
    record = next(_stream.delimited_records(file, max_frame_size=max_frame_size), None)
    if record is None:
        return number
    number += 1
    if record.error is not None:
        _write_lines(dst, docs)
        raise record.error.at_record(number, "frame")
    assert record.item is not None
    docs.append(record.item.to_json())
    return number


def _write_lines(dst: BinaryIO, docs: list[str]) -> None:
    if docs:
        docs.append("")
        dst.write("\n".join(docs).encode("utf-8"))


def b_delimited_to_ndjson(
    src: BinaryIO, dst: BinaryIO, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> int:
    """B for N, binary to JSON: ``write_ndjson(dst, read_delimited(src))`` a chunk at a time.

    Frames are located in each chunk (the size prefix is the one wire format
    of our own, as in ``_stream.py``); each payload is parsed by the bindings
    and proved by its length to be the plain item (an image or a null result),
    else read by the library's full path; each chunk's lines go out in one write.
    A frame longer than a chunk, a bad prefix, a cut-short end and a text file
    go to the library's reader. Reads ahead, like :func:`b_ndjson_to_delimited`.
    """
    _stream._check_limit("max_frame_size", max_frame_size)
    number = count = 0
    buf = b""
    while True:
        chunk = src.read(_CHUNK)
        docs: list[str] = []
        if type(chunk) is not bytes or not chunk:
            file: Any = _Replay(buf, src if type(chunk) is bytes else _Once(chunk, src))
            while True:
                got = _library_frame(file, number, max_frame_size, docs, dst)
                if got == number:
                    _write_lines(dst, docs)
                    return count + len(docs)
                number = got
        buf = buf + chunk if buf else chunk
        pos, end = 0, len(buf)
        handover = False
        while pos < end:
            size = buf[pos]
            start = pos + 1
            if size >= 0x80:  # a longer prefix: read here while it fits the buffer
                size &= 0x7F
                shift = 7
                while start < end and start - pos < 10:
                    byte = buf[start]
                    start += 1
                    size |= (byte & 0x7F) << shift
                    shift += 7
                    if byte < 0x80:
                        break
                else:
                    handover = start - pos >= 10  # ten bytes and no end: the library's error
                    break
            stop = start + size
            if size > max_frame_size or size > _CHUNK:
                handover = True  # the library refuses it, or reads it a chunk at a time
                break
            if stop > end:
                break  # the rest of the frame is in the next chunk
            number += 1
            payload = buf[start:stop]
            pos = stop
            try:
                message = _FromString(payload)
            except Exception:
                message = None
            document = _json_of(message, size) if message is not None else None
            if document is None:
                try:
                    document = ImageGenerationCall.from_bytes(payload, max_size=None).to_json()
                except DecodeError as exc:
                    _write_lines(dst, docs)
                    raise exc.at_record(number, "frame") from None
            docs.append(document)
        buf = buf[pos:]
        if handover:
            replay = _Replay(buf, src)
            number = _library_frame(replay, number, max_frame_size, docs, dst)
            buf = replay.rest()
        count += len(docs)
        _write_lines(dst, docs)


# -- C: the floors ----------------------------------------------------------------


def c_n_json_to_binary(ndjson: bytes) -> bytes:
    """The N floor, JSON to binary: msgspec reads every line, the bindings write each message."""
    parts: list[bytes] = []
    append = parts.append
    for shape in _decode_lines(ndjson):
        message = _Message()
        message.id = shape.id
        result = shape.result
        if result is None:
            message.result_null = 0  # type: ignore[assignment]
        else:
            message.result_image = binascii.a2b_base64(result, strict_mode=True)  # type: ignore[arg-type]
        message.status = _NUMBER[shape.status]  # type: ignore[assignment]
        data = message.SerializeToString()
        append(_VARINT[len(data)])  # N's frames are all under 128 bytes
        append(data)
    return b"".join(parts)


def c_n_binary_to_json(stream: bytes) -> bytes:
    """The N floor, binary to JSON: the bindings read each frame, the JSON is concatenated."""
    docs: list[str] = []
    append = docs.append
    pos, end = 0, len(stream)
    while pos < end:
        start = pos + 1
        pos = start + stream[start - 1]  # one-byte prefixes: N's frames are under 128 bytes
        message = _FromString(stream[start:pos])
        image = message.result_image
        if image:
            append(
                f'{_HEAD}{encode_basestring(message.id)},"result":"{_b64encode(image)}{_IMAGE_TAIL[message.status]}'
            )
        else:
            append(f"{_HEAD}{encode_basestring(message.id)}{_NULL_TAIL[message.status]}")
    append("")
    return "\n".join(docs).encode()


def c_l_json_to_binary(data: bytes | str) -> bytes:
    """The L floor, JSON to binary: the result decoded in place, the rest read by msgspec."""
    if type(data) is str:
        data = data.encode()
    assert type(data) is bytes
    start = data.index(b'"result":"') + 10
    end = data.find(b'"', len(data) - 4096)
    shape = _decode_shape(data[:start] + data[end:])
    message = _Message()
    message.id = shape.id
    message.result_image = pybase64.b64decode(memoryview(data)[start:end], validate=True)
    message.status = _NUMBER[shape.status]  # type: ignore[assignment]
    return message.SerializeToString()


def c_l_binary_to_json(data: bytes) -> str:
    """The L floor, binary to JSON: parse, encode the image, one f-string."""
    message = _FromString(data)
    image = message.result_image
    return f'{_HEAD}{encode_basestring(message.id)},"result":"{_b64encode(image)}{_IMAGE_TAIL[message.status]}'


# -- A: the library as users call it ---------------------------------------------


def _a_json_to_binary(data: str | bytes) -> bytes:
    return ImageGenerationCall.from_json(data).to_bytes()


def _a_binary_to_json(data: bytes) -> str:
    return ImageGenerationCall.from_bytes(data).to_json()


def a_ndjson_to_delimited(
    src: BinaryIO, dst: BinaryIO, *, max_line_size: int = DEFAULT_MAX_LINE_SIZE
) -> int:
    """A for N, JSON to binary: the stream module, as users call it."""
    return _stream.write_delimited(dst, _stream.read_ndjson(src, max_line_size=max_line_size))


def a_delimited_to_ndjson(
    src: BinaryIO, dst: BinaryIO, *, max_frame_size: int = DEFAULT_MAX_FRAME_SIZE
) -> int:
    """A for N, binary to JSON: the stream module, as users call it."""
    return _stream.write_ndjson(dst, _stream.read_delimited(src, max_frame_size=max_frame_size))


def _through(convert: Callable[[BinaryIO, BinaryIO], object], data: bytes) -> bytes:
    out = io.BytesIO()
    convert(io.BytesIO(data), out)
    return out.getvalue()


# -- the checks: B gives A's output and A's errors --------------------------------


def _outcome(call: Callable[[], object]) -> tuple[str, object]:
    try:
        return "ok", call()
    except (ValueError, TypeError) as exc:
        return type(exc).__name__, (str(exc), getattr(exc, "record", None))


def _stream_outcome(
    convert: Callable[..., object], data: bytes | str, **limits: int
) -> tuple[tuple[str, object], bytes]:
    src: Any = io.StringIO(data) if isinstance(data, str) else io.BytesIO(data)
    out = io.BytesIO()
    return _outcome(lambda: convert(src, out, **limits)), out.getvalue()


def _doc(**members: object) -> bytes:
    return json.dumps({"type": "image_generation_call", **members}, separators=(",", ":")).encode()


def check_designs() -> int:
    """B against A on awkward inputs: same bytes, same JSON, same error; return the cases run."""
    s_doc = workloads.small().documents[0]
    l_doc = workloads.large().documents[0]
    l_item = json.loads(l_doc)
    image = l_item["result"]
    docs = [
        s_doc,
        l_doc,
        _doc(id="a", result=None, status="failed"),
        _doc(id="a", status="generating"),
        _doc(id="a", result="QR==", status="completed"),  # unused bits set: text
        _doc(id="a", result="", status="completed"),
        _doc(id="a", result="aGk=", status="later"),  # unknown status
        _doc(id="é\u2028", result="aGk=", status="in_progress"),
        _doc(id="", result="aGk=", status="completed"),
        _doc(id="a", result="aGk=", status="completed", prompt="a cat"),
        _doc(id="a", result=None, status="failed", extra={"n": [1, 2.5, None]}),
        _doc(id="a", result="aGk", status="completed"),
        _doc(id="a", status=3),
        b'{"type":"image_generation_call","id":"a","id":"b","status":"failed"}',
        b"[1]",
        b"{",
        json.dumps(l_item, indent=2).encode(),  # pretty-printed: read in place
        _doc(id="a\\", result=image, status="completed"),
        _doc(id="a", result=image[:-4] + "QR==", status="completed"),
        _doc(id="a", result=image, status="later"),
        _doc(id="a", result=image, status="completed", note='"result"'),
        _doc(id="a", result=image + "A", status="completed"),
        _doc(id="a", result=None, status="failed", pad="x" * 70000),
    ]
    cases = 0
    for document in docs:
        for data in (document, document.decode()):
            a = _outcome(functools.partial(_a_json_to_binary, data))
            b = _outcome(functools.partial(b_json_to_binary, data))
            assert a == b, (data[:80], a, b)
            cases += 1
    items = []
    for document in docs:
        with contextlib.suppress(ValidationError):
            items.append(ImageGenerationCall.from_json(document))
    message = ImageGenerationCall.from_json(s_doc).to_proto()
    unknown = message.SerializeToString() + b"\xa0\x06\x01"  # field 100: from a newer schema
    binaries = (
        [item.to_bytes() for item in items]
        + [
            b"",
            b"\x0a",
            b"\x0a\x01a\x22\x00\xf8\x7f\x02",  # field 4 (result_null) with the wrong wire type
            b"\x0a\x01a\x12\x01A\xf8\x7f\x05",  # status value 5, unknown
            b"\x0a\x01a\x20\x00\xf8\x7f\x04",  # id, null result, status: the null proof
            b"\x0a\x01a\x20\x01\xf8\x7f\x04",  # result_null = 1: not NULL_VALUE
            b"\x20\x00\xf8\x7f\x04",  # no id, null result
            b"\x0a\x00\x20\x00\xf8\x7f\x04",  # an empty id written out
            b"\x0a\x01a\x12\x00\xf8\x7f\x02",  # an empty image
            b"\x0a\x01a\x12\x01A\xf8\x7f\x02\xf8\x7f\x02",  # status twice
            b"\x0a\x01a\x12\x01A\xf8\x7f\x09",  # status value 9
            unknown,
            message.SerializeToString()[:-1],
        ]
    )
    for data in binaries:
        a = _outcome(functools.partial(_a_binary_to_json, data))
        b = _outcome(functools.partial(b_binary_to_json, data))
        assert a == b, (data[:40], a, b)
        cases += 1

    many = workloads.many().ndjson
    lines = many.splitlines(keepends=True)
    good = b"".join(lines[:5])
    streams: list[bytes | str] = [
        many,
        b"",
        good,
        good + b"\n  \n\r\n" + good,  # blank lines
        good.replace(b"\n", b"\r\n"),
        good.rstrip(b"\n"),  # no last line break
        good + b"\r",
        good + lines[5][:-1] + b"\r",
        good + b"{" + lines[6],
        good + lines[5][:-1] + lines[6],  # two items on one line
        good + lines[5].replace(b",", b",\n", 1),  # one item on two lines
        good + b"\n" + lines[5].replace(b",", b",\n", 1) + lines[6][:-1] + lines[7],
        good + _doc(id="a", result="aGk=", status="completed", prompt="x") + b"\n" + good,
        good + _doc(id="a", status="failed") + b"\n" + good,
        good + b'{"type":"image_generation_call"}\n' + good,  # a bad line: error, record 6
        good + b"\xff\n" + good,
        good + l_doc + b"\n" + good,  # a line longer than a chunk
        good + _doc(id="a", result=image * 2, status="failed") + b"\n",
        good + b" " * (_CHUNK + 10) + b"\n" + good,  # a blank line longer than a chunk
        "".join(line.decode() for line in lines[:3]),  # a text file
        many[: 3 * _CHUNK // 2] + b"\n" + many,
    ]
    for data in streams:
        for limits in ({}, {"max_line_size": 200}):
            a_out = _stream_outcome(a_ndjson_to_delimited, data, **limits)
            b_out = _stream_outcome(b_ndjson_to_delimited, data, **limits)
            assert a_out == b_out, (data[:60], limits, a_out[0], b_out[0])
            cases += 1

    s_frames = _through(a_ndjson_to_delimited, many)
    framed = contenders.frame
    big = ImageGenerationCall.from_json(l_doc).to_bytes()
    long_id = ImageGenerationCall.from_json(_doc(id="x" * 300, result="aGk=", status="failed"))
    frames = contenders.frame([item.to_bytes() for item in items[:12]])
    bad_streams: list[bytes | str] = [
        s_frames,
        b"",
        frames,
        frames + framed([b"\x0a"]) + frames,  # a frame that does not decode
        frames + framed([unknown]) + frames,
        frames + framed([long_id.to_bytes()]) * 3,  # two-byte prefixes
        frames + framed([big]) + frames,  # a frame longer than a chunk
        frames + b"\x05ab",  # cut short
        frames + b"\x85",  # a prefix cut short
        frames + b"\xff" * 11,  # a prefix too long
        frames + b"\xff\xff\xff\xff\x0f",  # a size past the cap
        s_frames[: _CHUNK + 3] + s_frames,
        framed([b"\x0a\x01a\x20\x00\xf8\x7f\x04", b"\x0a\x01a\x20\x01\xf8\x7f\x04"]),
        "text",
    ]
    for data in bad_streams:
        for limits in ({}, {"max_frame_size": 100}):
            a_out = _stream_outcome(a_delimited_to_ndjson, data, **limits)
            b_out = _stream_outcome(b_delimited_to_ndjson, data, **limits)
            assert a_out == b_out, (data[:40], limits, a_out[0], b_out[0])
            cases += 1
    return cases


# -- the goals --------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """One of issue 11's speed goals: ratio = the peer's time / ours, at least ``least``."""

    label: str
    case: str  # the key of the A, B and C calls
    peer: str  # the key of the peer's call
    least: float


GOALS = [
    Goal("S JSON to binary (bytes) vs json_format", "S j2b bytes", "json_format S j2b", 10.0),
    Goal("S JSON to binary (bytes) vs SDK", "S j2b bytes", "sdk S j2b bytes", 1.1),
    Goal("S JSON to binary (str) vs json_format", "S j2b str", "json_format S j2b", 10.0),
    Goal("S JSON to binary (str) vs SDK", "S j2b str", "sdk S j2b str", 1.1),
    Goal("S binary to JSON vs json_format", "S b2j", "json_format S b2j", 6.0),
    Goal("S binary to JSON vs SDK", "S b2j", "sdk S b2j", 3.0),
    Goal("N JSON to binary vs json_format", "N j2b", "json_format N j2b", 6.0),
    Goal("N binary to JSON vs json_format", "N b2j", "json_format N b2j", 6.0),
    Goal("L JSON to binary (bytes) vs SDK", "L j2b bytes", "sdk L j2b bytes", 1.2),
    Goal("L JSON to binary (str) vs SDK", "L j2b str", "sdk L j2b str", 1.2),
    Goal("L JSON to binary (bytes) vs json_format", "L j2b bytes", "json_format L j2b", 35.0),
    Goal("L JSON to binary (str) vs json_format", "L j2b str", "json_format L j2b", 25.0),
    Goal("L binary to JSON vs json_format", "L b2j", "json_format L b2j", 30.0),
]
DESIGNS = ("A", "B", "C")


def calls() -> dict[str, Callable[[], object]]:
    """Every timed call: A, B and C of each case, then the peers; outputs checked equal first."""
    jf, sdk = contenders.protobuf_json_format(), contenders.openrouter_sdk()
    s_doc = workloads.small().documents[0]
    l_doc = workloads.large().documents[0]
    s_text, l_text = s_doc.decode(), l_doc.decode()
    s_bin = ImageGenerationCall.from_json(s_doc).to_bytes()
    l_bin = ImageGenerationCall.from_json(l_doc).to_bytes()
    n = workloads.many()
    ours = contenders.ours()
    n_json, n_bin = ours.stream_inputs(n.documents)
    s_floor = floor.floor_calls(s_doc, s_bin)

    from_json, from_bytes = ImageGenerationCall.from_json, ImageGenerationCall.from_bytes
    designs: dict[str, tuple[Callable[[], object], ...]] = {
        "S j2b bytes": (
            lambda: from_json(s_doc).to_bytes(),
            lambda: b_json_to_binary(s_doc),
            s_floor["encode"],
        ),
        "S j2b str": (
            lambda: from_json(s_text).to_bytes(),
            lambda: b_json_to_binary(s_text),
            s_floor["encode_str"],
        ),
        "S b2j": (
            lambda: from_bytes(s_bin).to_json(),
            lambda: b_binary_to_json(s_bin),
            s_floor["decode"],
        ),
        "N j2b": (
            lambda: ours.run_encode_stream(n_json),  # as run.py times it
            lambda: _through(b_ndjson_to_delimited, n_json),
            lambda: c_n_json_to_binary(n_json),
        ),
        "N b2j": (
            lambda: ours.run_decode_stream(n_bin),
            lambda: _through(b_delimited_to_ndjson, n_bin),
            lambda: c_n_binary_to_json(n_bin),
        ),
        "L j2b bytes": (
            lambda: from_json(l_doc).to_bytes(),
            lambda: b_json_to_binary(l_doc),
            lambda: c_l_json_to_binary(l_doc),
        ),
        "L j2b str": (
            lambda: from_json(l_text).to_bytes(),
            lambda: b_json_to_binary(l_text),
            lambda: c_l_json_to_binary(l_text),
        ),
        "L b2j": (
            lambda: from_bytes(l_bin).to_json(),
            lambda: b_binary_to_json(l_bin),
            lambda: c_l_binary_to_json(l_bin),
        ),
    }
    for case, (a, *others) in designs.items():
        expected = a()
        for name, call in zip(DESIGNS[1:], others, strict=True):
            assert call() == expected, f"{case}: {name} differs from A"
    all_calls: dict[str, Callable[[], object]] = {}
    for case, triple in designs.items():
        for name, call in zip(DESIGNS, triple, strict=True):
            all_calls[f"{name} {case}"] = call

    # The peers, as run.py times them; each round trip checked against our JSON.
    s_jf, s_jf_bin = jf.prepare(s_doc)
    l_jf, l_jf_bin = jf.prepare(l_doc)
    n_jf_json, n_jf_bin = jf.stream_inputs(n.documents)
    s_model = sdk.prepare(s_doc)[1]
    for document, json_in, binary in ((s_doc, s_jf, s_jf_bin), (l_doc, l_jf, l_jf_bin)):
        assert jf.encode(json_in) == binary
        assert json.loads(jf.decode(binary)) == json.loads(jf.decode(jf.encode(json_in)))
        assert sdk.encode(document) == sdk.encode(document.decode())
    assert jf.run_encode_stream(n_jf_json) == n_jf_bin
    assert len(jf.run_decode_stream(n_jf_bin).splitlines()) == workloads.N_ITEMS
    all_calls.update(
        {
            "json_format S j2b": lambda: jf.encode(s_jf),
            "sdk S j2b bytes": lambda: sdk.encode(s_doc),
            "sdk S j2b str": lambda: sdk.encode(s_text),
            "json_format S b2j": lambda: jf.decode(s_jf_bin),
            "sdk S b2j": lambda: sdk.decode(s_model),
            "json_format N j2b": lambda: jf.run_encode_stream(n_jf_json),
            "json_format N b2j": lambda: jf.run_decode_stream(n_jf_bin),
            "json_format L j2b": lambda: jf.encode(l_jf),
            "sdk L j2b bytes": lambda: sdk.encode(l_doc),
            "sdk L j2b str": lambda: sdk.encode(l_text),
            "json_format L b2j": lambda: jf.decode(l_jf_bin),
        }
    )
    return all_calls


def l_parts() -> dict[str, Callable[[], object]]:
    """L's steps, each alone: where its time goes (timed in the same run as the goals)."""
    l_doc = workloads.large().documents[0]
    l_text = l_doc.decode()
    item = ImageGenerationCall.from_json(l_doc)
    image, data = item.image_bytes, item.to_bytes()
    assert image is not None
    start = l_doc.index(b'"result":"') + 10
    end = l_doc.index(b'"', start)
    in_place = memoryview(l_doc)[start:end]
    text = _b64encode(image)
    full = _Message()
    full.id, full.result_image = item.id, image
    full.status = _NUMBER["completed"]  # type: ignore[assignment]
    parsed = _FromString(data)

    def set_image() -> object:
        message = _Message()
        message.result_image = image
        return message

    def two_f_strings() -> str:  # as _jsonmap.write_json built it before 2026-12-02
        result = f',"result":"{text}"'
        return f'{_HEAD}"x"{result},"status":"completed"}}'

    return {
        "L part: str.encode() of the document": l_text.encode,
        "L part: base64 decode in place": lambda: pybase64.b64decode(in_place, validate=True),
        "L part: message copies the image": set_image,
        "L part: SerializeToString": full.SerializeToString,
        "L part: FromString": lambda: _FromString(data),
        "L part: result_image read (a copy)": lambda: parsed.result_image,
        "L part: base64 encode": lambda: _b64encode(image),
        "L part: JSON in one f-string": lambda: (
            f'{_HEAD}"x","result":"{text}","status":"completed"}}'
        ),
        "L part: JSON in two f-strings": two_f_strings,
        "L part: copy of 1 MiB": lambda: image[1:],
    }


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:,.2f} µs"
    return f"{seconds * 1e3:,.2f} ms"


def _verdict(ratio: float, least: float) -> str:
    """``met``, or how far short: the share of the goal's ratio missing (= time to cut)."""
    return "met" if ratio >= least else f"{1 - ratio / least:.0%} short"


def table(times: dict[str, float]) -> str:
    """One row per goal: the peer, the time the goal allows, each design's time and ratio.

    The last column is the better of the two converters, A and B (C, the
    floor, checks nothing: it is no converter).
    """
    head = "| goal | peer | required | A library | B design | C floor | best of A, B |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for goal in GOALS:
        peer = times[goal.peer]
        cells = []
        for name in DESIGNS:
            mine = times[f"{name} {goal.case}"]
            ratio = peer / mine
            cells.append(f"{_fmt(mine)} x{ratio:.2f} {_verdict(ratio, goal.least)}")
        best = min("AB", key=lambda name: times[f"{name} {goal.case}"])
        best_ratio = peer / times[f"{best} {goal.case}"]
        lines.append(
            f"| {goal.label} >= x{goal.least:g} | {_fmt(peer)} | {_fmt(peer / goal.least)} | "
            + " | ".join(cells)
            + f" | {best}: {_verdict(best_ratio, goal.least)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter timings")
    args = parser.parse_args(argv)
    repeats, target = (5, 0.02) if args.quick else (15, 0.1)
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = os.getloadavg()
    cases = check_designs()
    timed = calls()
    parts = l_parts()
    timed.update(parts)
    print(
        f"checked B against A on {cases} inputs; timing {len(timed)} calls, round-robin, "
        f"{repeats} repeats ...",
        file=sys.stderr,
        flush=True,
    )
    results = timing.compare(timed, repeats=repeats, target=target)
    times = {name: t.median for name, t in results.items()}
    print(
        f"\n{started}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start; "
        f"medians of {repeats} round-robin repeats\n"
    )
    print("A = the library, B = the alternative design, C = the floor; xR = the peer's time / the")
    print(
        "design's; 'short' = the share of the goal's ratio missing (the time the design must cut)\n"
    )
    print(table(times))
    print("\nL, where the time goes (each step alone, same run)\n")
    print("| step | median |\n|---|---|")
    for name in parts:
        print(f"| {name.removeprefix('L part: ')} | {_fmt(times[name])} |")
    print("\nAll medians\n")
    for name, t in results.items():
        print(
            f"{name:24s} {_fmt(t.median):>12s}  (min {_fmt(t.low)}, max {_fmt(t.high)}, {t.loops} loops)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
