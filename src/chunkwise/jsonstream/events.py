"""The low-level event stream the parser can record (``IncrementalJsonParser(events=True)``)."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

EventKind = Literal["start_object", "end_object", "start_array", "end_array", "key", "value", "string_part"]


class JsonEvent(NamedTuple):
    """One step of the parse, in document order.

    ``kind`` is one of:

    * ``"start_object"`` / ``"end_object"``, ``"start_array"`` / ``"end_array"``
      (``value`` is None);
    * ``"key"``: an object member's key, once complete;
    * ``"value"``: a complete scalar (string, number, bool or None);
    * ``"string_part"``: decoded text of a string value that spans chunks, as each
      chunk arrives. The parts of one string add up to it; its ``"value"`` event
      still follows when it ends. A string read within one chunk has no parts.
    """

    kind: EventKind
    value: Any
