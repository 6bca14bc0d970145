"""Messages both ways between chunkwise and ``langchain_core``, with nothing lost.

Both libraries have the same message classes under the same names, so a message is
converted to the class of its name on the other side, field by field: content
(strings and content blocks, as they are), ``id``, ``name``, ``additional_kwargs``,
``response_metadata``, and per role ``tool_calls``, ``tool_call_chunks``,
``invalid_tool_calls``, ``usage_metadata``, ``chunk_position``, ``role``,
``tool_call_id``, ``status`` and ``artifact``. A chunk's ``tool_calls`` are derived
from its ``tool_call_chunks`` on both sides, so only the chunks are carried over.
"""

from __future__ import annotations

from typing import Any

import langchain_core.messages as lc

import chunkwise.models as cw

__all__ = ["from_langchain_message", "to_langchain_message"]

_NAMES = ("AIMessage", "AIMessageChunk", "HumanMessage", "HumanMessageChunk", "SystemMessage",
          "SystemMessageChunk", "ToolMessage", "ToolMessageChunk", "ChatMessage",
          "ChatMessageChunk", "FunctionMessage", "FunctionMessageChunk")
# Most derived first, so a chunk is matched before the message class it derives from.
_TO_CW: list[tuple[type[lc.BaseMessage], type[cw.BaseMessage]]] = sorted(
    ((getattr(lc, n), getattr(cw, n)) for n in _NAMES), key=lambda p: -len(p[0].__mro__))
_TO_LC: list[tuple[type[cw.BaseMessage], type[lc.BaseMessage]]] = sorted(
    ((getattr(cw, n), getattr(lc, n)) for n in _NAMES), key=lambda p: -len(p[0].__mro__))


def _common(message: Any) -> dict[str, Any]:
    return {"id": message.id, "name": message.name,
            "additional_kwargs": dict(message.additional_kwargs),
            "response_metadata": dict(message.response_metadata)}


def _role_fields(message: Any, chunk: bool) -> dict[str, Any]:
    """The fields a role adds to the common ones (the same names on both sides)."""
    fields: dict[str, Any] = {}
    if isinstance(message, (lc.AIMessage, cw.AIMessage)):
        fields["usage_metadata"] = message.usage_metadata
        if isinstance(message, (lc.AIMessageChunk, cw.AIMessageChunk)) and chunk:
            fields["tool_call_chunks"] = [dict(c) for c in message.tool_call_chunks]
            fields["chunk_position"] = message.chunk_position
        else:
            fields["tool_calls"] = [dict(c) for c in message.tool_calls]
            fields["invalid_tool_calls"] = [dict(c) for c in message.invalid_tool_calls]
    if isinstance(message, (lc.ToolMessage, cw.ToolMessage)):
        fields["tool_call_id"] = message.tool_call_id
        fields["status"] = message.status
        fields["artifact"] = message.artifact
    if isinstance(message, (lc.ChatMessage, cw.ChatMessage)):
        fields["role"] = message.role
    return fields


def _chunk_given_whole(message: Any) -> bool:
    """A chunk made with whole ``tool_calls`` (no pieces): its calls cross as they are."""
    return bool(not message.tool_call_chunks
                and (message.tool_calls or message.invalid_tool_calls))


def from_langchain_message(message: lc.BaseMessage) -> cw.BaseMessage:
    """The chunkwise message equal to a ``langchain_core`` one."""
    for lc_class, cw_class in _TO_CW:
        if isinstance(message, lc_class):
            chunk = issubclass(cw_class, cw.BaseMessageChunk)
            fields = {**_common(message), **_role_fields(message, chunk)}
            if chunk and isinstance(message, lc.AIMessageChunk) and _chunk_given_whole(message):
                fields.pop("tool_call_chunks")
                fields["tool_calls"] = [dict(c) for c in message.tool_calls]
                fields["invalid_tool_calls"] = [dict(c) for c in message.invalid_tool_calls]
            return cw_class(message.content, **fields)
    raise TypeError(f"no chunkwise counterpart of langchain's {type(message).__name__}")


def to_langchain_message(message: cw.BaseMessage) -> lc.BaseMessage:
    """The ``langchain_core`` message equal to a chunkwise one."""
    for cw_class, lc_class in _TO_LC:
        if isinstance(message, cw_class):
            chunk = issubclass(lc_class, lc.BaseMessageChunk)
            fields = {**_common(message), **_role_fields(message, chunk)}
            if fields.get("usage_metadata") is None:
                fields.pop("usage_metadata", None)
            return lc_class(content=message.content, **fields)
    raise TypeError(f"no langchain counterpart of chunkwise's {type(message).__name__}")
