"""The official SDKs pointed at the replay server, and what they assemble from a stream.

The assembly is written the way the SDKs' own docs show it (concatenate content,
tool-call fragments by index; the Anthropic SDK's ``get_final_message``), so it is
the SDK's view of the answer, to compare with chunkwise's.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai


def openai_client(base_url: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=base_url, api_key="sk-test", max_retries=0)


def anthropic_client(base_url: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=base_url, api_key="sk-ant-test", max_retries=0)


def openai_assembled(stream: Any) -> dict[str, Any]:
    """Content, tool calls and usage as the openai SDK's stream gives them."""
    content: list[str] = []
    calls: dict[int, dict[str, Any]] = {}
    usage = None
    for chunk in stream:
        if chunk.usage is not None:
            usage = (chunk.usage.prompt_tokens, chunk.usage.completion_tokens,
                     chunk.usage.total_tokens)
        for choice in chunk.choices:
            delta = choice.delta
            if delta.content:
                content.append(delta.content)
            for fragment in delta.tool_calls or ():
                call = calls.setdefault(fragment.index, {"id": None, "name": None, "args": ""})
                call["id"] = call["id"] or fragment.id
                if fragment.function is not None:
                    call["name"] = call["name"] or fragment.function.name
                    call["args"] += fragment.function.arguments or ""
    return {"content": "".join(content), "usage": usage,
            "tool_calls": sorted(((c["name"], _arguments(c["args"]), c["id"])
                                  for _, c in sorted(calls.items())), key=_by_id)}


def _by_id(call: tuple[Any, Any, Any]) -> str:
    return str(call[2])


def _arguments(text: str) -> Any:
    """The parsed arguments, or ("invalid", text) for text that is not JSON (cut off)."""
    try:
        return json.loads(text or "{}")
    except ValueError:
        return ("invalid", text)


def anthropic_assembled(message: Any) -> dict[str, Any]:
    """Content, tool calls and usage of the Anthropic SDK's final message."""
    text = "".join(block.text for block in message.content if block.type == "text")
    calls = sorted(((block.name, block.input, block.id) for block in message.content
                    if block.type == "tool_use"), key=_by_id)
    # all input tokens, cached ones included, as LangChain and chunkwise count them
    inputs = (message.usage.input_tokens + (message.usage.cache_read_input_tokens or 0)
              + (message.usage.cache_creation_input_tokens or 0))
    usage = (inputs, message.usage.output_tokens, inputs + message.usage.output_tokens)
    return {"content": text, "tool_calls": calls, "usage": usage}


def chunkwise_assembled(message: Any) -> dict[str, Any]:
    usage = message.usage_metadata
    calls = [(c["name"], c["args"], c["id"]) for c in message.tool_calls]
    calls += [(c["name"], ("invalid", c["args"]), c["id"]) for c in message.invalid_tool_calls]
    return {"content": message.text, "tool_calls": sorted(calls, key=_by_id),
            "usage": None if usage is None else (usage["input_tokens"], usage["output_tokens"],
                                                 usage["total_tokens"])}
