"""Turning what users write into messages, and messages into a transcript string.

Accepted message-likes: a message; a string (a human message); a ``(role, content)``
tuple; a dict ``{"role": ..., "content": ...}`` (OpenAI style; ``"type"`` is accepted
for the role too). Roles: ``human``/``user``, ``ai``/``assistant``, ``system``/
``developer``, ``tool`` (which needs ``tool_call_id``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Union

from chunkwise.models.content import Content
from chunkwise.models.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)

__all__ = ["MessageLike", "convert_to_messages", "coerce_to_message", "get_buffer_string",
           "message_from_role"]

MessageLike = Union[BaseMessage, str, tuple[str, Content], dict[str, Any]]

_ROLE_PREFIX = {"human": "Human", "ai": "AI", "system": "System", "tool": "Tool",
                "function": "Function"}


def message_from_role(role: str, content: Content, **fields: Any) -> BaseMessage:
    """A message of the class that ``role`` names."""
    if role in ("human", "user"):
        return HumanMessage(content, **fields)
    if role in ("ai", "assistant"):
        return AIMessage(content, **fields)
    if role in ("system", "developer"):
        return SystemMessage(content, **fields)
    if role == "tool":
        if "tool_call_id" not in fields:
            raise ValueError("a tool message needs a tool_call_id")
        return ToolMessage(content, **fields)
    raise ValueError(
        f"unknown message role {role!r}: use human/user, ai/assistant, system or tool"
    )


def coerce_to_message(message: MessageLike) -> BaseMessage:
    """One message-like as a message."""
    if isinstance(message, BaseMessage):
        return message
    if isinstance(message, str):
        return HumanMessage(message)
    if isinstance(message, tuple) and len(message) == 2:
        return message_from_role(message[0], message[1])
    if isinstance(message, dict):
        fields = dict(message)
        role = fields.pop("role", None) or fields.pop("type", None)
        if role is None or "content" not in fields:
            raise ValueError(f"a message dict needs 'role' and 'content', got {message!r}")
        return message_from_role(role, fields.pop("content"), **fields)
    raise TypeError(
        f"cannot make a message of {message!r}: expected a message, a string, "
        "a (role, content) tuple or a {'role', 'content'} dict"
    )


def convert_to_messages(messages: MessageLike | Sequence[MessageLike]) -> list[BaseMessage]:
    """A message-like or a sequence of them as a list of messages."""
    if isinstance(messages, (BaseMessage, str, tuple, dict)):
        return [coerce_to_message(messages)]
    return [coerce_to_message(m) for m in messages]


def _role(message: BaseMessage, human_prefix: str, ai_prefix: str) -> str:
    kind = message.type.removesuffix("MessageChunk").lower()  # HumanMessageChunk -> human
    if kind == "chat":
        return str(getattr(message, "role", "Chat"))
    return {"human": human_prefix, "ai": ai_prefix}.get(kind) or _ROLE_PREFIX.get(kind, kind)


def get_buffer_string(messages: Sequence[BaseMessage], human_prefix: str = "Human",
                      ai_prefix: str = "AI", message_separator: str = "\n") -> str:
    """A transcript, one ``Role: text`` line per message (``Human: hi\\nAI: hello``)."""
    return message_separator.join(
        f"{_role(m, human_prefix, ai_prefix)}: {m.text}" for m in messages
    )
