"""The one error of the wire decoders: bytes that are not what the format says."""

from __future__ import annotations

__all__ = ["WireFormatError"]


class WireFormatError(ValueError):
    """A body that breaks its format (an NDJSON line that is not JSON); ``line`` holds
    the offending bytes."""

    def __init__(self, message: str, *, line: bytes = b"") -> None:
        super().__init__(message)
        self.line = line
