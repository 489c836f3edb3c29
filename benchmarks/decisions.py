"""The figures behind each choice that remains in the core, timed side by side in one run.

    python benchmarks/decisions.py            # about a minute
    python benchmarks/decisions.py --quick    # a rough look

Each decision times the core's way and the other way round-robin in one
``timing.compare`` run (medians), next to the user-visible figure it serves
(the whole call a user makes, timed in the same run). A trick stays when it
buys at least 5% of that figure (``TRICK_THRESHOLD``); the table says which do.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import io
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pybase64

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import timing  # noqa: E402
import workloads  # noqa: E402

from imagegen_wire import (  # noqa: E402
    DecodeError,
    ImageGenerationCall,
    ValidationError,
    _jsonmap,
    _stream,
    _wire,
    read_delimited,
    read_ndjson,
    write_delimited,
    write_ndjson,
)
from imagegen_wire._base64 import decode_canonical  # noqa: E402
from imagegen_wire._limits import DEFAULT_MAX_SIZE, checked_input  # noqa: E402
from imagegen_wire._stream import Record, encode_varint  # noqa: E402

TRICK_THRESHOLD = 0.05
Message = _wire.Message


@dataclass(frozen=True)
class Decision:
    """One choice: the way the core takes, the other way, and the figure it serves."""

    title: str
    chosen: tuple[str, Callable[[], object]]
    other: tuple[str, Callable[[], object]]
    figure: str  # a key of user_figures()


def user_figures() -> dict[str, Callable[[], object]]:
    """The calls users make, whose time a trick must change by 5% to stay."""
    s_doc = workloads.small().documents[0]
    l_doc = workloads.large().documents[0]
    s_text, l_text = s_doc.decode(), l_doc.decode()
    ndjson = workloads.many().ndjson
    frames = io.BytesIO()
    write_delimited(frames, read_ndjson(io.BytesIO(ndjson)))
    n_bin = frames.getvalue()
    s_bin = ImageGenerationCall.from_json(s_doc).to_bytes()
    l_bin = ImageGenerationCall.from_json(l_doc).to_bytes()
    return {
        "S JSON to binary (bytes)": lambda: ImageGenerationCall.from_json(s_doc).to_bytes(),
        "S JSON to binary (str)": lambda: ImageGenerationCall.from_json(s_text).to_bytes(),
        "S binary to JSON": lambda: ImageGenerationCall.from_bytes(s_bin).to_json(),
        "L JSON to binary (bytes)": lambda: ImageGenerationCall.from_json(l_doc).to_bytes(),
        "L JSON to binary (str)": lambda: ImageGenerationCall.from_json(l_text).to_bytes(),
        "L binary to JSON": lambda: ImageGenerationCall.from_bytes(l_bin).to_json(),
        "N JSON to binary": lambda: write_delimited(io.BytesIO(), read_ndjson(io.BytesIO(ndjson))),
        "N binary to JSON": lambda: write_ndjson(io.BytesIO(), read_delimited(io.BytesIO(n_bin))),
    }


def _b64(size: int) -> tuple[bytes, str]:
    raw = random.Random(size).randbytes(size)
    return raw, base64.b64encode(raw).decode("ascii")


def decisions() -> list[Decision]:
    found: list[Decision] = []

    # -- base64 by size (_base64.py) -------------------------------------------------
    # The core decodes with binascii below 128 characters, pybase64 from there.
    # No workload has a 200-character image: S's figure stands in for its scale.
    for size, figure in (
        (32, "S JSON to binary (bytes)"),
        (150, "S JSON to binary (bytes)"),
        (1 << 20, "L JSON to binary (bytes)"),
    ):
        _, text = _b64(size)
        binascii_way = (
            "binascii strict_mode",
            lambda t=text: binascii.a2b_base64(t, strict_mode=True),
        )
        pybase64_way = ("pybase64 validate", lambda t=text: pybase64.b64decode(t, validate=True))
        chosen, other = (
            (binascii_way, pybase64_way) if len(text) < 128 else (pybase64_way, binascii_way)
        )
        found.append(Decision(f"base64 decode, {len(text):,} chars", chosen, other, figure))
    raw, _ = _b64(32)
    found.append(
        Decision(
            "base64 encode, 32 bytes",
            ("pybase64.b64encode_as_string", lambda r=raw: pybase64.b64encode_as_string(r)),
            (
                "binascii.b2a_base64 + decode",
                lambda r=raw: binascii.b2a_base64(r, newline=False).decode("ascii"),
            ),
            "S binary to JSON",
        )
    )

    # -- writing the message (_wire.encode) -------------------------------------------
    s_item = ImageGenerationCall.from_json(workloads.small().documents[0])
    id_, image = s_item.id, s_item.image_bytes
    completed = 2
    status_field = Message(status=completed).SerializeToString()  # type: ignore[arg-type]

    def by_attributes() -> bytes:
        message = Message()
        message.id = id_
        message.result_image = image  # type: ignore[assignment]
        return message.SerializeToString() + status_field

    def by_keywords() -> bytes:
        return Message(id=id_, result_image=image).SerializeToString() + status_field

    found.append(
        Decision(
            "message: attribute stores vs keyword constructor (+ serialize)",
            ("attribute stores", by_attributes),
            ("keyword constructor", by_keywords),
            "S JSON to binary (bytes)",
        )
    )

    def status_set() -> bytes:
        message = Message()
        message.id = id_
        message.result_image = image  # type: ignore[assignment]
        message.status = completed  # type: ignore[assignment]
        return message.SerializeToString()

    assert status_set() == by_attributes()
    found.append(
        Decision(
            "status: set on the message vs its field serialized once and appended",
            ("set", status_set),
            ("appended", by_attributes),
            "S JSON to binary (bytes)",
        )
    )

    small_message = Message(id=id_, result_image=image)
    found.append(
        Decision(
            "SerializeToString: plain vs deterministic=True (no map field: same bytes)",
            ("plain", small_message.SerializeToString),
            ("deterministic=True", lambda: small_message.SerializeToString(deterministic=True)),
            "S JSON to binary (bytes)",
        )
    )

    # -- reading the message (_wire.decode) -------------------------------------------
    s_bin = s_item.to_bytes()

    def full_checks(data: bytes = s_bin) -> object:
        checked = checked_input(data, None, DecodeError, text=False)
        return _wire.fields_from_message(Message.FromString(checked))  # type: ignore[arg-type]

    assert full_checks() == _wire.decode(s_bin, None)
    found.append(
        Decision(
            "from_bytes: proof by length vs the full checks (HasField, WhichOneof, "
            "extra_members, UnknownFieldSet)",
            ("proof by length (_wire.decode)", lambda: _wire.decode(s_bin, None)),
            ("full checks (fields_from_message)", full_checks),
            "S binary to JSON",
        )
    )

    # -- reading JSON (_jsonmap.read_json) --------------------------------------------
    s_doc = workloads.small().documents[0]

    def untyped(doc: bytes = s_doc) -> object:
        return _jsonmap.fields_from_mapping(_jsonmap._decode_any(doc), False)

    assert untyped() == _jsonmap.read_json(s_doc, strict=False)
    found.append(
        Decision(
            "S JSON: msgspec typed shape vs untyped decode + the dict checks",
            ("typed (read_json)", lambda: _jsonmap.read_json(s_doc, strict=False)),
            ("untyped + fields_from_mapping", untyped),
            "S JSON to binary (bytes)",
        )
    )

    l_doc = workloads.large().documents[0]
    l_text = l_doc.decode()
    for label, doc in (("bytes", l_doc), ("str", l_text)):

        def plain(d: str | bytes = doc) -> object:
            shape = _jsonmap._decode_shape(d)
            return shape.id, shape.status, decode_canonical(shape.result)  # type: ignore[arg-type]

        # read_json: a str is encoded once, then read in place like bytes.
        in_place = _jsonmap.read_json(doc, False)
        assert in_place[2] == plain()[2]
        found.append(
            Decision(
                f"L JSON ({label}): result read in place vs msgspec typed + base64 decode",
                ("in place (read_json)", lambda d=doc: _jsonmap.read_json(d, False)),
                ("typed decode, then decode_canonical", plain),
                f"L JSON to binary ({label})",
            )
        )

    # -- the input check (_limits.checked_input) ---------------------------------------
    # The core answers bytes and str within the bound first, in one test.
    def plain_check(data: object, max_size: object, text: bool = True) -> object:
        if not isinstance(data, (str, bytes, bytearray, memoryview)):
            raise ValidationError("$", "not JSON text")
        if max_size is not None:
            if type(max_size) is not int or max_size < 0:
                raise ValidationError("max_size", "not an int")
            size = data.nbytes if isinstance(data, memoryview) else len(data)
            if size > max_size:
                raise ValidationError("$", "too large")
        if isinstance(data, memoryview) and not data.c_contiguous:
            return data.tobytes()
        return data

    assert plain_check(s_doc, DEFAULT_MAX_SIZE) is checked_input(
        s_doc, DEFAULT_MAX_SIZE, ValidationError, True
    )
    found.append(
        Decision(
            "input check: bytes within the bound first vs the checks in order",
            (
                "first test",
                lambda: checked_input(s_doc, DEFAULT_MAX_SIZE, ValidationError, True),
            ),
            ("in order", lambda: plain_check(s_doc, DEFAULT_MAX_SIZE)),
            "S JSON to binary (bytes)",
        )
    )

    # -- streams (_stream.py) ----------------------------------------------------------
    # The core writes each size prefix with the loop; a table of the 128 one-byte
    # varints (every N frame is shorter than 128 bytes) is the trick it gave up.
    sizes = [len(ImageGenerationCall.from_json(d).to_bytes()) for d in workloads.many().documents]
    table = [bytes((value,)) for value in range(0x80)]

    def table_varint(value: int) -> bytes:
        return table[value] if value < 0x80 else encode_varint(value)

    assert all(encode_varint(size) == table_varint(size) for size in sizes)
    found.append(
        Decision(
            "N frames: the varint loop vs a table of one-byte varints, for N's 10,000 sizes",
            ("loop (encode_varint)", lambda: [encode_varint(size) for size in sizes]),
            ("table", lambda: [table_varint(size) for size in sizes]),
            "N JSON to binary",
        )
    )

    class TupleRecord(NamedTuple):  # what _stream.Record was before
        number: int
        size: int
        item: ImageGenerationCall | None = None
        error: ValidationError | DecodeError | None = None

    ndjson = workloads.many().ndjson
    frames = io.BytesIO()
    write_delimited(frames, read_ndjson(io.BytesIO(ndjson)))
    n_bin = frames.getvalue()

    def with_records(record_type: type, convert: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            _stream.Record = record_type  # type: ignore[misc]  # the readers make records by this name
            try:
                return convert()
            finally:
                _stream.Record = Record  # type: ignore[misc]

        return run

    for figure, convert in (
        (
            "N JSON to binary",
            lambda: write_delimited(io.BytesIO(), read_ndjson(io.BytesIO(ndjson))),
        ),
        ("N binary to JSON", lambda: write_ndjson(io.BytesIO(), read_delimited(io.BytesIO(n_bin)))),
    ):
        found.append(
            Decision(
                f"{figure}: records as a frozen msgspec Struct vs a named tuple (the stream itself)",
                ("Struct (Record)", with_records(Record, convert)),
                ("named tuple", with_records(TupleRecord, convert)),
                figure,
            )
        )
    return found


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:,.2f} µs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter timings")
    args = parser.parse_args(argv)
    repeats, target = (5, 0.02) if args.quick else (15, 0.1)

    found = decisions()
    calls: dict[str, Callable[[], object]] = dict(user_figures())
    for index, decision in enumerate(found):
        calls[f"{index} chosen"] = decision.chosen[1]
        calls[f"{index} other"] = decision.other[1]
    print(f"timing {len(calls)} calls, round-robin, {repeats} repeats ...", file=sys.stderr)
    times = {
        name: t.median for name, t in timing.compare(calls, repeats=repeats, target=target).items()
    }

    print("\nUser-visible figures (medians, same run)\n")
    print("| figure | median |\n|---|---|")
    for name in user_figures():
        print(f"| {name} | {_us(times[name])} |")
    print(
        "\nDecisions: the core's way vs the other; saved = other - chosen, as a share of"
        f" the figure it serves (a trick stays at >= {TRICK_THRESHOLD:.0%})\n"
    )
    print("| decision | chosen | other | saved | of figure | verdict |")
    print("|---|---|---|---|---|---|")
    for index, decision in enumerate(found):
        chosen, other = times[f"{index} chosen"], times[f"{index} other"]
        saved = other - chosen
        share = saved / times[decision.figure]
        verdict = "keeps its place" if share >= TRICK_THRESHOLD else "under 5%"
        print(
            f"| {decision.title} | {decision.chosen[0]} {_us(chosen)} | {decision.other[0]} "
            f"{_us(other)} | {_us(saved)} | {share:+.1%} of {decision.figure} | {verdict} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
