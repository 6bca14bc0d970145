"""What ``chunkwise parse`` writes: one of the engine's four views, as JSON-ready records.

Each view makes the engine it needs and, after every chunk, returns the records the
chunk produced: the value when it changed (``values``), the chunk's JSON Patch when
it is not empty (``patches``), each completed item (``items``), each event
(``events``). What the engine keeps, and so the memory a long stream takes:

* ``items``: ``retain=False``, so items leave the engine once written: memory is
  bounded by the nesting depth plus the largest item;
* ``events``: ``retain=False`` too, so every container is a skeleton that counts its
  members and keeps none: memory is bounded by the depth plus the longest scalar;
* ``patches``: ``retain=False`` as well: members leave the engine once a patch has
  reported them, so memory is bounded by the depth plus what one read changed;
* ``values``: the engine keeps the document (a look needs it), so memory grows with
  the document.
"""

from __future__ import annotations

from typing import Any, Literal

from chunkwise.jsonstream import Completion, IncrementalJsonParser, Repair

__all__ = ["Mode", "View", "make_view"]

Mode = Literal["values", "patches", "items", "events"]

_BRACKETS = frozenset({"start_object", "end_object", "start_array", "end_array"})

class View:
    """The values view: the value after each chunk that changed it."""

    def __init__(self, engine: IncrementalJsonParser) -> None:
        self.engine = engine
        self._shown = 0  # the engine's version when its value was last written

    def records(self) -> list[Any]:
        """What the chunks fed since the last call produced."""
        version = self.engine.version
        if version == self._shown:
            return []
        self._shown = version
        return [self.engine.value]


class PatchesView(View):
    """Each chunk's JSON Patch (RFC 6902; ``compact``: growing strings as ``append``)."""

    def __init__(self, engine: IncrementalJsonParser, *, compact: bool) -> None:
        super().__init__(engine)
        self.compact = compact

    def records(self) -> list[Any]:
        version = self.engine.version
        if version == self._shown:
            return []
        self._shown = version
        patch = self.engine.patches(compact=self.compact)
        return [patch] if patch else []


class ItemsView(View):
    """Each value matching the pattern, once complete."""

    def records(self) -> list[Any]:
        return self.engine.items()


class EventsView(View):
    """Each event, as ``{"kind": ..., "value": ...}`` (no ``value`` for brackets)."""

    def records(self) -> list[Any]:
        return [{"kind": kind} if kind in _BRACKETS else {"kind": kind, "value": value}
                for kind, value in self.engine.events()]


def make_view(mode: Mode, *, items: str | None = None, compact: bool = False, strict: bool = True,
              framed: bool = False, max_depth: int | None = 10_000,
              completion: Completion | str = Completion.PARTIAL, repair: Repair = Repair.NONE) -> View:
    """The view for ``mode``, over an engine made with the given options."""
    options: dict[str, Any] = {"strict": strict, "max_depth": max_depth, "completion": completion,
                               "trailing": "ignore" if framed else "error", "repair": repair}
    if mode == "items":
        if items is None:
            raise ValueError("the items view needs a pattern")
        return ItemsView(IncrementalJsonParser(items=items, retain=False, **options))
    if mode == "events":
        return EventsView(IncrementalJsonParser(events=True, retain=False, **options))
    if mode == "patches":
        return PatchesView(IncrementalJsonParser(retain=False, **options), compact=compact)
    return View(IncrementalJsonParser(**options))
