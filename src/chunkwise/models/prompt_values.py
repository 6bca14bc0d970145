"""Prompt values: what a prompt template produces and a model accepts.

A prompt value can be read as one string (for an LLM) or as a message list (for a
chat model), so either kind of model can follow either kind of template.
"""

from __future__ import annotations

from chunkwise.models.convert import get_buffer_string
from chunkwise.models.messages import BaseMessage, HumanMessage

__all__ = ["ChatPromptValue", "PromptValue", "StringPromptValue"]


class PromptValue:
    """A formatted prompt: ``to_string()`` and ``to_messages()``."""

    __slots__ = ()

    def to_string(self) -> str:
        raise NotImplementedError

    def to_messages(self) -> list[BaseMessage]:
        raise NotImplementedError


class StringPromptValue(PromptValue):
    """A prompt that is one string (as messages: one human message)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def to_string(self) -> str:
        return self.text

    def to_messages(self) -> list[BaseMessage]:
        return [HumanMessage(self.text)]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StringPromptValue) and other.text == self.text

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"StringPromptValue(text={self.text!r})"


class ChatPromptValue(PromptValue):
    """A prompt that is a message list (as a string: a ``Role: text`` transcript)."""

    __slots__ = ("messages",)

    def __init__(self, messages: list[BaseMessage]) -> None:
        self.messages = messages

    def to_string(self) -> str:
        return get_buffer_string(self.messages)

    def to_messages(self) -> list[BaseMessage]:
        return list(self.messages)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChatPromptValue) and other.messages == self.messages

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ChatPromptValue(messages={self.messages!r})"
