"""What an XML document becomes: LangChain's two shapes, built from expat's events.

Both are expat handler sets (``start``/``end``/``data``, names as expat reports them
with ``"}"`` between namespace and local name) that keep only the open elements, so
nothing recurses on the document and memory is its depth plus what is handed out.

* :class:`Leaves` is the streaming shape: each element without child elements, once
  it ends, as a one-path nested dict ``{"root": [{"parent": [{"leaf": text}]}]}``
  (``AddableDict``, so the chunks added with ``+`` merge their lists), as LangChain's
  ``XMLOutputParser`` streams.
* :class:`Tree` is ``parse``'s shape, LangChain's ``_root_to_dict``: an element whose
  text before its first child is not blank is ``{tag: text}``; otherwise
  ``{tag: [child, ...]}``, a child without children being ``{tag: text or None}``.

Neither keeps attributes or text after a child, as in LangChain.
"""

from __future__ import annotations

import re
from typing import Any

from chunkwise.runnables import AddableDict

__all__ = ["Leaves", "TooDeep", "Tree", "nested"]

_NOT_BLANK = re.compile(r"\S")


class TooDeep(ValueError):
    """Elements nested deeper than the parser's ``max_depth``."""


def tag_of(name: str) -> str:
    """ElementTree's spelling of an expat name: ``{namespace}local``."""
    return "{" + name if "}" in name else name


def nested(path: list[str], tag: str, text: str | None) -> AddableDict:
    """``{path[0]: [{path[1]: [... {tag: text}]}]}``, built from the leaf out."""
    value = AddableDict({tag: text})
    for name in reversed(path):
        value = AddableDict({name: [value]})
    return value


class Leaves:
    """The streaming shape: ``found`` collects each leaf element's chunk as it ends;
    ``done`` once the root element ended."""

    __slots__ = ("path", "pieces", "leaf", "found", "done", "max_depth")

    def __init__(self, max_depth: int) -> None:
        self.path: list[str] = []  # the open elements' tags
        self.pieces: list[str] = []  # the text of the innermost element, while it has no child
        self.leaf = False  # no element started inside the innermost open element yet
        self.found: list[AddableDict] = []
        self.done = False
        self.max_depth = max_depth

    def start(self, name: str, attributes: Any) -> None:
        if len(self.path) >= self.max_depth:
            raise TooDeep(f"elements nested deeper than max_depth={self.max_depth}")
        self.path.append(tag_of(name))
        self.pieces = []
        self.leaf = True

    def data(self, text: str) -> None:
        if self.leaf:
            self.pieces.append(text)

    def end(self, name: str) -> None:
        tag = self.path.pop()
        if self.leaf:
            self.found.append(nested(self.path, tag, "".join(self.pieces) if self.pieces else None))
        if self.path:
            self.leaf = False  # the parent has a child: it is no leaf
        else:
            self.done = True


class _Element:
    """An open element of :class:`Tree`: its text before the first child, then
    (``entries`` set) its children's values unless that text was not blank."""

    __slots__ = ("tag", "pieces", "text", "entries", "keep")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.pieces: list[str] = []
        self.text: str | None = None
        self.entries: list[dict[str, Any]] | None = None  # None: no child yet
        self.keep = True  # the children make the value (the text is blank)

    def first_child(self) -> None:
        self.text = "".join(self.pieces) if self.pieces else None
        self.keep = not (self.text and _NOT_BLANK.search(self.text))
        self.entries = []

    def value(self, root: bool) -> dict[str, Any]:
        if self.entries is None:  # no child element
            text = "".join(self.pieces) if self.pieces else None
            if root and not (text and _NOT_BLANK.search(text)):
                return {self.tag: []}
            return {self.tag: text}
        return {self.tag: self.entries if self.keep else self.text}


class Tree:
    """``parse``'s shape: ``result`` is the document's value once the root ended."""

    __slots__ = ("stack", "result", "max_depth")

    def __init__(self, max_depth: int) -> None:
        self.stack: list[_Element] = []
        self.result: dict[str, Any] | None = None
        self.max_depth = max_depth

    @property
    def path(self) -> list[str]:
        """The open elements' tags."""
        return [element.tag for element in self.stack]

    def start(self, name: str, attributes: Any) -> None:
        stack = self.stack
        if stack:
            if len(stack) >= self.max_depth:
                raise TooDeep(f"elements nested deeper than max_depth={self.max_depth}")
            if stack[-1].entries is None:
                stack[-1].first_child()
        stack.append(_Element(tag_of(name)))

    def data(self, text: str) -> None:
        element = self.stack[-1]
        if element.entries is None:
            element.pieces.append(text)

    def end(self, name: str) -> None:
        element = self.stack.pop()
        value = element.value(root=not self.stack)
        if not self.stack:
            self.result = value
        elif self.stack[-1].keep:
            self.stack[-1].entries.append(value)  # type: ignore[union-attr]
