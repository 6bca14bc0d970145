"""The events view: the low-level event stream (``IncrementalJsonParser(events=True)``)."""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from chunkwise.jsonstream.builder import Listener

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


START_OBJECT = JsonEvent("start_object", None)
END_OBJECT = JsonEvent("end_object", None)
START_ARRAY = JsonEvent("start_array", None)
END_ARRAY = JsonEvent("end_array", None)


#: ``_event(JsonEvent, (kind, value))`` makes an event without the Python-level
#: ``__new__`` that NamedTuple adds (one event per token: the call counts).
_event = tuple.__new__


class EventRecorder(Listener):
    """The events view: records the builder's notifications as :class:`JsonEvent` s."""

    def __init__(self) -> None:
        self.recorded: list[JsonEvent] = []

    def opened(self, container: Any, depth: int) -> None:
        self.recorded.append(START_ARRAY if isinstance(container, list) else START_OBJECT)

    def key(self, key: str) -> None:
        self.recorded.append(_event(JsonEvent, ("key", key)))

    def scalar(self, value: Any) -> None:
        self.recorded.append(_event(JsonEvent, ("value", value)))

    def grew(self, text: str) -> None:
        self.recorded.append(_event(JsonEvent, ("string_part", text)))

    def closed(self, container: Any) -> None:
        self.recorded.append(END_ARRAY if isinstance(container, list) else END_OBJECT)

    def drain(self) -> list[JsonEvent]:
        """The events since the last call."""
        events, self.recorded = self.recorded, []
        return events
