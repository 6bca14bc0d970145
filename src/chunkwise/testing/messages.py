"""Deliver texts the way chat models stream them: as message chunks.

A parser that reads a chat model's stream gets ``AIMessageChunk`` objects, with
the text in ``content`` or, for a tool call, in the argument fragments of
``tool_call_chunks``. :func:`message_chunks` and :func:`tool_call_deltas` wrap a
chunker (:data:`~chunkwise.testing.chunkings` by default) so the checkers feed
such a parser exactly what a model would, while failures still report the text
pieces. The message class is chunkwise's own unless ``message=`` names another
with the same constructor, e.g. ``langchain_core.messages.AIMessageChunk``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chunkwise.models import AIMessageChunk, tool_call_chunk
from chunkwise.testing.strategies import Chunker, chunkings

__all__ = ["message_chunks", "tool_call_deltas"]

MessageFactory = Callable[..., Any]


def message_chunks(
    chunker: Chunker = chunkings, *, message: MessageFactory | None = None, blocks: bool = False
) -> Chunker:
    """``chunker``'s pieces, each delivered as the ``content`` of a message chunk.

    With ``blocks``, content is a list holding one text block
    (``{"type": "text", "text": piece, "index": 0}``), as Anthropic-style streams send it.
    """
    make = AIMessageChunk if message is None else message

    def deliver(pieces: list[Any]) -> list[Any]:
        if blocks:
            return [make(content=[{"type": "text", "text": piece, "index": 0}]) for piece in pieces]
        return [make(content=piece) for piece in pieces]

    return chunker.delivered(deliver, f"message_chunks({chunker!r}{', blocks' if blocks else ''})")


def tool_call_deltas(
    chunker: Chunker = chunkings, *, name: str = "tool", id: str = "call_1", message: MessageFactory | None = None
) -> Chunker:
    """``chunker``'s pieces as the argument fragments of one streamed tool call.

    As OpenAI and Anthropic stream a call: a first chunk names it (``name``, ``id``,
    ``index`` 0, empty arguments), then each piece of the arguments' text comes in
    a chunk of its own carrying only ``index`` 0 and the fragment.
    """
    make = AIMessageChunk if message is None else message

    def deliver(pieces: list[Any]) -> list[Any]:
        head = make(content="", tool_call_chunks=[tool_call_chunk(name=name, id=id, args="", index=0)])
        return [head] + [make(content="", tool_call_chunks=[tool_call_chunk(args=piece, index=0)])
                         for piece in pieces]

    return chunker.delivered(deliver, f"tool_call_deltas({chunker!r}, name={name!r})")
