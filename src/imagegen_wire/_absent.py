"""``ABSENT``: the value of ``result`` when the JSON item has no ``result`` member.

JSON tells three results apart, and so does the library: no member
(``ABSENT``), ``null`` (``None``) and a string (``""`` included).
"""

from __future__ import annotations

import enum
from typing import Literal


class Absent(enum.Enum):
    """Type of the single ``ABSENT`` marker; falsy, like ``None``."""

    ABSENT = "ABSENT"

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT: Literal[Absent.ABSENT] = Absent.ABSENT

Result = str | None | Literal[Absent.ABSENT]
"""What ``ImageGenerationCall.result`` can be: a string, ``None`` (JSON null) or ``ABSENT``."""
