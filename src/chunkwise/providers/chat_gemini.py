"""``ChatGoogleGenerativeAI``: Gemini's native API, streamed over SSE.

The request is ``POST {base_url}/models/{model}:streamGenerateContent?alt=sse``
with the key in ``x-goog-api-key``. Messages become ``contents`` (roles ``user``
and ``model``), system messages the ``systemInstruction``; options go to
``generationConfig``. Tools are ``functionDeclarations`` with
``parametersJsonSchema``; structured output uses ``responseJsonSchema``.
(Gemini's OpenAI-compatible endpoint works with ``ChatOpenAI`` too:
``init_chat_model("gemini_openai:...")``.)
"""

from __future__ import annotations

from typing import Any

from chunkwise.models import AIMessage, BaseMessage, ToolMessage
from chunkwise.providers.base import HTTPChatModel, StructuredMethod
from chunkwise.providers.gemini_stream import GeminiStream
from chunkwise.providers.tools import ToolSpec

__all__ = ["ChatGoogleGenerativeAI", "gemini_contents"]


def _parts(content: Any) -> list[dict[str, Any]]:
    if isinstance(content, str):
        return [{"text": content}] if content else []
    parts: list[dict[str, Any]] = []
    for block in content:
        if isinstance(block, str):
            parts.append({"text": block})
        elif block.get("type") == "text":
            parts.append({"text": block.get("text", "")})
        else:  # already a Gemini part (inlineData, fileData...)
            parts.append({k: v for k, v in block.items() if k not in ("index", "type")})
    return parts


def _model_turn(message: AIMessage) -> dict[str, Any]:
    parts = _parts(message.content)
    signatures = message.additional_kwargs.get("thought_signatures") or {}
    for call in message.tool_calls:
        part: dict[str, Any] = {"functionCall": {"name": call["name"], "args": call["args"]}}
        if call["id"] in signatures:
            part["thoughtSignature"] = signatures[call["id"]]
        parts.append(part)
    return {"role": "model", "parts": parts}


def gemini_contents(messages: list[BaseMessage]) -> tuple[dict[str, Any] | None,
                                                           list[dict[str, Any]]]:
    """The system instruction and the ``contents`` of ``messages``."""
    system: list[dict[str, Any]] = []
    contents: list[dict[str, Any]] = []
    names: dict[str | None, str] = {}  # tool-call id -> function name, for the responses
    for message in messages:
        if message.type == "system":
            system += _parts(message.content)
        elif isinstance(message, AIMessage):
            names.update((call["id"], call["name"]) for call in message.tool_calls)
            contents.append(_model_turn(message))
        elif isinstance(message, ToolMessage):
            name = message.name or names.get(message.tool_call_id) or message.tool_call_id
            contents.append({"role": "user", "parts": [{"functionResponse": {
                "name": name, "response": {"result": message.text}}}]})
        elif message.type == "human":
            contents.append({"role": "user", "parts": _parts(message.content)})
        else:
            raise ValueError(f"cannot send a {type(message).__name__} to Gemini")
    return ({"parts": system} if system else None), contents


def _tool_config(choice: Any, names: list[str]) -> dict[str, Any] | None:
    if choice is None:
        return None
    if isinstance(choice, dict):
        return choice
    if choice in ("auto", "none"):
        return {"functionCallingConfig": {"mode": choice.upper()}}
    if choice in ("any", "required"):
        return {"functionCallingConfig": {"mode": "ANY"}}
    if choice not in names:
        raise ValueError(f"tool_choice {choice!r} is none of the tools {names}")
    return {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": [choice]}}


class ChatGoogleGenerativeAI(HTTPChatModel):
    """Gemini through ``generativelanguage.googleapis.com``. Extra options: ``top_p``,
    ``top_k``, ``seed``, ``thinking_budget``."""

    provider = "google_genai"
    default_base_url = "https://generativelanguage.googleapis.com/v1beta"
    api_key_env = ("GOOGLE_API_KEY", "GEMINI_API_KEY")
    base_url_env = "GOOGLE_GEMINI_BASE_URL"

    def __init__(self, *, model: str, top_p: float | None = None, top_k: int | None = None,
                 seed: int | None = None, thinking_budget: int | None = None,
                 **options: Any) -> None:
        super().__init__(model=model, **options)
        self.top_p = top_p
        self.top_k = top_k
        self.seed = seed
        self.thinking_budget = thinking_budget

    def _body(self, messages: list[BaseMessage]) -> dict[str, Any]:
        system, contents = gemini_contents(messages)
        config: dict[str, Any] = {"temperature": self.temperature, "maxOutputTokens": self.max_tokens,
                                  "stopSequences": self.stop, "topP": self.top_p,
                                  "topK": self.top_k, "seed": self.seed}
        if self.thinking_budget is not None:
            config["thinkingConfig"] = {"thinkingBudget": self.thinking_budget}
        body: dict[str, Any] = {"contents": contents}
        if system is not None:
            body["systemInstruction"] = system
        generation = {key: value for key, value in config.items() if value is not None}
        if generation:
            body["generationConfig"] = generation
        return body

    def _url(self) -> str:
        model = self.model if self.model.startswith("models/") else f"models/{self.model}"
        return f"{self.base_url}/{model}:streamGenerateContent?alt=sse"

    def _auth_headers(self) -> dict[str, str]:
        return {"x-goog-api-key": self._api_key} if self._api_key else {}

    def _state(self) -> GeminiStream:
        return GeminiStream(self.provider)

    def _tool_fields(self, specs: list[ToolSpec], tool_choice: Any, *,
                     parallel_tool_calls: bool | None, strict: bool | None) -> dict[str, Any]:
        declarations = [{"name": spec.name, "description": spec.description,
                         "parametersJsonSchema": spec.parameters} for spec in specs]
        fields: dict[str, Any] = {"tools": [{"functionDeclarations": declarations}]}
        config = _tool_config(tool_choice, [spec.name for spec in specs])
        if config is not None:
            fields["toolConfig"] = config
        return fields

    def _schema_fields(self, spec: ToolSpec, method: StructuredMethod, strict: bool | None
                       ) -> dict[str, Any]:
        config: dict[str, Any] = {"responseMimeType": "application/json"}
        if method == "json_schema":
            config["responseJsonSchema"] = spec.parameters
        return {"generationConfig": config}
