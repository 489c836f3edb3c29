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
from ._status import Status

__all__ = ["ABSENT", "Absent", "DecodeError", "ImageGenerationCall", "Status", "ValidationError"]
__version__ = "0.1.0"
