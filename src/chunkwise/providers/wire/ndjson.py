"""An incremental decoder of newline-delimited JSON (NDJSON, JSON Lines) bodies.

Sans-I/O: feed it bytes in any chunking, it returns the JSON values of the lines
the bytes completed; ``close()`` at the end of the body parses a last line that
has no newline. Lines end at LF (a CR before it is dropped); blank lines are
skipped. Each line must be one JSON text in UTF-8: anything else raises
:class:`~chunkwise.providers.wire.WireFormatError` naming the line. Splitting on
the LF byte before decoding is safe: it never occurs inside a UTF-8 character.
"""

from __future__ import annotations

import json
from typing import Any

from chunkwise.providers.wire.errors import WireFormatError

__all__ = ["NDJSONDecoder"]


class NDJSONDecoder:
    """Bytes of an NDJSON body in, one decoded value per line out."""

    __slots__ = ("_rest", "_line_number")

    def __init__(self) -> None:
        self._rest = b""  # the line being received
        self._line_number = 0  # lines completed so far

    def feed(self, data: bytes) -> list[Any]:
        """The values of the lines completed by ``data``."""
        if b"\n" not in data:
            self._rest += data
            return []
        lines = data.split(b"\n")
        lines[0] = self._rest + lines[0]
        self._rest = lines.pop()
        return [value for line in lines if (value := self._value(line)) is not _BLANK]

    def close(self) -> list[Any]:
        """End of the body: the value of a last line without a newline, if any."""
        rest, self._rest = self._rest, b""
        value = self._value(rest)
        return [] if value is _BLANK else [value]

    @property
    def pending(self) -> bool:
        """Whether bytes of an unfinished line are waiting."""
        return bool(self._rest.strip())

    def _value(self, line: bytes) -> Any:
        self._line_number += 1
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line.strip(b" \t\r"):
            return _BLANK
        try:
            return json.loads(line.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise WireFormatError(
                f"NDJSON line {self._line_number} is not UTF-8: {error.reason} "
                f"at byte {error.start}", line=line) from None
        except json.JSONDecodeError as error:
            raise WireFormatError(
                f"NDJSON line {self._line_number} is not JSON: {error.msg} "
                f"(char {error.pos}): {line[:80]!r}", line=line) from None


_BLANK: Any = object()  # what a blank line decodes to: nothing
