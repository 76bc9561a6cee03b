"""Domain errors raised by services; views turn them into form errors or messages, APIs into HTTP 400."""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule of the domain was broken; ``message`` is translated and safe to show to the user."""

    def __init__(self, message: str, *, extra: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
