"""``from_openai_stream`` / ``from_anthropic_stream``: official SDK streams as chunks.

For code already on the ``openai`` or ``anthropic`` SDK: pass the stream a
``create(..., stream=True)`` call returned (sync or async) and get
``AIMessageChunk``s, decoded by the same sans-I/O states as chunkwise's own
models, so ``JsonOutputParser().transform(from_openai_stream(stream))`` streams
partial values. The SDKs are duck-typed, never imported: an item may be a dict or
any object with ``to_dict()`` or ``model_dump()`` (the SDKs' pydantic models).

The SDKs hide the terminator: the OpenAI SDK stops quietly when the connection
ends before ``[DONE]``. So here a stream is complete when a finish reason (or
``message_stop``) came; otherwise :class:`IncompleteStreamError` is raised after
the chunks -- where the SDK alone would hand out a cut-off answer as whole.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from typing import Any, Protocol, Union, overload

from chunkwise.models import AIMessageChunk
from chunkwise.providers.anthropic_stream import AnthropicStream
from chunkwise.providers.errors import IncompleteStreamError, ProviderError
from chunkwise.providers.openai_stream import OpenAIStream

__all__ = ["from_anthropic_stream", "from_openai_stream"]

Items = Union[Iterable[Any], AsyncIterable[Any]]


class _State(Protocol):
    provider: str
    terminator: str

    @property
    def complete(self) -> bool: ...


def _as_dict(item: Any, provider: str) -> dict[str, Any]:
    if isinstance(item, dict):
        return item
    for method in ("to_dict", "model_dump"):
        convert = getattr(item, method, None)
        if callable(convert):
            value = convert()
            if isinstance(value, dict):
                return value
    raise ProviderError(f"{provider}: cannot read a stream item of type {type(item).__name__}: "
                        "expected a dict or an SDK object with to_dict()", provider=provider)


def _check_complete(state: _State, items: int) -> None:
    if not state.complete:
        raise IncompleteStreamError(
            f"{state.provider}: the SDK stream ended before {state.terminator} "
            f"({items} item(s)); the answer is cut off", provider=state.provider)


def _sync(items: Iterable[Any], state: _State,
          decode: Callable[[dict[str, Any]], list[AIMessageChunk]]) -> Iterator[AIMessageChunk]:
    count = 0
    for count, item in enumerate(items, 1):
        yield from decode(_as_dict(item, state.provider))
    _check_complete(state, count)


async def _async(items: AsyncIterable[Any], state: _State,
                 decode: Callable[[dict[str, Any]], list[AIMessageChunk]]
                 ) -> AsyncIterator[AIMessageChunk]:
    count = 0
    async for item in items:
        count += 1
        for chunk in decode(_as_dict(item, state.provider)):
            yield chunk
    _check_complete(state, count)


def _run(items: Items, state: _State, decode: Callable[[dict[str, Any]], list[AIMessageChunk]]
         ) -> Iterator[AIMessageChunk] | AsyncIterator[AIMessageChunk]:
    if isinstance(items, AsyncIterable):
        return _async(items, state, decode)
    return _sync(items, state, decode)


@overload
def from_openai_stream(stream: AsyncIterable[Any]) -> AsyncIterator[AIMessageChunk]: ...


@overload
def from_openai_stream(stream: Iterable[Any]) -> Iterator[AIMessageChunk]: ...


def from_openai_stream(stream: Items) -> Iterator[AIMessageChunk] | AsyncIterator[AIMessageChunk]:
    """The chunks of an ``openai`` chat-completions stream (``ChatCompletionChunk``s)."""
    state = OpenAIStream("openai")
    return _run(stream, state, state.chunk)


@overload
def from_anthropic_stream(stream: AsyncIterable[Any]) -> AsyncIterator[AIMessageChunk]: ...


@overload
def from_anthropic_stream(stream: Iterable[Any]) -> Iterator[AIMessageChunk]: ...


def from_anthropic_stream(stream: Items
                          ) -> Iterator[AIMessageChunk] | AsyncIterator[AIMessageChunk]:
    """The chunks of an ``anthropic`` Messages stream (raw events, or the events of
    ``messages.stream()``, whose extra ``text``/``input_json`` events are skipped)."""
    state = AnthropicStream("anthropic")
    return _run(stream, state, state.payload)
