"""The transport seam: how a model sends one HTTP request and reads the streamed body.

A model never talks to an HTTP library itself. It builds an :class:`HTTPRequest`
and hands it to a :class:`Transport`, which returns a response whose body is read
as byte chunks. The default transport (:mod:`chunkwise.providers.http`) wraps the
maintained ``httpx2`` client and is imported only when a model first sends a
request; pass ``transport=`` to a model to use anything else (your own client, a
test double that replays bytes).

A transport's only errors are :class:`TransportError` (no response: connecting or
sending failed, or the connection broke while reading) and its subclass
:class:`ReadTimeout` (the server fell silent longer than ``read_timeout``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

__all__ = [
    "AsyncHTTPResponse",
    "HTTPRequest",
    "HTTPResponse",
    "ReadTimeout",
    "Transport",
    "TransportError",
]


@dataclass(frozen=True)
class HTTPRequest:
    """One request: the body is JSON bytes already; timeouts in seconds (None: none)."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    connect_timeout: float | None = 10.0
    read_timeout: float | None = 600.0


class TransportError(Exception):
    """The request got no response, or the body broke off while being read."""


class ReadTimeout(TransportError):
    """No byte arrived for longer than the request's ``read_timeout``."""


class HTTPResponse(Protocol):
    """A response whose body has not been read yet. ``headers`` has lower-case names."""

    @property
    def status(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    def iter_bytes(self) -> Iterator[bytes]:
        """The body in chunks as they arrive (content encodings undone)."""
        ...

    def close(self) -> None: ...


class AsyncHTTPResponse(Protocol):
    """The async twin of :class:`HTTPResponse`."""

    @property
    def status(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    def aiter_bytes(self) -> AsyncIterator[bytes]: ...

    async def aclose(self) -> None: ...


@runtime_checkable
class Transport(Protocol):
    """Sends requests, sync and async; raises only :class:`TransportError`."""

    def send(self, request: HTTPRequest) -> HTTPResponse: ...

    async def asend(self, request: HTTPRequest) -> AsyncHTTPResponse: ...
