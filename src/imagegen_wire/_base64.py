"""Canonical standard base64: the only ``result`` strings that travel as bytes.

A string is canonical when it is exactly what ``base64.b64encode`` would write
for some non-empty bytes: RFC 4648 section 4 alphabet, ``=`` padding, length a
multiple of 4, no whitespace and zero unused bits. Only then is the bytes form
a faithful carrier, since decoding and re-encoding gives back the same string.
"""

from __future__ import annotations

import binascii


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
        # strict_mode rejects characters outside the alphabet, whitespace and
        # misplaced padding; it accepts non-zero unused bits, checked below.
        raw = binascii.a2b_base64(text, strict_mode=True)
    except binascii.Error:
        return None
    padding = 2 if text.endswith("==") else 1 if text.endswith("=") else 0
    tail = len(raw) % 3 or 3
    if len(raw) != length // 4 * 3 - padding or tail != 3 - padding:
        return None
    # Only the last quantum can hide unused bits; re-encoding it settles it.
    if padding and binascii.b2a_base64(raw[-tail:], newline=False) != text[-4:].encode():
        return None
    return raw


def encode(data: bytes) -> str:
    """Standard padded base64 of ``data``, as ``str``."""
    return binascii.b2a_base64(data, newline=False).decode("ascii")
