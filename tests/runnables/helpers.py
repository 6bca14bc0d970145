"""Shared test helpers for the runnable layer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

from chunkwise.runnables import Runnable


def other_tasks() -> list[asyncio.Task[Any]]:
    """Tasks still alive besides the current one."""
    current = asyncio.current_task()
    return [t for t in asyncio.all_tasks() if t is not current and not t.done()]


async def collect(stream: AsyncIterator[Any]) -> list[Any]:
    return [chunk async for chunk in stream]


def events(runnable: Runnable[Any, Any], input: Any, **kwargs: Any) -> list[dict[str, Any]]:
    return asyncio.run(collect(runnable.astream_events(input, **kwargs)))  # type: ignore[arg-type]


def words(inputs: Iterator[str]) -> Iterator[str]:
    """Split the text stream into words, streaming."""
    for text in inputs:
        yield from text.split(" ")


async def awords(inputs: AsyncIterator[str]) -> AsyncIterator[str]:
    async for text in inputs:
        for word in text.split(" "):
            await asyncio.sleep(0)
            yield word
