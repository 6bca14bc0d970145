"""Item streaming: each complete value whose JSON Pointer matches a pattern.

A pattern is a JSON Pointer whose reference tokens may be ``*`` (any key or
index), e.g. ``/countries/*``. The containers that hold matching values (the
*item parents*, one level up) are recognised when they open; the parser then
builds them as small list/dict subclasses that record each member as it is
inserted, which is exactly when that member is complete. So items cost nothing
in the parse loop, come out in document order, each once (a duplicate key's
second value is another item), and are the very objects of the final value.
When an item parent closes it is turned back into a plain ``list``/``dict``.
"""

from __future__ import annotations

from typing import Any

from chunkwise.jsonstream.snapshot import LIST

ANY = "*"


def parse_pattern(pattern: str) -> list[str]:
    """Split a pointer pattern into unescaped reference tokens."""
    if pattern == "":
        return []
    if not pattern.startswith("/"):
        raise ValueError(f"An items pattern is a JSON Pointer starting with '/', not {pattern!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in pattern[1:].split("/")]


class _ItemList(list):  # type: ignore[type-arg]
    """An array whose matching members are recorded as items when appended."""

    __slots__ = ("sink", "wanted")
    sink: list[Any]
    wanted: str

    def append(self, member: Any) -> None:
        wanted = self.wanted
        if wanted == ANY or wanted == str(len(self)):
            self.sink.append(member)
        super().append(member)


class _ItemDict(dict):  # type: ignore[type-arg]
    """An object whose matching members are recorded as items when set."""

    __slots__ = ("sink", "wanted")
    sink: list[Any]
    wanted: str

    def __setitem__(self, key: str, member: Any) -> None:
        if self.wanted == ANY or self.wanted == key:
            self.sink.append(member)
        super().__setitem__(key, member)


class ItemCollector:
    """Finds the item parents of one pattern and collects their members."""

    def __init__(self, pattern: str) -> None:
        self.parts = parse_pattern(pattern)
        self.parent_depth = len(self.parts) - 1
        self.found: list[Any] = []

    def opened(self, container: Any, stack: list[Any], keys: list[Any]) -> Any:
        """The container to use for one that opens at depth ``len(stack)``."""
        if len(stack) != self.parent_depth:
            return container
        for part, frame, key in zip(self.parts, stack, keys):
            where = str(len(frame)) if key is LIST else key
            if part != ANY and part != where:
                return container
        recorder: _ItemList | _ItemDict = _ItemList() if isinstance(container, list) else _ItemDict()
        recorder.sink = self.found
        recorder.wanted = self.parts[-1]
        return recorder

    @staticmethod
    def closed(container: Any) -> Any:
        """The plain container to place in the final value."""
        if type(container) is _ItemList:
            return list(container)
        if type(container) is _ItemDict:
            return dict(container)
        return container

    def root_done(self, value: Any) -> None:
        """The pattern ``""`` matches the whole document."""
        if not self.parts:
            self.found.append(value)

    def drain(self) -> list[Any]:
        """The items found since the last call."""
        if not self.found:
            return []
        found = self.found[:]  # the item parents hold this very list: empty it, don't replace it
        self.found.clear()
        return found
