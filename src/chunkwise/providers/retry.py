"""Sending a request until a stream opens: retries before the body, never after.

A request is retried, with exponential backoff and jitter, when it got no
response (connection refused or reset, connect timeout), when the server answered
429, 408, 409 or 5xx (``Retry-After`` / ``retry-after-ms`` honoured, and
``x-should-retry`` obeyed, as the official SDKs do), or when a 2xx response broke
off before the first byte of its body. Once a body byte has arrived nothing is
retried: a stream that breaks later is an
:class:`~chunkwise.providers.errors.IncompleteStreamError` for the caller, since
its chunks were already handed out.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import random
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from chunkwise.providers.errors import ProviderError
from chunkwise.providers.transport import (
    AsyncHTTPResponse,
    HTTPRequest,
    HTTPResponse,
    Transport,
    TransportError,
)

__all__ = ["OpenedStream", "AsyncOpenedStream", "RetryPolicy", "error_from_body",
           "aopen_stream", "open_stream"]

_RETRY_STATUSES = frozenset({408, 409, 429})
_ERROR_BODY_LIMIT = 64 * 1024


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry (delays in seconds)."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    #: A ``Retry-After`` longer than this is not waited for (the error is raised).
    max_retry_after: float = 60.0

    def backoff(self, attempt: int) -> float:
        """The delay before retry number ``attempt + 1``: doubling, with jitter."""
        ceiling = min(self.max_delay, self.initial_delay * 2.0 ** attempt)
        return ceiling * (0.5 + random.random() / 2)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The wait the server asked for: ``retry-after-ms``, ``retry-after`` in seconds
    or as an HTTP date; None when absent or unreadable."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _retryable(status: int, headers: Mapping[str, str]) -> bool:
    should = headers.get("x-should-retry")
    if should in ("true", "false"):
        return should == "true"
    return status in _RETRY_STATUSES or status >= 500


def error_from_body(provider: str, status: int | None, body: bytes, summary: str) -> ProviderError:
    """A :class:`ProviderError` with the message and type the body's JSON gives
    (``{"error": {"message", "type"}}`` or ``{"error": "..."}`` or ``{"message"}``)."""
    text = body.decode("utf-8", errors="replace")
    message, kind = error_details(_json_or_none(text))
    if message is None and text.strip():
        message = text.strip()[:500]
    shown = f"{summary}: {message}" if message else summary
    return ProviderError(shown, provider=provider, status=status, message=message, type=kind,
                         body=text[:2000])


def error_details(payload: Any) -> tuple[str | None, str | None]:
    """The message and the type/code of an error payload, whatever its common shape."""
    if isinstance(payload, list) and payload:  # Gemini sometimes wraps the object in a list
        payload = payload[0]
    if not isinstance(payload, dict):
        return None, None
    error = payload.get("error", payload)
    if isinstance(error, str):
        return error, None
    if not isinstance(error, dict):
        return None, None
    message = error.get("message") or error.get("detail")
    kind = error.get("type") or error.get("status") or error.get("code")
    return (str(message) if message else None), (str(kind) if kind is not None else None)


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


class _Attempts:
    """Counts the attempts of one call and says how long to wait before the next."""

    def __init__(self, policy: RetryPolicy, provider: str, request: HTTPRequest) -> None:
        self.policy, self.provider, self.request = policy, provider, request
        self.attempt = 0

    def after_transport_error(self, error: TransportError) -> float:
        if self.attempt >= self.policy.max_retries:
            raise ProviderError(
                f"{self.provider}: no response from {self.request.url} after "
                f"{self.attempt + 1} attempt(s): {error}", provider=self.provider) from error
        return self._next(self.policy.backoff(self.attempt))

    def after_status(self, status: int, headers: Mapping[str, str], body: bytes) -> float:
        asked = retry_after(headers)
        if (self.attempt >= self.policy.max_retries or not _retryable(status, headers)
                or (asked is not None and asked > self.policy.max_retry_after)):
            raise error_from_body(self.provider, status, body,
                                  f"{self.provider}: HTTP {status} from {self.request.url}")
        return self._next(asked if asked is not None else self.policy.backoff(self.attempt))

    def _next(self, delay: float) -> float:
        self.attempt += 1
        return delay


@dataclass
class OpenedStream:
    """A 2xx response whose body has started: its first bytes, then the rest."""

    response: HTTPResponse
    first: bytes
    rest: Iterator[bytes]

    def chunks(self) -> Iterator[bytes]:
        yield self.first
        yield from self.rest


@dataclass
class AsyncOpenedStream:
    """The async twin of :class:`OpenedStream`."""

    response: AsyncHTTPResponse
    first: bytes
    rest: AsyncIterator[bytes]

    async def chunks(self) -> AsyncIterator[bytes]:
        yield self.first
        async for data in self.rest:
            yield data


def _first(chunks: Iterator[bytes]) -> bytes:
    """The first non-empty bytes of a body (empty when the body is empty)."""
    for data in chunks:
        if data:
            return data
    return b""


def _limited(chunks: Iterator[bytes]) -> bytes:
    """An error body, up to a limit; a body that breaks off gives what arrived."""
    body = b""
    try:
        for data in chunks:
            body += data
            if len(body) >= _ERROR_BODY_LIMIT:
                break
    except TransportError:
        pass
    return body


def open_stream(transport: Transport, request: HTTPRequest, policy: RetryPolicy,
                provider: str) -> OpenedStream:
    """Send ``request`` until a 2xx response's body starts; raise :class:`ProviderError`."""
    attempts = _Attempts(policy, provider, request)
    while True:
        try:
            response = transport.send(request)
            rest = response.iter_bytes()
            try:
                if 200 <= response.status < 300:
                    return OpenedStream(response, _first(rest), rest)
                body = _limited(rest)
            except BaseException:
                response.close()
                raise
            response.close()
            delay = attempts.after_status(response.status, response.headers, body)
        except TransportError as error:
            delay = attempts.after_transport_error(error)
        time.sleep(delay)


async def _afirst(chunks: AsyncIterator[bytes]) -> bytes:
    async for data in chunks:
        if data:
            return data
    return b""


async def _alimited(chunks: AsyncIterator[bytes]) -> bytes:
    body = b""
    try:
        async for data in chunks:
            body += data
            if len(body) >= _ERROR_BODY_LIMIT:
                break
    except TransportError:
        pass
    return body


async def aopen_stream(transport: Transport, request: HTTPRequest, policy: RetryPolicy,
                       provider: str) -> AsyncOpenedStream:
    """The async :func:`open_stream`."""
    attempts = _Attempts(policy, provider, request)
    while True:
        try:
            response = await transport.asend(request)
            rest = response.aiter_bytes()
            try:
                if 200 <= response.status < 300:
                    return AsyncOpenedStream(response, await _afirst(rest), rest)
                body = await _alimited(rest)
            except BaseException:
                await response.aclose()
                raise
            await response.aclose()
            delay = attempts.after_status(response.status, response.headers, body)
        except TransportError as error:
            delay = attempts.after_transport_error(error)
        await asyncio.sleep(delay)
