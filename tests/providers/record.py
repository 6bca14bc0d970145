"""Record the suite's llama-server streams: ``python -m tests.providers.live record``.

Each scenario is one request to the live server; the response is read with the
standard library's ``http.client`` (no chunkwise code between the socket and the
file) and saved with its request in ``recordings/<name>.json``. A tiny random
model decides by chance how many tools it calls, so the parallel-call scenario
tries seeds until it has two calls or more.
"""

from __future__ import annotations

import http.client
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chunkwise.models import add_ai_message_chunks
from chunkwise.providers.openai_stream import OpenAIStream
from chunkwise.providers.wire import SSEDecoder

from .recordings import HERE
from .tiny_model import token_id

#: What makes the random model call tools: the opening tag, the newline after it and the
#: end of the turn made likely, so that it calls one or more tools and stops (the grammar
#: writes the JSON). llama-server's Anthropic endpoint does not pass logit_bias on.
TOOL_NUDGE = {str(token_id(text)): 50 for text in ("<tool_call>", "\n", "<|im_end|>")}
#: The same without the end of the turn: it keeps calling until max_tokens cuts it off.
CALL_NUDGE = {str(token_id(text)): 50 for text in ("<tool_call>", "\n")}

COUNTRY = {"type": "object", "properties": {
    "name": {"type": "string", "maxLength": 12},
    "population": {"type": "integer", "minimum": 0, "maximum": 2000},
    "languages": {"type": "array", "items": {"type": "string", "maxLength": 10}, "maxItems": 3},
}, "required": ["name", "population", "languages"]}

WEATHER_TOOL = {"type": "function", "function": {
    "name": "get_weather", "description": "Get the weather in a city.",
    "parameters": {"type": "object", "properties": {"city": {"type": "string", "maxLength": 10}},
                   "required": ["city"]}}}


def chat(prompt: str, **fields: Any) -> dict[str, Any]:
    return {"model": "tiny", "messages": [{"role": "user", "content": prompt}], "stream": True,
            "stream_options": {"include_usage": True}, "seed": 1, **fields}


SCENARIOS: dict[str, tuple[str, dict[str, Any]]] = {
    "llamacpp_chat": ("/v1/chat/completions", chat("Why is the sky blue?", max_tokens=24)),
    "llamacpp_json_schema": ("/v1/chat/completions", chat(
        "Describe a country as JSON.", max_tokens=200,
        response_format={"type": "json_schema", "json_schema": {"name": "Country",
                                                                "schema": COUNTRY}})),
    "llamacpp_length": ("/v1/chat/completions", chat(
        "Describe a country, briefly.", max_tokens=6,
        response_format={"type": "json_schema", "json_schema": {"name": "Country",
                                                                "schema": COUNTRY}})),
    "llamacpp_tool_calls": ("/v1/chat/completions", chat(
        "What is the weather in Paris and in Tokyo?", max_tokens=400, tools=[WEATHER_TOOL],
        tool_choice="required", parallel_tool_calls=True, logit_bias=TOOL_NUDGE)),
    "llamacpp_tool_calls_length": ("/v1/chat/completions", chat(
        "What is the weather in Rome?", max_tokens=60, tools=[WEATHER_TOOL],
        tool_choice="required", logit_bias=CALL_NUDGE)),
    "llamacpp_messages": ("/v1/messages", {
        "model": "tiny", "max_tokens": 24, "stream": True, "temperature": 0.8, "top_k": 40,
        "messages": [{"role": "user", "content": "Tell me about the sea."}]}),
}


def exchange(base_url: str, path: str, request: dict[str, Any]) -> dict[str, Any]:
    """Send ``request`` and read the raw response (status, content type, body text)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.request("POST", path, json.dumps(request),
                           {"content-type": "application/json", "accept": "text/event-stream"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return {"path": path, "request": request, "status": response.status,
            "content_type": response.getheader("content-type", ""),
            "body": body.decode("utf-8")}


def tool_calls_in(body: str) -> int:
    decoder, state = SSEDecoder(), OpenAIStream()
    chunks = [c for event in decoder.feed(body.encode()) for c in state.event(event)]
    return len(add_ai_message_chunks(*chunks).to_message().tool_calls) if chunks else 0


def record(base_url: str, name: str) -> Path:
    path, request = SCENARIOS[name]
    result = exchange(base_url, path, request)
    if name == "llamacpp_tool_calls":
        seed = 1
        while tool_calls_in(result["body"]) < 2 and seed < 60:
            seed += 1
            result = exchange(base_url, path, {**request, "seed": seed})
    file = HERE / f"{name}.json"
    file.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return file


def record_all(base_url: str) -> list[Path]:
    HERE.mkdir(exist_ok=True)
    return [record(base_url, name) for name in SCENARIOS]
