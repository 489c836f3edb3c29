"""imagegen-wire: the ``image_generation_call`` item in a compact, typed, versioned binary form.

Read JSON, write protobuf, and back, losing nothing::

    >>> from imagegen_wire import ImageGenerationCall
    >>> item = ImageGenerationCall.from_json(
    ...     '{"type":"image_generation_call","id":"ig_1","result":"aGk=","status":"completed"}'
    ... )
    >>> ImageGenerationCall.from_bytes(item.to_bytes()).to_json() == item.to_json()
    True
"""

from ._absent import ABSENT, Absent
from ._errors import DecodeError, ValidationError
from ._item import ImageGenerationCall
from ._responses import item_from_event, items_from_response
from ._schema import include_dir
from ._status import Status
from ._stream import (
    DEFAULT_MAX_FRAME_SIZE,
    DEFAULT_MAX_LINE_SIZE,
    read_delimited,
    read_ndjson,
    write_delimited,
    write_ndjson,
)

__all__ = [
    "ABSENT",
    "DEFAULT_MAX_FRAME_SIZE",
    "DEFAULT_MAX_LINE_SIZE",
    "Absent",
    "DecodeError",
    "ImageGenerationCall",
    "Status",
    "ValidationError",
    "include_dir",
    "item_from_event",
    "items_from_response",
    "read_delimited",
    "read_ndjson",
    "write_delimited",
    "write_ndjson",
]
__version__ = "0.1.0"
