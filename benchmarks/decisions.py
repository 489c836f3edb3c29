"""The measurements behind each choice recorded in benchmarks/README.md.

    python benchmarks/decisions.py

Each section times the candidates for one decision side by side (best of
several rounds, since these are choices between building blocks, not results).
"""

from __future__ import annotations

import base64
import binascii
import json
import random
import sys
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import msgspec
import orjson
import pybase64
import pydantic_core

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workloads

from imagegen.v1 import image_generation_call_pb2 as pb


def best_of(calls: dict[str, Callable[[], object]], rounds: int = 7) -> dict[str, float]:
    """Seconds per call for each candidate: the least over ``rounds`` round-robin rounds."""
    timers = {name: timeit.Timer(call) for name, call in calls.items()}
    loops = {name: max(1, timer.autorange()[0] // 4) for name, timer in timers.items()}
    best = dict.fromkeys(calls, float("inf"))
    for _ in range(rounds):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(loops[name]) / loops[name])
    return best


def show(title: str, figures: dict[str, float]) -> None:
    print(f"\n{title}")
    for name, seconds in figures.items():
        print(f"  {name:44s} {seconds * 1e6:10.3f} µs")


class _Shape(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    type: Literal["image_generation_call"]
    id: str
    status: str
    result: str | msgspec.UnsetType | None = msgspec.UNSET


def json_parsers() -> None:
    shape = msgspec.json.Decoder(_Shape).decode
    for workload in (workloads.small(), workloads.large()):
        doc = workload.documents[0]
        show(
            f"JSON parser, {workload.name} ({len(doc):,} bytes)",
            best_of(
                {
                    "json.loads (stdlib)": lambda d=doc: json.loads(d),
                    "orjson.loads (dict)": lambda d=doc: orjson.loads(d),
                    "pydantic_core.from_json (dict)": lambda d=doc: pydantic_core.from_json(d),
                    "msgspec.json.decode (dict)": lambda d=doc: msgspec.json.decode(d),
                    "msgspec typed Struct (our plain shape)": lambda d=doc: shape(d),
                }
            ),
        )


def large_in_place() -> None:
    from imagegen_wire import _jsonmap
    from imagegen_wire._base64 import decode_canonical

    doc = workloads.large().documents[0]

    def parse_then_decode() -> object:
        fields = _jsonmap.parse_fast(doc)
        assert fields is not None and isinstance(fields[2], str)
        return decode_canonical(fields[2])

    show(
        "L: JSON fields and image bytes",
        best_of(
            {
                "parse (msgspec), then pybase64 on the str": parse_then_decode,
                "result read in place (parse_large)": lambda: _jsonmap.parse_large(doc),
            }
        ),
    )


def base64_codecs() -> None:
    rng = random.Random(1)
    for size in (32, 96, 256, 4096, 1 << 20):
        raw = rng.randbytes(size)
        text = base64.b64encode(raw).decode()
        show(
            f"base64 of {size:,} bytes ({len(text):,} characters)",
            best_of(
                {
                    "decode binascii.a2b_base64 strict_mode": lambda t=text: binascii.a2b_base64(
                        t, strict_mode=True
                    ),
                    "decode pybase64.b64decode validate": lambda t=text: pybase64.b64decode(
                        t, validate=True
                    ),
                    "encode binascii.b2a_base64 + decode": lambda r=raw: binascii.b2a_base64(
                        r, newline=False
                    ).decode("ascii"),
                    "encode pybase64.b64encode_as_string": lambda r=raw: (
                        pybase64.b64encode_as_string(r)
                    ),
                }
            ),
        )


def serialization() -> None:
    message = pb.ImageGenerationCall(id="ig_" + "a" * 27, result_image=b"x" * 32, status=2)
    show(
        "SerializeToString of a small message (no map field: same bytes)",
        best_of(
            {
                "SerializeToString(deterministic=True)": lambda: message.SerializeToString(
                    deterministic=True
                ),
                "SerializeToString()": message.SerializeToString,
            }
        ),
    )


def item_construction() -> None:
    class Guarded:
        __slots__ = ("a", "b", "c", "d", "e", "f", "g")

        def __setattr__(self, name: str, value: object) -> None:
            raise AttributeError(name)

        def __delattr__(self, name: str) -> None:
            raise AttributeError(name)

    class Twin(Guarded):
        __slots__ = ()
        __setattr__ = object.__setattr__  # type: ignore[assignment]
        __delattr__ = object.__delattr__  # type: ignore[assignment]

    setattr_ = object.__setattr__

    def with_object_setattr() -> object:
        item = object.__new__(Guarded)
        for name in "abcdefg":
            setattr_(item, name, None)
        return item

    def with_twin_class() -> object:
        item = object.__new__(Twin)
        item.a = item.b = item.c = item.d = item.e = item.f = item.g = None
        item.__class__ = Guarded
        return item

    show(
        "filling an immutable item's 7 slots",
        best_of(
            {
                "object.__setattr__ x7": with_object_setattr,
                "writable twin, then __class__": with_twin_class,
            }
        ),
    )


if __name__ == "__main__":
    json_parsers()
    large_in_place()
    base64_codecs()
    serialization()
    item_construction()
