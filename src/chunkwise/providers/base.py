"""``HTTPChatModel``: what the provider models share -- options, the request, the stream.

A provider subclass says how to write the request body for its API, where to send
it, how to authenticate, and gives the sans-I/O state that turns its events into
chunks. This base sends the request through the transport with retries
(:mod:`~chunkwise.providers.retry`) and reads the stream
(:mod:`~chunkwise.providers.reading`), sync or async. ``invoke`` streams too and
adds the chunks up, so every call shares one code path and one set of checks.

``bind(**fields)`` / ``bind_tools`` / ``with_structured_output`` return copies of the
model with extra request fields; copies share the transport (and its connections).
A call's keyword arguments (``invoke(x, stop=[...])``) are bound for that call only.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, ClassVar, Literal

from chunkwise.models import AIMessageChunk, BaseChatModel, BaseMessage
from chunkwise.providers.reading import StreamState, aread_stream, read_stream
from chunkwise.providers.retry import (
    AsyncOpenedStream,
    OpenedStream,
    RetryPolicy,
    aopen_stream,
    open_stream,
)
from chunkwise.providers.tools import ToolSpec, tool_spec
from chunkwise.providers.transport import HTTPRequest, Transport
from chunkwise.runnables import Runnable

__all__ = ["HTTPChatModel", "StructuredMethod", "merge_fields", "sent_content"]

StructuredMethod = Literal["json_schema", "function_calling", "json_mode"]


def sent_content(content: Any) -> Any:
    """Message content as an API takes it: text, or blocks without the ``index`` key
    that chunkwise merges streamed blocks by (bare strings become text blocks)."""
    if isinstance(content, str):
        return content
    return [{k: v for k, v in block.items() if k != "index"} if isinstance(block, dict)
            else {"type": "text", "text": block} for block in content]


def merge_fields(body: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``body`` with ``extra``'s fields; where both hold a dict, the dicts are merged
    (so a bound ``generationConfig`` keeps the temperature set in the body)."""
    merged = dict(body)
    for key, value in extra.items():
        mine = merged.get(key)
        merged[key] = {**mine, **value} if isinstance(mine, dict) and isinstance(value, dict) \
            else value
    return merged


def _stop_list(stop: str | Sequence[str] | None) -> list[str] | None:
    return [stop] if isinstance(stop, str) else list(stop) if stop else None


