"""The cleaner's one exception: an input it refuses, with the reason for its dead letter."""
from __future__ import annotations


class CleaningError(Exception):
    """An input the cleaner refuses; ``reason`` is a short snake_case code for the dead letter."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
