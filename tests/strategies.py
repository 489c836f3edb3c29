"""Hypothesis strategies for items and JSON documents, in one place for every test module."""

from __future__ import annotations

import base64
import json
from typing import Any

from hypothesis import strategies as st

from imagegen_wire import ABSENT, ImageGenerationCall, Status

KNOWN_MEMBERS = ("type", "id", "result", "status")

# Any Unicode scalar value: UTF-8, and so protobuf, cannot hold lone surrogates.
texts = st.text(st.characters(codec="utf-8"), max_size=40)
long_texts = st.text(st.characters(codec="utf-8"), min_size=200, max_size=3000)
any_texts = texts | long_texts | st.sampled_from(["", "\x00", "é", "日本語", "🖼️", "\u2028", '"\\'])

canonical_base64 = st.binary(min_size=1, max_size=600).map(lambda b: base64.b64encode(b).decode())
non_canonical_base64 = st.sampled_from(
    # The last three: surplus padding after a whole quantum.
    [
        "QR==",
        "QQ",
        "QQ=",
        "QUFB\n",
        "QU FB",
        "QUFB====",
        "=QUF",
        "-_-_",
        "aGk",
        "aGk=\n",
        "AAAA=",
        "QUFB==",
        "9999=",
    ]
) | canonical_base64.map(lambda s: s.rstrip("="))
results: st.SearchStrategy[Any] = st.one_of(
    st.just(ABSENT), st.none(), st.just(""), canonical_base64, non_canonical_base64, any_texts
)
statuses: st.SearchStrategy[Any] = (
    st.sampled_from(list(Status))
    | st.sampled_from(["queued", "", "COMPLETED", "in progress"])
    | texts
)

# Integers beyond 64 bits and floats of every magnitude, kept apart as JSON keeps them.
json_numbers = (
    st.integers()
    | st.integers(min_value=2**63 - 2, max_value=2**64 + 2)
    | st.integers(min_value=-(10**60), max_value=10**60)
    | st.floats(allow_nan=False, allow_infinity=False)
)
json_scalars = st.none() | st.booleans() | json_numbers | texts
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(texts, children, max_size=4),
    max_leaves=12,
)
extra_names = texts.filter(lambda name: name not in KNOWN_MEMBERS)
extras = st.dictionaries(extra_names, json_values, max_size=4)


@st.composite
def items(draw: st.DrawFn) -> ImageGenerationCall:
    """Items as a user would make them, over every kind of id, status, result and extra."""
    return ImageGenerationCall(
        id=draw(any_texts), status=draw(statuses), result=draw(results), extra=draw(extras)
    )


@st.composite
def documents(draw: st.DrawFn) -> str:
    """I-JSON documents the default mode accepts: members in any order, any spacing and escaping."""
    members: list[tuple[str, Any]] = [
        ("type", "image_generation_call"),
        ("id", draw(any_texts)),
        ("status", draw(statuses)),
    ]
    result = draw(results)
    if result is not ABSENT:
        members.append(("result", result))
    members += list(draw(extras).items())
    members = draw(st.permutations(members))
    ensure_ascii = draw(st.booleans())
    separators = draw(st.sampled_from([(",", ":"), (", ", ": "), (" ,", " : ")]))
    body = separators[0].join(
        json.dumps(name, ensure_ascii=ensure_ascii)
        + separators[1]
        + json.dumps(value.value if isinstance(value, Status) else value, ensure_ascii=ensure_ascii)
        for name, value in members
    )
    return "{" + body + "}"
