"""``Status``: the four documented values of the item's ``status`` member."""

from __future__ import annotations

import enum


class Status(str, enum.Enum):
    """The four documented statuses; a ``str``, so ``Status.COMPLETED == "completed"``."""

    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    GENERATING = "generating"
    FAILED = "failed"

    def __str__(self) -> str:
        return str.__str__(self)

    __format__ = str.__format__  # type: ignore[assignment]


STATUS_BY_TEXT: dict[str, Status] = {member.value: member for member in Status}
KNOWN_STATUSES_TEXT = ", ".join(repr(member.value) for member in Status)
