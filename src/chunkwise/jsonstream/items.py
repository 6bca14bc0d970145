"""The items view: each complete value whose JSON Pointer matches a pattern.

A pattern is a JSON Pointer whose reference tokens may be ``*`` (any key or index),
e.g. ``/countries/*``. The containers that hold matching values (the *item
parents*, one level up) are recognised when they open; the builder then hands this
view each member placed in such a parent, which is exactly when that member is
complete. So items cost nothing in the parse loop, come out in document order, each
once (a repeated key's second value is another item), and are the very objects of
the final value (with ``retain=False`` they are not kept in it: see :mod:`.release`).
"""

from __future__ import annotations

from typing import Any

from chunkwise.jsonstream.builder import Listener, TreeBuilder
from chunkwise.jsonstream.snapshot import LIST

ANY = "*"


def parse_pattern(pattern: str) -> list[str]:
    """Split a pointer pattern into unescaped reference tokens."""
    if pattern == "":
        return []
    if not pattern.startswith("/"):
        raise ValueError(f"An items pattern is a JSON Pointer starting with '/', not {pattern!r}")
    return [part.replace("~1", "/").replace("~0", "~") for part in pattern[1:].split("/")]


class ItemCollector(Listener):
    """Finds the item parents of one pattern and collects their members."""

    def __init__(self, pattern: str, builder: TreeBuilder) -> None:
        self.parts = parse_pattern(pattern)
        #: The depth of the item parents (-1: the pattern names the whole document).
        self.parent_depth = len(self.parts) - 1
        self.found: list[Any] = []
        self._builder = builder
        self._root_taken = False
        builder.listen(self)

    def opened(self, container: Any, depth: int) -> None:
        if depth != self.parent_depth:
            return
        builder = self._builder
        for part, frame, key in zip(self.parts[:depth], builder.stack, builder.keys):
            where = str(len(frame)) if key is LIST else key
            if part != ANY and part != where:
                return
        builder.watch(container, self._member)

    def _member(self, part: Any, value: Any) -> None:
        wanted = self.parts[-1]
        if wanted == ANY or wanted == (part if type(part) is str else str(part)):
            self.found.append(value)

    def drain(self) -> list[Any]:
        """The items found since the last call."""
        if not self.parts and self._builder.done and not self._root_taken:
            self._root_taken = True
            self.found.append(self._builder.root)
        found, self.found = self.found, []
        return found
