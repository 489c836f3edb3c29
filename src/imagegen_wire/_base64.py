"""Canonical standard base64: the only ``result`` strings that travel as bytes.

A string is canonical when it is exactly what ``base64.b64encode`` would write
for some non-empty bytes: RFC 4648 section 4 alphabet, ``=`` padding, length a
multiple of 4, no whitespace and zero unused bits. Only then is the bytes form
a faithful carrier, since decoding and re-encoding gives back the same string.

Codecs chosen by measurement (benchmarks/README.md): ``pybase64`` (SIMD)
encodes fastest at every size and decodes 2.5x faster from 256 bytes and 55x
on a 1 MiB image; the standard library's ``binascii`` decodes strings under
128 characters faster, its call costing less.
"""

from __future__ import annotations

import binascii

import pybase64

# Below this size binascii's lower call overhead beats pybase64's SIMD loop;
# for encoding pybase64 is as fast or faster at every size.
_DECODE_SIMD_FROM_CHARS = 128

# The character before the padding keeps unused bits: with "==" its low 4 bits,
# with "=" its low 2 bits. Canonical text has them zero: these are the characters
# whose alphabet index is a multiple of 16, or of 4.
_ZERO_LOW_4_BITS = frozenset("AQgw")
_ZERO_LOW_2_BITS = frozenset("AEIMQUYcgkosw048")


def decode_canonical(text: str) -> bytes | None:
    """Return the bytes ``text`` encodes if it is canonical base64, else ``None``.

    >>> decode_canonical("QQ==")
    b'A'
    >>> decode_canonical("QR==") is None  # unused bits set: not canonical
    True
    """
    length = len(text)
    if length == 0 or length % 4 or not text.isascii():
        return None
    try:
        # Both reject characters outside the alphabet, whitespace and misplaced
        # padding; neither checks unused bits, checked below. binascii's strict
        # mode accepts surplus padding ("AAAA===="), caught by the length checks.
        if length < _DECODE_SIMD_FROM_CHARS:
            raw = binascii.a2b_base64(text, strict_mode=True)
        else:
            raw = pybase64.b64decode(text, validate=True)
    except ValueError:  # binascii.Error is a ValueError
        return None
    # Written out rather than shared with decode_canonical_bytes: this runs for
    # every item, and a call costs as much as the checks.
    if text[-1] != "=":
        return raw if len(raw) == length // 4 * 3 else None
    if text[-2] == "=":
        canonical = text[-3] in _ZERO_LOW_4_BITS and len(raw) == length // 4 * 3 - 2
    else:
        canonical = text[-2] in _ZERO_LOW_2_BITS and len(raw) == length // 4 * 3 - 1
    return raw if canonical else None


def decode_canonical_bytes(data: bytes | memoryview) -> bytes | None:
    """Like :func:`decode_canonical`, for ASCII bytes: a slice of a JSON document, uncopied."""
    length = len(data)
    if length == 0 or length % 4:
        return None
    try:
        raw = pybase64.b64decode(data, validate=True)
    except ValueError:
        return None
    # Validation passed, so the last characters are alphabet or padding: ASCII.
    return raw if _canonical_end(raw, bytes(data[-3:]).decode("ascii"), length) else None


def _canonical_end(raw: bytes, last3: str, length: int) -> bool:
    """True if the decoded size fits the padding and the unused bits before it are zero."""
    padding = 0
    if last3.endswith("="):
        if last3[-2] == "=":
            padding, bits_clear = 2, last3[-3] in _ZERO_LOW_4_BITS
        else:
            padding, bits_clear = 1, last3[-2] in _ZERO_LOW_2_BITS
        if not bits_clear:
            return False
    return len(raw) == length // 4 * 3 - padding


def encode(data: bytes) -> str:
    """Standard padded base64 of ``data``, as ``str``."""
    return pybase64.b64encode_as_string(data)