class HTTPChatModel(BaseChatModel):
    """A chat model behind an HTTP streaming API. See the provider subclasses."""

    #: Names the provider in errors (a preset may rename an instance: "groq").
    provider: str
    default_base_url: ClassVar[str]
    #: The environment variables holding the key (the first one set wins) and the base URL.
    api_key_env: ClassVar[tuple[str, ...]] = ()
    base_url_env: ClassVar[str | None] = None
    default_structured_method: ClassVar[StructuredMethod] = "json_schema"

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None = None,
        base_url: str | None = None,
        temperature: float | None = None,
        max_tokens: int | None = None,
        stop: str | Sequence[str] | None = None,
        timeout: float | None = 600.0,
        connect_timeout: float | None = 10.0,
        max_retries: int = 2,
        model_kwargs: dict[str, Any] | None = None,
        default_headers: dict[str, str] | None = None,
        transport: Transport | None = None,
        http_client: Any = None,
        http_async_client: Any = None,
        retry_policy: RetryPolicy | None = None,
        provider: str | None = None,
        api_key_env: Sequence[str] | None = None,
    ) -> None:
        self.model = model
        if provider is not None:  # a preset's name, for errors: "groq", "llamacpp"...
            self.provider = provider
        key_names = self.api_key_env if api_key_env is None else tuple(api_key_env)
        self._api_key = api_key or next(
            (os.environ[name] for name in key_names if os.environ.get(name)), None)
        env_url = os.environ.get(self.base_url_env) if self.base_url_env else None
        self.base_url = (base_url or env_url or self.default_base_url).rstrip("/")
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.stop = _stop_list(stop)
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.retry_policy = retry_policy or RetryPolicy(max_retries=max_retries)
        self.model_kwargs = dict(model_kwargs or {})
        self.default_headers = dict(default_headers or {})
        self._transport = transport
        self._http_clients = (http_client, http_async_client)
        self._bound: dict[str, Any] = {}

    # ---- what a provider implements --------------------------------------------
    def _body(self, messages: list[BaseMessage]) -> dict[str, Any]:
        """The request body for ``messages`` with this model's options."""
        raise NotImplementedError

    def _url(self) -> str:
        raise NotImplementedError

    def _auth_headers(self) -> dict[str, str]:
        raise NotImplementedError

    def _state(self) -> StreamState:
        """Fresh decoding state for one call."""
        raise NotImplementedError

    def _tool_fields(self, specs: list[ToolSpec], tool_choice: Any, *,
                     parallel_tool_calls: bool | None, strict: bool | None) -> dict[str, Any]:
        """The request fields that offer ``specs`` (and force ``tool_choice``)."""
        raise NotImplementedError

    def _schema_fields(self, spec: ToolSpec, method: StructuredMethod, strict: bool | None
                       ) -> dict[str, Any]:
        """The request fields asking for JSON output (``json_schema`` / ``json_mode``)."""
        raise ValueError(f"{type(self).__name__} does not support method={method!r}")

    # ---- requests ----------------------------------------------------------------
    @property
    def transport(self) -> Transport:
        """The transport requests go through (the ``httpx2`` one unless one was given)."""
        if self._transport is None:
            from chunkwise.providers.http import HttpxTransport  # the HTTP client, on first use

            self._transport = HttpxTransport(*self._http_clients)
        return self._transport

    def request(self, messages: list[BaseMessage]) -> HTTPRequest:
        """The HTTP request a call with ``messages`` sends (shown for debugging)."""
        body = merge_fields(merge_fields(self._body(messages), self._bound), self.model_kwargs)
        headers = {"content-type": "application/json", "accept": "text/event-stream",
                   **self._auth_headers(), **self.default_headers}
        return HTTPRequest("POST", self._url(), headers, json.dumps(body).encode(),
                           self.connect_timeout, self.timeout)

    def _open(self, prompt: list[BaseMessage]) -> OpenedStream:
        """Send the request for ``prompt`` until its stream opens (retrying)."""
        return open_stream(self.transport, self.request(prompt), self.retry_policy,
                           self.provider)

    async def _aopen(self, prompt: list[BaseMessage]) -> AsyncOpenedStream:
        return await aopen_stream(self.transport, self.request(prompt), self.retry_policy,
                                  self.provider)

    def _stream(self, prompt: list[BaseMessage], **fields: Any) -> Iterator[AIMessageChunk]:
        """The answer's chunks. A call's keyword arguments (``invoke(x, stop=[...])``,
        ``stream(x, seed=1)``) act as ``bind(**fields)`` for that call."""
        model = self.bind(**fields) if fields else self
        return read_stream(model._open(prompt), model._state())

    async def _astream(self, prompt: list[BaseMessage], **fields: Any
                       ) -> AsyncIterator[AIMessageChunk]:
        model = self.bind(**fields) if fields else self
        async for chunk in aread_stream(await model._aopen(prompt), model._state()):
            yield chunk

    # ---- variants ------------------------------------------------------------------
    def bind(self, **fields: Any) -> HTTPChatModel:
        """A copy of this model whose requests carry ``fields`` too; ``stop`` replaces the
        stop sequences (sent under the provider's own name, as the constructor's)."""
        bound = copy.copy(self)
        if "stop" in fields:
            bound.stop = _stop_list(fields.pop("stop"))
        bound._bound = merge_fields(self._bound, fields)
        return bound

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None,
                   parallel_tool_calls: bool | None = None, strict: bool | None = None
                   ) -> HTTPChatModel:
        """A copy that offers ``tools`` (pydantic models, ``@tool`` functions, dicts).
        ``tool_choice``: ``"auto"``, ``"none"``, ``"any"``/``"required"`` (some tool),
        a tool's name, or True (the only tool). ``parallel_tool_calls=False`` asks for
        one call at most; ``strict`` asks for schema-exact arguments (OpenAI)."""
        specs = [tool_spec(tool) for tool in tools]
        if tool_choice is True:
            if len(specs) != 1:
                raise ValueError("tool_choice=True needs exactly one tool")
            tool_choice = specs[0].name
        return self.bind(**self._tool_fields(specs, tool_choice,
                                             parallel_tool_calls=parallel_tool_calls,
                                             strict=strict))

    def with_structured_output(
        self,
        schema: Any,
        *,
        method: StructuredMethod | None = None,
        include_raw: bool = False,
        strict: bool | None = None,
    ) -> Runnable[Any, Any]:
        """A runnable whose answer is ``schema`` filled in: a pydantic instance (partial
        instances while streaming) or, for a dict schema, a dict. See
        :mod:`chunkwise.providers.structured`."""
        from chunkwise.providers.structured import structured_output

        return structured_output(self, schema, method or self.default_structured_method,
                                 include_raw=include_raw, strict=strict)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(model={self.model!r}, base_url={self.base_url!r})"
