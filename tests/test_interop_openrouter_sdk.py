"""The seed's own SDK, ``@openrouter/sdk`` (npm), against our JSON, both ways.

interop/openrouter-sdk/roundtrip.mjs parses each document with JSON.parse and
the SDK's zod schemas for this item: the response schema
(``OutputItemImageGenerationCall``, inbound only) or the request item's
(``OutputImageGenerationCallItem``), then writes it with the request item's
outbound schema, as an app that sends a response's items back does. We read
what it writes. Where the two differ, the tests at the end pin the difference,
so that docs/interop.md ("OpenRouter's TypeScript SDK") stays true.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from golden_rows import WIRE_CASES
from helpers import same_json
from peers import OPENROUTER_SDK_DIR, node, openrouter_sdk_installed, run

from imagegen_wire import ABSENT, ImageGenerationCall, ValidationError

pytestmark = pytest.mark.peer  # Node and @openrouter/sdk (.ci/setup.d/30-interop.sh)

IDS = [case["name"] for case in WIRE_CASES]
BASE = '{"type":"image_generation_call","id":"ig_1"'


def through_sdk(*documents: str) -> list[dict[str, Any]]:
    """For each document, the SDK's {"response": ..., "item": ...} outcomes (roundtrip.mjs)."""
    openrouter_sdk_installed()
    script = str(OPENROUTER_SDK_DIR / "roundtrip.mjs")
    request = json.dumps({"documents": list(documents)}).encode()
    results: list[dict[str, Any]] = json.loads(
        run([node(), script], request, "node roundtrip.mjs")
    )["results"]
    assert len(results) == len(documents)
    return results


def written(outcome: dict[str, Any]) -> str:
    assert outcome["ok"], outcome["error"]
    text: str = outcome["json"]
    return text


@pytest.fixture(scope="module")
def golden() -> list[dict[str, Any]]:
    """One Node run over our to_json() of every golden case."""
    return through_sdk(*(ImageGenerationCall.from_json(c["json"]).to_json() for c in WIRE_CASES))


def kept(item: ImageGenerationCall, path: str) -> ImageGenerationCall:
    """What the SDK keeps of an item: the four members, an absent result made null,
    and on the request item's path its declared ``prompt`` (a string)."""
    result = None if item.result is ABSENT else item.result
    prompt = item.extra.get("prompt")
    extra = {"prompt": prompt} if path == "item" and isinstance(prompt, str) else {}
    return ImageGenerationCall(id=item.id, status=item.status, result=result, extra=extra)


@pytest.mark.parametrize("index", range(len(WIRE_CASES)), ids=IDS)
def test_sdk_reads_our_json_and_we_read_what_it_writes(
    golden: list[dict[str, Any]], index: int
) -> None:
    item = ImageGenerationCall.from_json(WIRE_CASES[index]["json"])
    for path in ("response", "item"):
        text = written(golden[index][path])
        ours = ImageGenerationCall.from_json(text)
        assert same_json(json.loads(ours.to_json()), json.loads(text))
        # Same values for the four members, every status and result included.
        assert ours == kept(item, path)


def test_sdk_json_round_trips_through_us_unchanged(golden: list[dict[str, Any]]) -> None:
    """What the SDK wrote, read and written by us, reads in the SDK to the same text's value."""
    firsts = [written(outcome["response"]) for outcome in golden]
    again = through_sdk(*(ImageGenerationCall.from_json(text).to_json() for text in firsts))
    for first, outcome in zip(firsts, again, strict=True):
        assert same_json(json.loads(written(outcome["response"])), json.loads(first))


# -- where the SDK and imagegen-wire differ (docs/interop.md) -------------------


def test_difference_unknown_members_stripped_by_the_sdk_kept_by_us() -> None:
    doc = BASE + ',"result":null,"status":"completed","prompt":"a cat","n":[1,2.5]}'
    (outcome,) = through_sdk(doc)
    assert json.loads(written(outcome["response"])) == {
        "id": "ig_1", "result": None, "status": "completed", "type": "image_generation_call",
    }  # fmt: skip
    # The request item's schema declares `prompt` (a string) and keeps it; `n` is stripped.
    assert json.loads(written(outcome["item"]))["prompt"] == "a cat"
    assert "n" not in json.loads(written(outcome["item"]))
    assert ImageGenerationCall.from_json(doc).extra == {"prompt": "a cat", "n": [1, 2.5]}


def test_difference_a_prompt_not_a_string_is_refused_by_the_item_schema() -> None:
    doc = BASE + ',"result":null,"status":"completed","prompt":5}'
    (outcome,) = through_sdk(doc)
    assert outcome["response"]["ok"]  # stripped unread
    assert not outcome["item"]["ok"]
    assert "prompt" in outcome["item"]["error"]
    assert ImageGenerationCall.from_json(doc).extra == {"prompt": 5}


