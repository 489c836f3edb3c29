"""``ABSENT``: the ``result`` of an item with no ``result`` member, neither null nor a string."""

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
