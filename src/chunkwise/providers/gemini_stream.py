"""Gemini's ``streamGenerateContent?alt=sse`` as ``AIMessageChunk``s.

Each event is a ``GenerateContentResponse``: candidate 0's ``parts`` carry text
(``"thought": true`` parts are reasoning, kept in
``additional_kwargs["reasoning_content"]``) and whole ``functionCall``s, which
become one tool-call chunk each (arguments as JSON text, an id made from the
response id when the API gives none; a call's ``thoughtSignature`` is kept in
``additional_kwargs["thought_signatures"]`` so that it can be sent back).
Gemini sends no terminator of its own: a stream is complete once candidate 0
sent its ``finishReason`` (or the prompt was blocked, ``promptFeedback.blockReason``).
``usageMetadata`` holds running totals, turned into deltas.
"""

from __future__ import annotations

import json
from typing import Any

from chunkwise.models import AIMessageChunk, ToolCallChunk, UsageMetadata, tool_call_chunk
from chunkwise.providers.reading import error_event, event_payload
from chunkwise.providers.usage_deltas import UsageDeltas, usage
from chunkwise.providers.wire import ServerSentEvent

__all__ = ["GeminiStream", "gemini_usage"]


def gemini_usage(report: dict[str, Any]) -> UsageMetadata:
    """Gemini's ``usageMetadata``; thinking tokens count as output, as LangChain counts them."""
    thoughts = report.get("thoughtsTokenCount") or 0
    cached = report.get("cachedContentTokenCount") or 0
    return usage(report.get("promptTokenCount") or 0,
                 (report.get("candidatesTokenCount") or 0) + thoughts,
                 report.get("totalTokenCount"),
                 {"cache_read": cached} if cached else None,
                 {"reasoning": thoughts} if thoughts else None)


class GeminiStream:
    """The state of one ``streamGenerateContent`` stream."""

    terminator = "a finishReason"

    def __init__(self, provider: str = "google_genai") -> None:
        self.provider = provider
        self.complete = False
        self._first = True
        self._calls = 0
        self._usage = UsageDeltas()

    def event(self, event: ServerSentEvent) -> list[AIMessageChunk]:
        return self.response(event_payload(event, self.provider))

    def response(self, payload: dict[str, Any]) -> list[AIMessageChunk]:
        """The chunks of one ``GenerateContentResponse``."""
        if payload.get("error"):
            raise error_event(self.provider, payload)
        meta: dict[str, Any] = {}
        if self._first and payload.get("modelVersion"):
            meta["model_name"], self._first = payload["modelVersion"], False
        blocked = (payload.get("promptFeedback") or {}).get("blockReason")
        if blocked:
            meta["block_reason"], self.complete = blocked, True
        text = ""
        calls: list[ToolCallChunk] = []
        extra: dict[str, Any] = {}
        candidates = payload.get("candidates")
        if candidates:
            candidate = candidates[0]
            parts = (candidate.get("content") or {}).get("parts") or ()
            text = self._parts(parts, payload.get("responseId"), calls, extra)
            if candidate.get("finishReason"):
                meta["finish_reason"], self.complete = candidate["finishReason"], True
        report = payload.get("usageMetadata")
        counts = self._usage.delta(gemini_usage(report)) if isinstance(report, dict) else None
        if not (text or calls or extra or meta or counts):
            return []
        return [AIMessageChunk(text, tool_call_chunks=calls, usage_metadata=counts,
                               id=payload.get("responseId"), additional_kwargs=extra,
                               response_metadata=meta)]

    def _parts(self, parts: Any, response_id: Any, calls: list[ToolCallChunk],
               extra: dict[str, Any]) -> str:
        text: list[str] = []
        for part in parts:
            if not isinstance(part, dict):
                continue
            if "functionCall" in part:
                call = part["functionCall"] or {}
                call_id = call.get("id") or f"{response_id or 'call'}-{self._calls}"
                calls.append(tool_call_chunk(name=call.get("name"),
                                             args=json.dumps(call.get("args") or {}),
                                             id=call_id, index=self._calls))
                self._calls += 1
                if part.get("thoughtSignature"):
                    extra.setdefault("thought_signatures", {})[call_id] = part["thoughtSignature"]
            elif isinstance(part.get("text"), str):
                if part.get("thought"):
                    extra["reasoning_content"] = extra.get("reasoning_content", "") + part["text"]
                else:
                    text.append(part["text"])
        return "".join(text)
