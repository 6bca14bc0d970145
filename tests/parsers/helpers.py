"""Running a parser over chunks, as strings, message chunks or block content, sync and async."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from typing import Any

from chunkwise import AIMessageChunk, Runnable


def as_messages(chunks: Iterable[str], blocks: bool = False) -> list[AIMessageChunk]:
    """Each chunk as a message chunk (its content a text block when ``blocks``)."""
    if blocks:
        return [AIMessageChunk([{"type": "text", "text": c, "index": 0}]) for c in chunks]
    return [AIMessageChunk(c) for c in chunks]


def run_sync(parser: Runnable[Any, Any], chunks: Iterable[Any]) -> list[Any]:
    return list(parser.transform(iter(list(chunks))))


def run_async(parser: Runnable[Any, Any], chunks: Iterable[Any]) -> list[Any]:
    items = list(chunks)

    async def source() -> AsyncIterator[Any]:
        for item in items:
            yield item

    async def main() -> list[Any]:
        return [out async for out in parser.atransform(source())]

    return asyncio.run(main())


def streamed(parser: Runnable[Any, Any], chunks: list[str]) -> list[Any]:
    """The outputs for ``chunks``, checked equal for str / message / block input, sync / async."""
    outputs = run_sync(parser, chunks)
    assert run_sync(parser, as_messages(chunks)) == outputs
    assert run_async(parser, as_messages(chunks, blocks=True)) == outputs
    return outputs
