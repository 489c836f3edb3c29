"""Canonical standard base64: the only ``result`` strings that travel as bytes.

Canonical is what ``base64.b64encode`` writes for some non-empty bytes, so decoding
and re-encoding gives back the same string. By measurement (``benchmarks/decisions.py``),
binascii decodes under 128 characters, pybase64 does the rest. binascii's strict mode
is new in Python 3.11: on 3.10, pybase64 decodes every length (``tests/test_base64.py``
holds both ways to the definition).
"""

from __future__ import annotations

import binascii
import sys

import pybase64

_DECODE_SIMD_FROM_CHARS = 128 if sys.version_info >= (3, 11) else 0

# The character before "==" keeps 4 unused bits, before "=" 2: canonical text has
# them zero, so its alphabet index is a multiple of 16, or of 4.
_ZERO_LOW_4_BITS = frozenset("AQgw")
_ZERO_LOW_2_BITS = frozenset("AEIMQUYcgkosw048")


def decode_canonical(text: str | bytes | memoryview) -> bytes | None:
    """Return the bytes ``text`` encodes if it is canonical base64, else ``None``.

    ``text`` is a ``str``, or ASCII bytes (a slice of a JSON document, uncopied).

    >>> decode_canonical("QQ==")
    b'A'
    >>> decode_canonical("QR==") is None  # unused bits set: not canonical
    True
    """
    length = len(text)
    if length % 4:  # binascii's strict mode reads "AAAA=" as "AAAA"
        return None
    try:  # both refuse what is not alphabet or padding; unused bits are checked below
        if length < _DECODE_SIMD_FROM_CHARS:
            raw = binascii.a2b_base64(text, strict_mode=True)
        else:
            raw = pybase64.b64decode(text, validate=True)
    except ValueError:  # binascii.Error is a ValueError
        return None
    padding = length // 4 * 3 - len(raw)
    if not padding:
        return raw or None  # "" is not canonical: it stays text
    if padding > 2:  # binascii's strict mode takes surplus padding ("AAAA====")
        return None
    before = text[-1 - padding]
    if type(before) is int:  # bytes
        before = chr(before)
    return raw if before in (_ZERO_LOW_2_BITS if padding == 1 else _ZERO_LOW_4_BITS) else None


def encode(data: bytes) -> str:
    """Standard padded base64 of ``data``, as ``str``."""
    return pybase64.b64encode_as_string(data)
