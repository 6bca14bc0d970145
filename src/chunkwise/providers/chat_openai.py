"""``ChatOpenAI``: every server that speaks OpenAI's chat-completions streaming protocol.

OpenAI itself, Azure OpenAI (its v1 URL), Groq, Together, Fireworks, Mistral,
NVIDIA NIM, Cohere's compatibility API, Gemini's OpenAI endpoint, Ollama, vLLM,
llama.cpp's ``llama-server``, LM Studio: point ``base_url`` at the server (or use
``init_chat_model("groq:...")``, which knows each one's URL and key variable).

The request is ``POST {base_url}/chat/completions`` with ``"stream": true`` and, by
default, ``stream_options.include_usage`` so that the last chunk carries token
counts. Quirk ``stream_options_refused``: a server that rejects ``stream_options``
(HTTP 400/422 naming it) is asked again without it, once, and this model
remembers not to send it.
"""

from __future__ import annotations

import json
from typing import Any

from chunkwise.models import AIMessage, BaseMessage, ToolMessage
from chunkwise.providers.base import HTTPChatModel, StructuredMethod, sent_content
from chunkwise.providers.errors import ProviderError
from chunkwise.providers.openai_stream import OpenAIStream
from chunkwise.providers.retry import AsyncOpenedStream, OpenedStream
from chunkwise.providers.tools import ToolSpec

__all__ = ["ChatOpenAI", "openai_messages"]


def _assistant(message: AIMessage) -> dict[str, Any]:
    entry: dict[str, Any] = {"role": "assistant", "content": sent_content(message.content) or None}
    if message.tool_calls:
        entry["tool_calls"] = [
            {"id": call["id"], "type": "function",
             "function": {"name": call["name"], "arguments": json.dumps(call["args"])}}
            for call in message.tool_calls]
    return entry


def openai_messages(messages: list[BaseMessage]) -> list[dict[str, Any]]:
    """Messages in the chat-completions format."""
    roles = {"human": "user", "system": "system"}
    converted: list[dict[str, Any]] = []
    for message in messages:
        if isinstance(message, AIMessage):
            entry = _assistant(message)
        elif isinstance(message, ToolMessage):
            entry = {"role": "tool", "tool_call_id": message.tool_call_id,
                     "content": sent_content(message.content)}
        elif message.type in roles:
            entry = {"role": roles[message.type], "content": sent_content(message.content)}
        else:
            raise ValueError(f"cannot send a {type(message).__name__} to a chat-completions API")
        if message.name and not isinstance(message, ToolMessage):
            entry["name"] = message.name
        converted.append(entry)
    return converted


def _tool_choice(choice: Any) -> Any:
    if choice is None or isinstance(choice, dict) or choice in ("auto", "none", "required"):
        return choice
    if choice == "any":
        return "required"
    return {"type": "function", "function": {"name": choice}}


class ChatOpenAI(HTTPChatModel):
    """A chat model behind an OpenAI-compatible ``/chat/completions`` endpoint.

    Options beyond the shared ones (see ``HTTPChatModel``): ``seed``, ``top_p``,
    ``frequency_penalty``, ``presence_penalty``, ``reasoning_effort``, ``extra_body``
    (extra JSON fields, as the SDK's), ``stream_usage`` (ask for the usage chunk),
    ``max_tokens_field`` (OpenAI's own API wants ``max_completion_tokens``).
    """

    provider = "openai"
    default_base_url = "https://api.openai.com/v1"
    api_key_env = ("OPENAI_API_KEY",)
    base_url_env = "OPENAI_BASE_URL"

    def __init__(
        self,
        *,
        model: str,
        seed: int | None = None,
        top_p: float | None = None,
        frequency_penalty: float | None = None,
        presence_penalty: float | None = None,
        reasoning_effort: str | None = None,
        extra_body: dict[str, Any] | None = None,
        stream_usage: bool = True,
        max_tokens_field: str | None = None,
        **options: Any,
    ) -> None:
        super().__init__(model=model, **options)
        self.seed = seed
        self.top_p = top_p
        self.frequency_penalty = frequency_penalty
        self.presence_penalty = presence_penalty
        self.reasoning_effort = reasoning_effort
        self.extra_body = dict(extra_body or {})
        self.stream_usage = stream_usage
        official = self.base_url == self.default_base_url
        self.max_tokens_field = max_tokens_field or (
            "max_completion_tokens" if official else "max_tokens")

    def _body(self, messages: list[BaseMessage]) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": openai_messages(messages),
                                "stream": True}
        if self.stream_usage:
            body["stream_options"] = {"include_usage": True}
        options = {"temperature": self.temperature, self.max_tokens_field: self.max_tokens,
                   "stop": self.stop, "seed": self.seed, "top_p": self.top_p,
                   "frequency_penalty": self.frequency_penalty,
                   "presence_penalty": self.presence_penalty,
                   "reasoning_effort": self.reasoning_effort}
        body.update((key, value) for key, value in options.items() if value is not None)
        body.update(self.extra_body)
        return body

    def _url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def _auth_headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self._api_key}"} if self._api_key else {}

    def _state(self) -> OpenAIStream:
        return OpenAIStream(self.provider)

    def _open(self, prompt: list[BaseMessage]) -> OpenedStream:
        try:
            return super()._open(prompt)
        except ProviderError as error:
            self._drop_stream_options(error)
            return super()._open(prompt)

    async def _aopen(self, prompt: list[BaseMessage]) -> AsyncOpenedStream:
        try:
            return await super()._aopen(prompt)
        except ProviderError as error:
            self._drop_stream_options(error)
            return await super()._aopen(prompt)

    def _drop_stream_options(self, error: ProviderError) -> None:
        """Quirk ``stream_options_refused``: stop asking for the usage chunk, or re-raise."""
        if not (self.stream_usage and error.status in (400, 422)
                and "stream_options" in str(error)):
            raise error
        self.stream_usage = False

    def _tool_fields(self, specs: list[ToolSpec], tool_choice: Any, *,
                     parallel_tool_calls: bool | None, strict: bool | None) -> dict[str, Any]:
        tools = []
        for spec in specs:
            function: dict[str, Any] = {"name": spec.name, "description": spec.description,
                                        "parameters": spec.parameters}
            if strict is not None:
                function["strict"] = strict
            tools.append({"type": "function", "function": function})
        fields: dict[str, Any] = {"tools": tools}
        if tool_choice is not None:
            fields["tool_choice"] = _tool_choice(tool_choice)
        if parallel_tool_calls is not None:
            fields["parallel_tool_calls"] = parallel_tool_calls
        return fields

    def _schema_fields(self, spec: ToolSpec, method: StructuredMethod, strict: bool | None
                       ) -> dict[str, Any]:
        if method == "json_mode":
            return {"response_format": {"type": "json_object"}}
        schema: dict[str, Any] = {"name": spec.name, "schema": spec.parameters}
        if spec.description:
            schema["description"] = spec.description
        if strict is not None:
            schema["strict"] = strict
        return {"response_format": {"type": "json_schema", "json_schema": schema}}
