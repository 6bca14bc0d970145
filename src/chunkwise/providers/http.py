"""The default transport: the maintained ``httpx2`` client, sync and async.

``httpx`` has had no release since December 2024; the official ``openai`` and
``anthropic`` SDKs moved to its maintained fork ``httpx2`` (same API, from the
same author, maintained by Pydantic), so chunkwise uses it too. It is the only
module that imports an HTTP library, and only models that send a request import
it (``import chunkwise`` does not).

Pass your own ``httpx2.Client`` / ``httpx2.AsyncClient`` (proxies, certificates,
limits) as ``http_client=`` / ``http_async_client=`` to a model. Without one, the
transport makes a sync client on first use and one async client per event loop
(an async client's connections belong to the loop that opened them).
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import AsyncIterator, Iterator, Mapping

import httpx2

from chunkwise.providers.transport import HTTPRequest, ReadTimeout, TransportError

__all__ = ["HttpxTransport"]


def _timeout(request: HTTPRequest) -> httpx2.Timeout:
    return httpx2.Timeout(connect=request.connect_timeout, read=request.read_timeout,
                          write=request.read_timeout, pool=request.connect_timeout)


def _translated(error: httpx2.HTTPError) -> TransportError:
    if isinstance(error, httpx2.ReadTimeout):
        return ReadTimeout(f"no data for longer than the read timeout ({error})")
    return TransportError(f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)


class _Response:
    """An ``httpx2.Response`` read as a stream, its errors translated."""

    __slots__ = ("_response",)

    def __init__(self, response: httpx2.Response) -> None:
        self._response = response

    @property
    def status(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        return self._response.headers

    def iter_bytes(self) -> Iterator[bytes]:
        try:
            yield from self._response.iter_bytes()
        except httpx2.HTTPError as error:
            raise _translated(error) from error

    def close(self) -> None:
        self._response.close()

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        try:
            async for data in self._response.aiter_bytes():
                yield data
        except httpx2.HTTPError as error:
            raise _translated(error) from error

    async def aclose(self) -> None:
        await self._response.aclose()


class HttpxTransport:
    """A :class:`~chunkwise.providers.transport.Transport` over ``httpx2``."""

    def __init__(
        self,
        client: httpx2.Client | None = None,
        async_client: httpx2.AsyncClient | None = None,
    ) -> None:
        self._client = client
        self._async_client = async_client
        self._per_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx2.AsyncClient]
        self._per_loop = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def _sync_client(self) -> httpx2.Client:
        with self._lock:
            if self._client is None:
                self._client = httpx2.Client()
            return self._client

    def _loop_client(self) -> httpx2.AsyncClient:
        if self._async_client is not None:
            return self._async_client
        loop = asyncio.get_running_loop()
        client = self._per_loop.get(loop)
        if client is None:
            client = self._per_loop[loop] = httpx2.AsyncClient()
        return client

    def send(self, request: HTTPRequest) -> _Response:
        client = self._sync_client()
        built = client.build_request(request.method, request.url, headers=dict(request.headers),
                                     content=request.body, timeout=_timeout(request))
        try:
            return _Response(client.send(built, stream=True))
        except httpx2.HTTPError as error:
            raise _translated(error) from error

    async def asend(self, request: HTTPRequest) -> _Response:
        client = self._loop_client()
        built = client.build_request(request.method, request.url, headers=dict(request.headers),
                                     content=request.body, timeout=_timeout(request))
        try:
            return _Response(await client.send(built, stream=True))
        except httpx2.HTTPError as error:
            raise _translated(error) from error
