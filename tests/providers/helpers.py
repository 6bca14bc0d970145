"""Models pointed at the replay server, and small helpers for the provider tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

from chunkwise.models import AIMessageChunk, add_ai_message_chunks
from chunkwise.providers import ChatOpenAI, RetryPolicy

from .server import ReplayServer

T = TypeVar("T")

#: Retries without the real backoff, so that retry tests take milliseconds.
FAST_RETRIES = RetryPolicy(max_retries=2, initial_delay=0.001, max_delay=0.002)


def openai_model(server: ReplayServer, **options: Any) -> ChatOpenAI:
    options.setdefault("retry_policy", FAST_RETRIES)
    return ChatOpenAI(model="gpt-4o-mini", base_url=f"{server.url}/v1", api_key="sk-test",
                      **options)


def collect(stream: Iterator[T]) -> tuple[list[T], BaseException | None]:
    """The items of ``stream`` up to its error, and the error (None if it ended well)."""
    items: list[T] = []
    try:
        for item in stream:
            items.append(item)
    except Exception as error:  # the test looks at which
        return items, error
    return items, None


def acollect(stream: AsyncIterator[T]) -> list[T]:
    async def run() -> list[T]:
        return [item async for item in stream]
    return asyncio.run(run())


def total(chunks: list[AIMessageChunk]) -> AIMessageChunk:
    return add_ai_message_chunks(*chunks)
