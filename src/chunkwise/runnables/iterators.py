"""Small iterator helpers: one-item streams, closing, async tee."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")

__all__ = ["aiter_items", "close_iter", "aclose_iter", "atee"]


async def aiter_items(*items: T) -> AsyncIterator[T]:
    """An async stream of the given items (a whole input as a one-chunk stream)."""
    for item in items:
        yield item


def close_iter(iterator: object) -> None:
    """Close a generator (or anything with ``close``); plain iterators are left alone."""
    close = getattr(iterator, "close", None)
    if close is not None:
        close()


async def aclose_iter(iterator: object) -> None:
    """Close an async generator (or anything with ``aclose``)."""
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        await aclose()


_END: Any = object()


class _Tee(Generic[T]):
    """Shared state of ``atee``: one buffer per branch, one branch pulls at a time."""

    def __init__(self, source: AsyncIterator[T], n: int) -> None:
        self.source = source
        self.buffers: list[deque[Any]] = [deque() for _ in range(n)]
        self.lock = asyncio.Lock()
        self.error: BaseException | None = None

    async def branch(self, buffer: deque[Any]) -> AsyncIterator[T]:
        while True:
            if not buffer:
                async with self.lock:
                    if not buffer:
                        await self._pull()
            item = buffer.popleft()
            if item is _END:
                buffer.append(_END)
                if self.error is not None:
                    raise self.error
                return
            yield item

    async def _pull(self) -> None:
        if self.error is None:
            try:
                item = await self.source.__anext__()
            except StopAsyncIteration:
                item = _END
            except BaseException as exc:
                self.error = exc
                item = _END
        else:
            item = _END
        for buffer in self.buffers:
            buffer.append(item)


def atee(source: AsyncIterator[T], n: int) -> list[AsyncIterator[T]]:
    """``n`` independent async streams over one source; each chunk is pulled once.

    An error from the source is raised in every branch that reaches it.
    """
    tee = _Tee(source, n)
    return [tee.branch(buffer) for buffer in tee.buffers]
