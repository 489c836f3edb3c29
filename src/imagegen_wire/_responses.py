"""Items out of what the Responses API sends: a whole response, or one streaming event.

Each item is read by ``from_dict``, so it is checked as any other; its errors
carry the path from the response's root (``$.output[2].status: ...``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._absent import ABSENT
from ._errors import ValidationError
from ._item import ImageGenerationCall
from ._jsonmap import TYPE_VALUE
from ._jsonvalue import describe, parse_exact

OUTPUT_ITEM_DONE = "response.output_item.done"
"""The streaming event that carries an output item in its final form, image included."""


def items_from_response(response: object, *, strict: bool = False) -> list[ImageGenerationCall]:
    """The ``image_generation_call`` items of a whole response's ``output``, in order.

    ``response`` is the parsed JSON (a dict), its text, or an SDK's response model
    (OpenAI's ``Response``, OpenRouter's ``OpenResponsesResult``: any pydantic
    model), whose items hold the members they were given, as the JSON had them
    (``model_fields_set``: an absent ``result`` stays absent). Other output items
    (messages, reasoning, tool calls) are passed over; a malformed image item is
    a ``ValidationError`` at its path.

    >>> items_from_response({"output": [
    ...     {"type": "message", "content": []},
    ...     {"type": "image_generation_call", "id": "ig_1", "status": "completed", "result": None},
    ... ]})
    [ImageGenerationCall(id='ig_1', status=Status.COMPLETED, result=None)]
    """
    obj = _object(response)
    output = obj.get("output", ABSENT)
    if not isinstance(output, list):
        got = "nothing" if output is ABSENT else describe(output)
        msg = f"expected a response whose output is an array of items, got {got}"
        raise ValidationError("$.output", msg)
    return [
        _item(entry, f"$.output[{index}]", strict)
        for index, entry in enumerate(output)
        if isinstance(entry, Mapping) and entry.get("type") == TYPE_VALUE
    ]


def item_from_event(event: object, *, strict: bool = False) -> ImageGenerationCall | None:
    """The image item a ``response.output_item.done`` streaming event carries, else ``None``.

    ``event`` is a dict, its JSON text, or an SDK's event model, read as
    ``items_from_response`` reads a model.

    That event is the one with the final image: partial images and the
    ``in_progress`` and ``generating`` events come before it without ``result``.
    """
    obj = _object(event)
    if obj.get("type") != OUTPUT_ITEM_DONE:
        return None
    item = obj.get("item", ABSENT)
    if not isinstance(item, Mapping):
        got = "nothing" if item is ABSENT else describe(item)
        msg = f"expected the output item as an object, got {got}"
        raise ValidationError("$.item", msg)
    if item.get("type") != TYPE_VALUE:
        return None
    return _item(item, "$.item", strict)


def _object(data: object) -> Mapping[str, Any]:
    obj = parse_exact(data) if isinstance(data, (str, bytes)) else _given(data)
    if not isinstance(obj, Mapping):
        raise ValidationError("$", f"expected a JSON object, got {describe(obj)}")
    return obj


def _given(model: Any) -> Any:
    """Parsed JSON, with every pydantic model in it as the members it was given, and no others.

    ``model_dump(exclude_unset=True)`` alone is not enough: some SDKs' serializers
    write every nullable field, given or not. Extra members (``model_extra``) were
    given too. Lists and dicts are read through, so a dict may hold SDK items.
    """
    if isinstance(model, list):
        return [_given(entry) for entry in model]
    if isinstance(model, Mapping):
        return {name: _given(value) for name, value in model.items()}
    if not hasattr(model, "model_fields_set"):
        return model
    fields = type(model).model_fields
    given = {
        fields[name].alias or name: getattr(model, name)
        for name in model.model_fields_set
        if name in fields  # some SDKs count extras among the fields set
    }
    given.update(model.model_extra or {})
    return {name: _given(value) for name, value in given.items()}


def _item(entry: Mapping[str, Any], where: str, strict: bool) -> ImageGenerationCall:
    try:
        return ImageGenerationCall.from_dict(entry, strict=strict)
    except ValidationError as exc:
        raise ValidationError(where + exc.path[1:], exc.message) from None
