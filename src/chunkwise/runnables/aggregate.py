"""Combining chunks with ``+``: how a step that cannot stream sees its whole input.

A non-streaming step (a plain function, a prompt) waits for its input stream to end
and works on the chunks added together; chunks that do not support ``+`` are
replaced by the last one, as in LangChain. Dict chunks (the output of
``RunnableParallel``) are ``AddableDict`` so they add key by key.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from functools import reduce
from typing import Any

__all__ = ["AddableDict", "Aggregator", "acombine", "add", "add_chunks", "combine"]


class AddableDict(dict[str, Any]):
    """A dict whose ``+`` merges key by key, adding the values of shared keys."""

    def __add__(self, other: dict[str, Any]) -> AddableDict:
        merged = AddableDict(self)
        for key, value in other.items():
            mine = merged.get(key)
            if mine is None:
                merged[key] = value
            elif value is not None:
                try:
                    merged[key] = mine + value
                except TypeError as exc:
                    raise TypeError(
                        f"Cannot add incompatible types for key {key!r}: "
                        f"{type(mine).__name__!r} and {type(value).__name__!r}."
                    ) from exc
        return merged

    def __radd__(self, other: dict[str, Any]) -> AddableDict:
        return AddableDict(other) + self


def add_chunks(left: Any, right: Any) -> Any:
    """``left + right``, or ``right`` when the chunks cannot be added."""
    try:
        return left + right
    except TypeError:
        return right


class Aggregator:
    """Collects chunks cheaply (one list append each) and combines them once at the end.

    Strings are joined in one pass instead of being added pairwise, so combining
    n text chunks costs O(total length), not O(n * length).
    """

    __slots__ = ("_chunks", "add")

    def __init__(self) -> None:
        self._chunks: list[Any] = []
        #: ``add(chunk)`` records a chunk: the list's own append, no Python frame per chunk.
        self.add: Callable[[Any], None] = self._chunks.append

    def __bool__(self) -> bool:
        return bool(self._chunks)

    def result(self, *, stop_after_unaddable: bool = False) -> Any:
        """The chunks added together; ``None`` when there were none. A chunk that cannot
        be added replaces the total; with ``stop_after_unaddable`` (how LangChain records
        a run's output) every chunk after that one replaces it too."""
        chunks = self._chunks
        if not chunks:
            return None
        if all(type(c) is str for c in chunks):
            return "".join(chunks)
        if not stop_after_unaddable:
            return reduce(add_chunks, chunks)
        total = chunks[0]
        for chunk in chunks[1:]:
            try:
                total = total + chunk
            except TypeError:  # from here on each chunk replaces the total: the last one
                return chunks[-1]
        return total


def combine(chunks: Iterable[Any]) -> Any:
    """The chunks added together (``None`` for none): a stream seen whole."""
    aggregate = Aggregator()
    for chunk in chunks:
        aggregate.add(chunk)
    return aggregate.result()


async def acombine(chunks: AsyncIterator[Any]) -> Any:
    """``combine`` for an async stream (which is closed afterwards)."""
    aggregate = Aggregator()
    try:
        async for chunk in chunks:
            aggregate.add(chunk)
    finally:
        aclose = getattr(chunks, "aclose", None)
        if aclose is not None:
            await aclose()
    return aggregate.result()


def add(addables: Iterable[Any]) -> Any:
    """``a + b + c ...`` of the items, left to right (``None`` for none), as LangChain's ``add``."""
    total: Any = None
    for item in addables:
        total = item if total is None else total + item
    return total
