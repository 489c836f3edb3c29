"""The inputs every contender is timed on: S, N, L and XL, made the same way every run.

Images are random bytes from a fixed seed: real images are compressed, so
random bytes are their honest stand-in, and a fixed seed makes every run time
the same documents.
"""

from __future__ import annotations

import base64
import json
import random
from dataclasses import dataclass

SEED = 20261124
STATUSES = ("completed", "in_progress", "generating", "failed")

S_ID_CHARS = 30
S_IMAGE_BYTES = 32  # 44 base64 characters, one "=" of padding: the unused-bits check runs
N_ITEMS = 10_000
L_IMAGE_BYTES = 1 << 20  # 1 MiB: 1,398,104 base64 characters
XL_RESULT_CHARS = 100_000_000  # a 100 MB result string: 75,000,000 image bytes


@dataclass(frozen=True)
class Workload:
    """Documents of one workload, as the compact JSON our ``to_json`` writes."""

    name: str
    description: str
    documents: tuple[bytes, ...]

    @property
    def ndjson(self) -> bytes:
        """The documents as NDJSON, one per line, each line ending in ``\\n``."""
        return b"".join(document + b"\n" for document in self.documents)


def document(id_: str, result: str | None, status: str) -> bytes:
    """One item as compact JSON, members in the order the item writes them."""
    item = {"type": "image_generation_call", "id": id_, "result": result, "status": status}
    return json.dumps(item, separators=(",", ":")).encode()


def _id(rng: random.Random) -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "ig_" + "".join(rng.choice(alphabet) for _ in range(S_ID_CHARS - 3))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def small() -> Workload:
    """S: one small item, a 30-character id and a 44-character base64 result."""
    rng = random.Random(SEED)
    doc = document(_id(rng), _b64(rng.randbytes(S_IMAGE_BYTES)), "completed")
    return Workload("S", "one small item (30-char id, 44-char base64 result)", (doc,))


def many() -> Workload:
    """N: 10,000 small items; results of 16 to 64 bytes, one in ten null, all four statuses."""
    rng = random.Random(SEED + 1)
    docs = []
    for index in range(N_ITEMS):
        result = None if index % 10 == 9 else _b64(rng.randbytes(rng.randint(16, 64)))
        docs.append(document(_id(rng), result, STATUSES[index % 4]))
    return Workload("N", f"{N_ITEMS:,} small items, NDJSON and a delimited stream", tuple(docs))


def large() -> Workload:
    """L: one item holding a 1 MiB image (about 1.4 MB of JSON)."""
    rng = random.Random(SEED + 2)
    doc = document(_id(rng), _b64(rng.randbytes(L_IMAGE_BYTES)), "completed")
    return Workload("L", "one item holding a 1 MiB image (1.4 MB of JSON)", (doc,))


def extra_large() -> Workload:
    """XL: one item whose result is a 100 MB base64 string (75 MB of image bytes)."""
    rng = random.Random(SEED + 3)
    image = rng.randbytes(XL_RESULT_CHARS // 4 * 3)
    doc = document(_id(rng), _b64(image), "completed")
    return Workload("XL", "one item with a 100 MB result (75 MB image)", (doc,))
