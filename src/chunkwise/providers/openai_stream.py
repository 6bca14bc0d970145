"""OpenAI's chat-completions stream as ``AIMessageChunk``s, with the quirks of real servers.

Sans-I/O: :class:`OpenAIStream` takes one decoded ``data:`` event (or, for
:func:`~chunkwise.providers.from_openai_stream`, one SDK chunk as a dict) and
returns the chunks it carries. Each quirk below is a named, tested case
(``tests/providers/test_openai_quirks.py``):

* ``empty_choices`` -- ``choices`` empty or ``null`` (Azure's content-filter chunks,
  the usage chunk): metadata only, no content;
* ``tool_index_by_id`` -- a tool-call ``index`` that is missing or always 0
  (Ollama, some proxies): a fragment with a new ``id`` starts a new call;
* ``arguments_object`` -- ``arguments`` sent as a JSON object, not text;
* ``content_list`` -- ``delta.content`` as a list of parts (Mistral), text joined,
  ``thinking`` parts kept as ``reasoning_content``;
* ``reasoning_content`` -- ``delta.reasoning_content`` / ``delta.reasoning``
  (llama.cpp, vLLM, DeepSeek, OpenRouter) kept in ``additional_kwargs``;
* ``no_done`` -- no ``data: [DONE]`` at the end: a stream whose choice sent its
  ``finish_reason`` is complete; one that ends before both is cut off;
* ``cumulative_usage`` -- usage reported on several chunks (or in ``x_groq``):
  turned into deltas so the summed message has the totals;
* ``error_event`` -- ``{"error": {...}}`` (or an ``event: error``) mid-stream raises.

Refusals (``delta.refusal``) go to ``additional_kwargs["refusal"]``. Only choice 0
is read (chunkwise does not request ``n`` > 1).
"""

from __future__ import annotations

import json
from typing import Any

from chunkwise.models import AIMessageChunk, ToolCallChunk, UsageMetadata, tool_call_chunk
from chunkwise.providers.errors import ProviderError
from chunkwise.providers.reading import error_event, event_payload
from chunkwise.providers.usage_deltas import UsageDeltas, usage
from chunkwise.providers.wire import ServerSentEvent

__all__ = ["OpenAIStream", "openai_usage"]


def openai_usage(report: dict[str, Any]) -> UsageMetadata:
    """OpenAI's ``usage`` object as ``UsageMetadata`` (cached and reasoning tokens too)."""
    prompt = report.get("prompt_tokens_details") or {}
    completion = report.get("completion_tokens_details") or {}
    inputs = {"cache_read": prompt.get("cached_tokens"), "audio": prompt.get("audio_tokens")}
    outputs = {"reasoning": completion.get("reasoning_tokens"),
               "audio": completion.get("audio_tokens")}
    return usage(
        report.get("prompt_tokens") or 0, report.get("completion_tokens") or 0,
        report.get("total_tokens"),
        {k: v for k, v in inputs.items() if isinstance(v, int) and v},
        {k: v for k, v in outputs.items() if isinstance(v, int) and v},
    )


