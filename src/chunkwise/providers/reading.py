"""Reading an opened stream: body bytes -> events -> ``AIMessageChunk``s, errors made clear.

Each provider supplies a :class:`StreamState`, the sans-I/O part that turns one
decoded event into chunks and knows whether the stream's terminator came. The
loops here do the rest, the same for every provider: check that the body is an
event stream (a JSON body is the server's error or a refusal to stream), decode
the bytes as they arrive, turn a broken connection or a silent server into an
:class:`IncompleteStreamError` after the chunks that did arrive, and at the end
ask the state whether the stream was complete.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, Protocol

from chunkwise.models import AIMessageChunk
from chunkwise.providers.errors import IncompleteStreamError, ProviderError
from chunkwise.providers.retry import (
    AsyncOpenedStream,
    OpenedStream,
    error_details,
    error_from_body,
)
from chunkwise.providers.transport import ReadTimeout, TransportError
from chunkwise.providers.wire import ServerSentEvent, SSEDecoder

__all__ = ["StreamState", "aread_stream", "check_finished", "error_event", "event_payload",
           "read_stream"]


class StreamState(Protocol):
    """One call's provider-specific decoding: events in, chunks out."""

    provider: str
    #: What ends a complete stream, for error messages (``"data: [DONE]"``).
    terminator: str

    @property
    def complete(self) -> bool:
        """Whether the stream said it is over (its terminator or a final reason)."""
        ...

    def event(self, event: ServerSentEvent) -> list[AIMessageChunk]:
        """The chunks one event carries; raises :class:`ProviderError` for error events."""
        ...


def event_payload(event: ServerSentEvent, provider: str) -> dict[str, Any]:
    """The JSON object an event's data holds; anything else is a malformed event."""
    try:
        payload = json.loads(event.data)
    except ValueError:
        payload = None
        what = "data is not JSON"
    else:
        what = "data is not a JSON object"
    if not isinstance(payload, dict):
        raise ProviderError(f"{provider}: malformed event: {what}: {event.data[:120]!r}",
                            provider=provider)
    return payload


def error_event(provider: str, payload: dict[str, Any]) -> ProviderError:
    """The error an ``error`` event (or an ``{"error": ...}`` payload) reports."""
    message, kind = error_details(payload)
    return ProviderError(f"{provider}: error event mid-stream: {message}", provider=provider,
                         message=message, type=kind, body=json.dumps(payload)[:2000])


def _json_body_error(provider: str, status: int, body: bytes) -> ProviderError:
    return error_from_body(provider, status, body,
                           f"{provider}: expected an event stream, the server sent a JSON body")


def _broken(state: StreamState, error: TransportError) -> IncompleteStreamError:
    if isinstance(error, ReadTimeout):
        what = f"the server fell silent mid-stream ({error})"
    else:
        what = f"the connection broke mid-stream ({error})"
    return IncompleteStreamError(f"{state.provider}: {what}; the answer is cut off",
                                 provider=state.provider)


def check_finished(state: StreamState, decoder: SSEDecoder, events: int) -> None:
    """Raise :class:`IncompleteStreamError` unless the stream was complete (``events``: how
    many the decoder dispatched; also used by ``chunkwise parse --sse``)."""
    if state.complete:
        return
    detail = f"{events} event(s) received"
    if decoder.ignored_lines and not events:
        detail = (f"{decoder.ignored_lines} line(s) that are not event-stream fields: "
                  "the body is not an event stream")
    elif decoder.pending:
        detail += ", the last one cut off"
    raise IncompleteStreamError(
        f"{state.provider}: the stream ended before {state.terminator} ({detail}); "
        "the answer is cut off", provider=state.provider)


def read_stream(opened: OpenedStream, state: StreamState) -> Iterator[AIMessageChunk]:
    """The chunks of an opened stream; the response is closed however the loop ends."""
    response = opened.response
    decoder = SSEDecoder()
    events = 0
    try:
        if response.headers.get("content-type", "").startswith("application/json"):
            raise _json_body_error(state.provider, response.status, b"".join(opened.chunks()))
        for data in opened.chunks():
            for event in decoder.feed(data):
                events += 1
                yield from state.event(event)
        for event in decoder.close():
            yield from state.event(event)
    except TransportError as error:
        raise _broken(state, error) from error
    finally:
        response.close()
    check_finished(state, decoder, events)


async def aread_stream(opened: AsyncOpenedStream, state: StreamState
                       ) -> AsyncIterator[AIMessageChunk]:
    """The async :func:`read_stream`."""
    response = opened.response
    decoder = SSEDecoder()
    events = 0
    try:
        if response.headers.get("content-type", "").startswith("application/json"):
            body = b"".join([data async for data in opened.chunks()])
            raise _json_body_error(state.provider, response.status, body)
        async for data in opened.chunks():
            for event in decoder.feed(data):
                events += 1
                for chunk in state.event(event):
                    yield chunk
        for event in decoder.close():
            for chunk in state.event(event):
                yield chunk
    except TransportError as error:
        raise _broken(state, error) from error
    finally:
        await response.aclose()
    check_finished(state, decoder, events)
