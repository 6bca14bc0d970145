"""Writing records as JSON lines (or indented JSON documents), flushed once per chunk.

Output is UTF-8. A string may hold a lone surrogate (JSON allows ``"\\ud800"``, and
the engine keeps it, as ``json.loads`` does); such a record cannot be UTF-8, so it is
written with ASCII escapes instead, which read back to the same value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

__all__ = ["JsonLines", "dumps"]


def dumps(record: Any, *, pretty: bool = False) -> str:
    """``record`` as JSON text: one line, or indented with ``pretty``."""
    return json.dumps(record, ensure_ascii=False, indent=2 if pretty else None)


class JsonLines:
    """Writes each record on its own line to a binary stream."""

    def __init__(self, out: BinaryIO, *, pretty: bool = False) -> None:
        self.out = out
        indent = 2 if pretty else None
        # Made once: json.dumps with options makes a new encoder per call (a third of the
        # time of an --items stream of small records).
        self._encode = json.JSONEncoder(ensure_ascii=False, indent=indent).encode
        self._encode_ascii = json.JSONEncoder(indent=indent).encode

    def write(self, records: Iterable[Any]) -> None:
        """Write ``records`` and flush them at once (nothing is written for none)."""
        lines = [self._line(record) for record in records]
        if lines:
            self.out.write(b"".join(lines))
            self.out.flush()

    def _line(self, record: Any) -> bytes:
        try:
            return self._encode(record).encode("utf-8") + b"\n"
        except UnicodeEncodeError:  # a lone surrogate
            return self._encode_ascii(record).encode("ascii") + b"\n"