class OpenAIStream:
    """The state of one chat-completions stream."""

    terminator = "data: [DONE] or a finish_reason"

    def __init__(self, provider: str = "openai") -> None:
        self.provider = provider
        self.done = False  # data: [DONE] arrived
        self.finished = False  # choice 0 sent its finish_reason
        self._first = True  # the model's name is still to be reported
        self._slots: dict[int, int] = {}  # the server's call index -> ours
        self._by_id: dict[str, int] = {}  # a call's id -> our index
        self._ids: list[str | None] = []  # the id of each of our calls
        self._usage = UsageDeltas()

    @property
    def complete(self) -> bool:
        return self.done or self.finished

    def event(self, event: ServerSentEvent) -> list[AIMessageChunk]:
        data = event.data
        if self.done:
            return []
        if data == "[DONE]":
            self.done = True
            return []
        payload = event_payload(event, self.provider)
        if event.event == "error" and "error" not in payload:
            payload = {"error": payload}
        return self.chunk(payload)

    def chunk(self, payload: dict[str, Any]) -> list[AIMessageChunk]:
        """The chunks one ``chat.completion.chunk`` object carries."""
        if payload.get("error"):
            raise error_event(self.provider, payload)
        content: Any = ""
        calls: list[ToolCallChunk] = []
        extra: dict[str, Any] = {}
        meta = self._first_metadata(payload) if self._first else {}
        choices = payload.get("choices")
        if choices:
            choice = choices[0]
            delta = choice.get("delta")
            if delta:
                content = self._delta(delta, extra, calls)
            reason = choice.get("finish_reason")
            if reason:
                meta["finish_reason"] = reason
                self.finished = True
        counts = self._usage_of(payload)
        if not (content or calls or extra or meta or counts):
            return []
        return [AIMessageChunk(content, tool_call_chunks=calls, usage_metadata=counts,
                               id=payload.get("id"), additional_kwargs=extra,
                               response_metadata=meta)]

    def _first_metadata(self, payload: dict[str, Any]) -> dict[str, Any]:
        if not payload.get("model"):
            return {}
        self._first = False
        meta = {"model_name": payload["model"]}
        for key in ("system_fingerprint", "service_tier"):
            if payload.get(key):
                meta[key] = payload[key]
        return meta

    def _delta(self, delta: dict[str, Any], extra: dict[str, Any],
               calls: list[ToolCallChunk]) -> str:
        """The text of ``delta``; its reasoning, refusal and call fragments go to
        ``extra`` and ``calls``."""
        content = delta.get("content") or ""
        if type(content) is not str:
            content = self._parts(content, extra)
        reasoning = delta.get("reasoning_content") or delta.get("reasoning")
        if isinstance(reasoning, str) and reasoning:
            extra["reasoning_content"] = extra.get("reasoning_content", "") + reasoning
        if delta.get("refusal"):
            extra["refusal"] = delta["refusal"]
        for fragment in delta.get("tool_calls") or ():
            calls.append(self._fragment(fragment))
        return content

    def _parts(self, parts: Any, extra: dict[str, Any]) -> str:
        """Quirk ``content_list``: text parts joined, ``thinking`` parts kept aside."""
        if not isinstance(parts, list):
            raise self._malformed(f"delta.content is neither text nor a list: {parts!r:.120}")
        text: list[str] = []
        for part in parts:
            if isinstance(part, str):
                text.append(part)
            elif isinstance(part, dict) and part.get("type") == "text":
                text.append(part.get("text") or "")
            elif isinstance(part, dict) and part.get("type") == "thinking":
                thought = part.get("thinking")
                if isinstance(thought, list):
                    thought = "".join(p.get("text") or "" for p in thought if isinstance(p, dict))
                if isinstance(thought, str) and thought:
                    extra["reasoning_content"] = extra.get("reasoning_content", "") + thought
        return "".join(text)

    def _fragment(self, fragment: dict[str, Any]) -> ToolCallChunk:
        function = fragment.get("function") or {}
        args = function.get("arguments")
        if args is not None and type(args) is not str:  # quirk arguments_object
            args = json.dumps(args)
        call_id = fragment.get("id") or None
        return tool_call_chunk(name=function.get("name") or None, args=args, id=call_id,
                               index=self._slot(fragment.get("index"), call_id))

    def _slot(self, index: Any, call_id: str | None) -> int:
        """Our index for a fragment (quirk ``tool_index_by_id``): the server's index,
        unless a new id says a new call began; by id, or the last call, without one."""
        if index is None:
            if call_id is None:
                return len(self._ids) - 1 if self._ids else self._new_slot(None)
            known = self._by_id.get(call_id)
            return known if known is not None else self._new_slot(call_id)
        slot = self._slots.get(index)
        if slot is None or (call_id is not None and self._ids[slot] not in (None, call_id)):
            slot = self._slots[index] = self._new_slot(call_id)
        elif call_id is not None and self._ids[slot] is None:
            self._ids[slot] = call_id
            self._by_id[call_id] = slot
        return slot

    def _new_slot(self, call_id: str | None) -> int:
        self._ids.append(call_id)
        if call_id is not None:
            self._by_id[call_id] = len(self._ids) - 1
        return len(self._ids) - 1

    def _usage_of(self, payload: dict[str, Any]) -> UsageMetadata | None:
        report = payload.get("usage")
        if not report:
            groq = payload.get("x_groq")
            report = groq.get("usage") if isinstance(groq, dict) else None
        if not isinstance(report, dict):
            return None
        return self._usage.delta(openai_usage(report))

    def _malformed(self, what: str) -> ProviderError:
        return ProviderError(f"{self.provider}: malformed event: {what}", provider=self.provider)
