"""Anthropic's Messages stream as ``AIMessageChunk``s.

The events (Messages API, streaming): ``message_start`` (id, model, input
tokens), ``content_block_start`` / ``content_block_delta`` (``text_delta``,
``input_json_delta``, ``thinking_delta``) / ``content_block_stop``,
``message_delta`` (stop reason, output tokens), ``message_stop`` (the
terminator), ``ping``, and ``error`` (raised). Unknown event and block types are
skipped, as Anthropic asks clients to do.

A ``tool_use`` block becomes a tool call whose ``index`` is the block's index;
its ``partial_json`` fragments are its argument text, never parsed here. Text
goes to ``content``, thinking to ``additional_kwargs["reasoning_content"]``.
Usage: input tokens from ``message_start``, output tokens from
``message_delta`` (a running total, turned into a delta), so the summed
message has what the SDK's final message has.
"""

from __future__ import annotations

import json
from typing import Any

from chunkwise.models import AIMessageChunk, UsageMetadata, tool_call_chunk
from chunkwise.providers.reading import error_event, event_payload
from chunkwise.providers.usage_deltas import UsageDeltas, usage
from chunkwise.providers.wire import ServerSentEvent

__all__ = ["AnthropicStream", "anthropic_usage"]


def anthropic_usage(report: dict[str, Any]) -> UsageMetadata:
    """Anthropic's ``usage`` (input includes the cached tokens, as LangChain counts them)."""
    read = report.get("cache_read_input_tokens") or 0
    created = report.get("cache_creation_input_tokens") or 0
    inputs = (report.get("input_tokens") or 0) + read + created
    details = {k: v for k, v in (("cache_read", read), ("cache_creation", created)) if v}
    return usage(inputs, report.get("output_tokens") or 0, None, details)


class AnthropicStream:
    """The state of one Messages stream."""

    terminator = "message_stop"

    def __init__(self, provider: str = "anthropic") -> None:
        self.provider = provider
        self.complete = False
        self._id: str | None = None
        self._tools: set[int] = set()  # the indexes of tool_use blocks
        self._usage = UsageDeltas()
        self._report: dict[str, Any] = {}  # the usage totals reported so far

    def event(self, event: ServerSentEvent) -> list[AIMessageChunk]:
        if self.complete:
            return []
        return self.payload(event_payload(event, self.provider))

    def payload(self, payload: dict[str, Any]) -> list[AIMessageChunk]:
        """The chunks one event object carries (also used for SDK events)."""
        kind = payload.get("type")
        if kind == "content_block_delta":
            return self._delta(payload.get("index"), payload.get("delta") or {})
        if kind == "content_block_start":
            return self._block(payload.get("index"), payload.get("content_block") or {})
        if kind == "message_start":
            return self._start(payload.get("message") or {})
        if kind == "message_delta":
            return self._message_delta(payload)
        if kind == "message_stop":
            self.complete = True
        elif kind == "error":
            raise error_event(self.provider, payload)
        return []

    def _chunk(self, content: str = "", **fields: Any) -> list[AIMessageChunk]:
        return [AIMessageChunk(content, id=self._id, **fields)]

    def _start(self, message: dict[str, Any]) -> list[AIMessageChunk]:
        self._id = message.get("id")
        self._report = dict(message.get("usage") or {})
        counts = anthropic_usage({**self._report, "output_tokens": 0})  # message_delta's count
        self._usage.delta(counts)
        meta = {"model_name": message["model"]} if message.get("model") else {}
        return self._chunk(usage_metadata=counts, response_metadata=meta)

    def _block(self, index: Any, block: dict[str, Any]) -> list[AIMessageChunk]:
        kind = block.get("type")
        if kind == "text" and block.get("text"):
            return self._chunk(block["text"])
        if kind != "tool_use" or not isinstance(index, int):
            return []
        self._tools.add(index)
        given = block.get("input")
        args = json.dumps(given) if given else ""  # a proxy may send the whole input here
        return self._chunk(tool_call_chunks=[
            tool_call_chunk(name=block.get("name"), args=args, id=block.get("id"), index=index)])

    def _delta(self, index: Any, delta: dict[str, Any]) -> list[AIMessageChunk]:
        kind = delta.get("type")
        if kind == "text_delta":
            return self._chunk(delta.get("text") or "")
        if kind == "input_json_delta" and index in self._tools:
            return self._chunk(tool_call_chunks=[
                tool_call_chunk(args=delta.get("partial_json") or "", index=index)])
        if kind == "thinking_delta" and delta.get("thinking"):
            return self._chunk(additional_kwargs={"reasoning_content": delta["thinking"]})
        return []

    def _message_delta(self, payload: dict[str, Any]) -> list[AIMessageChunk]:
        delta = payload.get("delta") or {}
        meta = {key: delta[key] for key in ("stop_reason", "stop_sequence") if delta.get(key)}
        report = payload.get("usage")
        counts = None
        if isinstance(report, dict):  # running totals: they replace what message_start said
            self._report.update((k, v) for k, v in report.items() if v is not None)
            counts = self._usage.delta(anthropic_usage(self._report))
        return self._chunk(usage_metadata=counts, response_metadata=meta)