def test_difference_absent_result_written_as_null_by_the_sdk() -> None:
    doc = BASE + ',"status":"completed"}'
    (outcome,) = through_sdk(doc)
    for path in ("response", "item"):
        assert json.loads(written(outcome[path]))["result"] is None
    assert ImageGenerationCall.from_json(doc).result is ABSENT
    assert ImageGenerationCall.from_json(written(outcome["response"])).result is None


@pytest.mark.parametrize("status", ["queued", "", "Completed"])
def test_both_keep_unknown_statuses(status: str) -> None:
    doc = BASE + f',"result":null,"status":"{status}"}}'
    (outcome,) = through_sdk(doc)
    assert ImageGenerationCall.from_json(written(outcome["response"])).status == status
    assert ImageGenerationCall.from_json(doc).status == status
    with pytest.raises(ValidationError, match="expected one of"):
        ImageGenerationCall.from_json(doc, strict=True)  # the SDK has no closed mode


@pytest.mark.parametrize(
    ("doc", "path"),
    [
        (
            '{"type":"image_generation_call","id":"\\ud800","result":null,"status":"completed"}',
            "$.id",
        ),
        (
            '{"type":"image_generation_call","id":"a\\udc00b","result":null,"status":"completed"}',
            "$.id",
        ),
        (
            '{"type":"image_generation_call","id":"ig_1","result":"\\ud83d","status":"completed"}',
            "$.result",
        ),
    ],
    ids=["lone-high-surrogate-id", "lone-low-surrogate-id", "lone-surrogate-result"],
)
def test_difference_the_sdk_accepts_a_lone_surrogate_and_writes_it_back(
    doc: str, path: str
) -> None:
    (outcome,) = through_sdk(doc)
    text = written(outcome["response"])
    member = path.removeprefix("$.")
    assert json.loads(text)[member] == json.loads(doc)[member]  # written back, escaped
    for document in (doc, text):
        with pytest.raises(ValidationError) as caught:
            ImageGenerationCall.from_json(document)
        assert caught.value.path == path


@pytest.mark.parametrize(
    "tail",
    [
        ',"result":null,"status":"completed","p":1e400}',
        ',"result":null,"status":"completed","p":-1e400}',
    ],
    ids=["overflow-in-unknown-member", "negative-overflow-in-unknown-member"],
)
def test_difference_the_sdk_accepts_what_we_reject(tail: str) -> None:
    (outcome,) = through_sdk(BASE + tail)
    assert outcome["response"]["ok"]  # JSON.parse makes it Infinity; then it is stripped
    with pytest.raises(ValidationError) as caught:
        ImageGenerationCall.from_json(BASE + tail)
    assert caught.value.path == "$.p"


@pytest.mark.parametrize(
    "doc",
    [
        BASE + ',"result":null,"status":null}',
        BASE + ',"result":3,"status":"completed"}',
        '{"type":"message","id":"ig_1","result":null,"status":"completed"}',
        BASE + ',"status":"completed"',  # truncated
        BASE + ',"result":null,"status":"completed","p":NaN}',
        "\ufeff" + BASE + ',"result":null,"status":"completed"}',  # byte order mark
    ],
    ids=["status-null", "result-number", "wrong-type", "truncated", "nan", "byte-order-mark"],
)
def test_both_reject(doc: str) -> None:
    (outcome,) = through_sdk(doc)
    assert not outcome["response"]["ok"]
    assert not outcome["item"]["ok"]
    with pytest.raises(ValidationError):
        ImageGenerationCall.from_json(doc)


def test_both_keep_the_last_of_repeated_names() -> None:
    doc = BASE + ',"id":"second","result":null,"status":"completed"}'
    (outcome,) = through_sdk(doc)
    assert json.loads(written(outcome["response"]))["id"] == "second"
    assert ImageGenerationCall.from_json(doc).id == "second"


def test_docs_name_the_pinned_versions() -> None:
    """docs/interop.md names the versions the lockfile pins: the SDK's and its zod's."""
    lock = json.loads((OPENROUTER_SDK_DIR / "package-lock.json").read_text("utf-8"))
    docs = (OPENROUTER_SDK_DIR.parents[1] / "docs" / "interop.md").read_text("utf-8")
    for name in ("@openrouter/sdk", "zod"):
        pinned = lock["packages"][f"node_modules/{name}"]["version"]
        assert f"`{name}` {pinned}" in docs, f"docs/interop.md does not name {name} {pinned}"
