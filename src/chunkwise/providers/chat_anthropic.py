"""``ChatAnthropic``: Anthropic's Messages API, streamed (and servers that speak it:
llama.cpp's ``llama-server`` serves ``/v1/messages`` too).

The request is ``POST {base_url}/v1/messages`` with ``"stream": true``, the key in
``x-api-key`` and ``anthropic-version: 2023-06-01``. System messages go to the
top-level ``system``; tool results are ``tool_result`` blocks of a user turn.
``max_tokens`` is required by the API: 1024 unless set (as LangChain).
Structured output defaults to ``function_calling`` (a forced tool);
``json_schema`` uses the API's ``output_config.format``.
"""

from __future__ import annotations

from typing import Any

from chunkwise.models import AIMessage, BaseMessage, ToolMessage
from chunkwise.providers.anthropic_stream import AnthropicStream
from chunkwise.providers.base import HTTPChatModel, StructuredMethod, sent_content
from chunkwise.providers.tools import ToolSpec

__all__ = ["ChatAnthropic", "anthropic_messages"]


def _assistant(message: AIMessage) -> dict[str, Any]:
    if not message.tool_calls:
        return {"role": "assistant", "content": sent_content(message.content)}
    blocks: list[dict[str, Any]] = [{"type": "text", "text": message.text}] if message.text else []
    blocks += [{"type": "tool_use", "id": call["id"], "name": call["name"], "input": call["args"]}
               for call in message.tool_calls]
    return {"role": "assistant", "content": blocks}


def anthropic_messages(messages: list[BaseMessage]) -> tuple[str | None, list[dict[str, Any]]]:
    """The system prompt and the turns of ``messages`` in the Messages format."""
    system: list[str] = []
    turns: list[dict[str, Any]] = []
    for message in messages:
        if message.type == "system":
            system.append(message.text)
        elif isinstance(message, AIMessage):
            turns.append(_assistant(message))
        elif isinstance(message, ToolMessage):
            turns.append({"role": "user", "content": [{
                "type": "tool_result", "tool_use_id": message.tool_call_id,
                "content": sent_content(message.content), "is_error": message.status == "error"}]})
        elif message.type == "human":
            turns.append({"role": "user", "content": sent_content(message.content)})
        else:
            raise ValueError(f"cannot send a {type(message).__name__} to the Messages API")
    return ("\n\n".join(system) if system else None), turns


def _tool_choice(choice: Any, parallel: bool | None) -> dict[str, Any] | None:
    if choice is None and parallel is None:
        return None
    if isinstance(choice, dict):
        picked = dict(choice)
    elif choice in (None, "auto"):
        picked = {"type": "auto"}
    elif choice in ("any", "required"):
        picked = {"type": "any"}
    elif choice == "none":
        picked = {"type": "none"}
    else:
        picked = {"type": "tool", "name": choice}
    if parallel is False:
        picked["disable_parallel_tool_use"] = True
    return picked


class ChatAnthropic(HTTPChatModel):
    """A chat model behind Anthropic's ``/v1/messages``. Extra options: ``top_p``,
    ``top_k``, ``thinking`` (the API's ``{"type": "enabled", "budget_tokens": n}``)."""

    provider = "anthropic"
    default_base_url = "https://api.anthropic.com"
    api_key_env = ("ANTHROPIC_API_KEY",)
    base_url_env = "ANTHROPIC_BASE_URL"
    default_structured_method = "function_calling"

    def __init__(self, *, model: str, top_p: float | None = None, top_k: int | None = None,
                 thinking: dict[str, Any] | None = None,
                 **options: Any) -> None:
        options.setdefault("max_tokens", 1024)
        super().__init__(model=model, **options)
        self.top_p = top_p
        self.top_k = top_k
        self.thinking = thinking

    def _body(self, messages: list[BaseMessage]) -> dict[str, Any]:
        system, turns = anthropic_messages(messages)
        body: dict[str, Any] = {"model": self.model, "messages": turns,
                                "max_tokens": self.max_tokens, "stream": True}
        options = {"system": system, "temperature": self.temperature,
                   "stop_sequences": self.stop, "top_p": self.top_p, "top_k": self.top_k,
                   "thinking": self.thinking}
        body.update((key, value) for key, value in options.items() if value is not None)
        return body

    def _url(self) -> str:
        return f"{self.base_url}/v1/messages"

    def _auth_headers(self) -> dict[str, str]:
        headers = {"anthropic-version": "2023-06-01"}
        if self._api_key:
            headers["x-api-key"] = self._api_key
        return headers

    def _state(self) -> AnthropicStream:
        return AnthropicStream(self.provider)

    def _tool_fields(self, specs: list[ToolSpec], tool_choice: Any, *,
                     parallel_tool_calls: bool | None, strict: bool | None) -> dict[str, Any]:
        tools = []
        for spec in specs:
            entry: dict[str, Any] = {"name": spec.name, "input_schema": spec.parameters}
            if spec.description:
                entry["description"] = spec.description
            if strict is not None:
                entry["strict"] = strict
            tools.append(entry)
        fields: dict[str, Any] = {"tools": tools}
        choice = _tool_choice(tool_choice, parallel_tool_calls)
        if choice is not None:
            fields["tool_choice"] = choice
        return fields

    def _schema_fields(self, spec: ToolSpec, method: StructuredMethod, strict: bool | None
                       ) -> dict[str, Any]:
        if method != "json_schema":
            return super()._schema_fields(spec, method, strict)
        return {"output_config": {"format": {"type": "json_schema", "schema": spec.parameters}}}
