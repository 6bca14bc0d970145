"""``RunnablePassthrough``: hands its input on unchanged (and streams it unchanged)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

from chunkwise.runnables.base import Runnable
from chunkwise.runnables.config import RunnableConfig

T = TypeVar("T")

__all__ = ["RunnablePassthrough"]


class RunnablePassthrough(Runnable[T, T]):
    """Identity; useful as a dict branch to keep the input next to computed values."""

    def _invoke(self, input: T, config: RunnableConfig) -> T:
        return input

    async def _ainvoke(self, input: T, config: RunnableConfig) -> T:
        return input

    def _transform(self, input: Iterator[T], config: RunnableConfig) -> Iterator[T]:
        yield from input

    async def _atransform(self, input: AsyncIterator[T], config: RunnableConfig) -> AsyncIterator[T]:
        async for chunk in input:
            yield chunk
