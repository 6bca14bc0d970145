"""Streams written from each provider's documented format, quirks and failures included.

``openai(...)``, ``anthropic(...)`` and ``gemini(...)`` build event-stream bodies from
payload dicts exactly as the providers' API references describe them; the test
modules compose them into the cases they name.
"""

from __future__ import annotations

import json
from typing import Any


def sse(*events: Any, done: bool = False) -> bytes:
    """An event-stream body: each event a payload (``data:``) or ``(name, payload)``."""
    out = []
    for event in events:
        name, payload = event if isinstance(event, tuple) else (None, event)
        data = payload if isinstance(payload, str) else json.dumps(payload)
        out.append((f"event: {name}\n" if name else "") + f"data: {data}\n\n")
    if done:
        out.append("data: [DONE]\n\n")
    return "".join(out).encode()


# ---- OpenAI chat completions ------------------------------------------------------------

def chunk(delta: dict[str, Any] | None = None, finish: str | None = None, *,
          id: str = "chatcmpl-1", model: str = "gpt-4o-mini", **extra: Any) -> dict[str, Any]:
    """One ``chat.completion.chunk`` with one choice."""
    choice = {"index": 0, "delta": delta or {}, "logprobs": None, "finish_reason": finish}
    return {"id": id, "object": "chat.completion.chunk", "created": 1700000000, "model": model,
            "system_fingerprint": "fp_1", "choices": [choice], **extra}


def usage_chunk(prompt: int, completion: int, **extra: Any) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1700000000,
            "model": "gpt-4o-mini", "choices": [],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion,
                      "total_tokens": prompt + completion, **extra}}


def call(index: int | None, *, id: str | None = None, name: str | None = None,
         args: Any = None) -> dict[str, Any]:
    """A tool-call fragment of ``delta.tool_calls``."""
    fragment: dict[str, Any] = {"function": {}}
    if index is not None:
        fragment["index"] = index
    if id is not None:
        fragment.update(id=id, type="function")
    if name is not None:
        fragment["function"]["name"] = name
    if args is not None:
        fragment["function"]["arguments"] = args
    return fragment


def openai_text(*pieces: str, usage: tuple[int, int] | None = (9, 3), done: bool = True,
                finish: str | None = "stop") -> bytes:
    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": piece}) for piece in pieces]
    if finish:
        events.append(chunk({}, finish))
    if usage:
        events.append(usage_chunk(*usage))
    return sse(*events, done=done)


WEATHER_CALLS = [
    chunk({"role": "assistant", "content": None,
           "tool_calls": [call(0, id="call_a", name="get_weather", args="")]}),
    chunk({"tool_calls": [call(0, args='{"ci')]}),
    chunk({"tool_calls": [call(0, args='ty": "Pa')]}),
    chunk({"tool_calls": [call(0, args='ris"}')]}),
    chunk({"tool_calls": [call(1, id="call_b", name="get_weather", args="")]}),
    chunk({"tool_calls": [call(1, args='{"city": "Tokyo"}')]}),
    chunk({}, "tool_calls"),
    usage_chunk(40, 25),
]


# ---- Anthropic messages -------------------------------------------------------------------

def anthropic(*events: dict[str, Any]) -> bytes:
    """Anthropic events, each sent with its ``event:`` name as the API does."""
    return sse(*[(event["type"], event) for event in events])


def message_start(input_tokens: int = 12, id: str = "msg_1") -> dict[str, Any]:
    return {"type": "message_start", "message": {
        "id": id, "type": "message", "role": "assistant", "content": [],
        "model": "claude-sonnet-4-5", "stop_reason": None, "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": 1}}}


def block_start(index: int, block: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_start", "index": index, "content_block": block}


def text_delta(index: int, text: str) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index,
            "delta": {"type": "text_delta", "text": text}}


def json_delta(index: int, partial: str) -> dict[str, Any]:
    return {"type": "content_block_delta", "index": index,
            "delta": {"type": "input_json_delta", "partial_json": partial}}


def block_stop(index: int) -> dict[str, Any]:
    return {"type": "content_block_stop", "index": index}


def message_delta(stop_reason: str = "end_turn", output_tokens: int = 6) -> dict[str, Any]:
    return {"type": "message_delta", "delta": {"stop_reason": stop_reason, "stop_sequence": None},
            "usage": {"output_tokens": output_tokens}}


MESSAGE_STOP = {"type": "message_stop"}
PING = {"type": "ping"}


def anthropic_text(*pieces: str, stop: bool = True) -> bytes:
    events = [message_start(), block_start(0, {"type": "text", "text": ""}), PING]
    events += [text_delta(0, piece) for piece in pieces]
    events += [block_stop(0), message_delta()]
    if stop:
        events.append(MESSAGE_STOP)
    return anthropic(*events)


# ---- Gemini streamGenerateContent?alt=sse ---------------------------------------------------

def gemini(*parts: dict[str, Any], finish: str | None = None, usage: tuple[int, int] | None = None,
           id: str = "resp-1") -> dict[str, Any]:
    """One ``GenerateContentResponse`` with one candidate."""
    candidate: dict[str, Any] = {"content": {"role": "model", "parts": list(parts)}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    response: dict[str, Any] = {"candidates": [candidate], "modelVersion": "gemini-2.5-flash",
                                "responseId": id}
    if usage:
        response["usageMetadata"] = {"promptTokenCount": usage[0],
                                     "candidatesTokenCount": usage[1],
                                     "totalTokenCount": sum(usage)}
    return response
