"""Canonical standard base64: the only ``result`` strings that travel as bytes.

A string is canonical when it is exactly what ``base64.b64encode`` would write
for some non-empty bytes: RFC 4648 section 4 alphabet, ``=`` padding, length a
multiple of 4, no whitespace and zero unused bits. Only then is the bytes form
a faithful carrier, since decoding and re-encoding gives back the same string.

Codecs chosen by measurement (``python benchmarks/decisions.py``): ``pybase64``
(SIMD) encodes at every size and decodes from 128 characters (40x faster than
``binascii`` on a 1 MiB image); ``binascii`` decodes shorter strings in half
the time, its call costing less.
"""

from __future__ import annotations

import binascii

import pybase64

_DECODE_SIMD_FROM_CHARS = 128

# The character before the padding keeps unused bits: with "==" its low 4 bits,
# with "=" its low 2 bits. Canonical text has them zero: these are the characters
# whose alphabet index is a multiple of 16, or of 4.
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
    try:
        # Both reject characters outside the alphabet (non-ASCII too), whitespace
        # and misplaced padding; neither checks unused bits, checked below.
        # binascii's strict mode accepts surplus padding ("AAAA===="): see padding.
        if length < _DECODE_SIMD_FROM_CHARS:
            raw = binascii.a2b_base64(text, strict_mode=True)
        else:
            raw = pybase64.b64decode(text, validate=True)
    except ValueError:  # binascii.Error is a ValueError
        return None
    padding = length // 4 * 3 - len(raw)
    if not padding:
        return raw or None  # "" is not canonical: it stays text
    if padding > 2:
        return None
    # The text ends in its `padding` "=" signs, and the character before them
    # holds the unused bits.
    before = text[-1 - padding]
    if type(before) is int:  # bytes
        before = chr(before)
    return raw if before in (_ZERO_LOW_2_BITS if padding == 1 else _ZERO_LOW_4_BITS) else None


def encode(data: bytes) -> str:
    """Standard padded base64 of ``data``, as ``str``."""
    return pybase64.b64encode_as_string(data)
