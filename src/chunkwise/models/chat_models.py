"""``BaseChatModel``: messages in, an ``AIMessage`` (or a stream of ``AIMessageChunk``) out.

Subclass it and implement ``_generate(messages) -> AIMessage`` and/or
``_stream(messages)`` yielding ``AIMessageChunk``s or plain strings (async:
``_agenerate`` / ``_astream``); see ``language_models`` for the fallbacks. Every
chunk and every answer without an id of its own gets the run's ``run-<uuid>``
(the same id as the run's events). Events are ``on_chat_model_start`` /
``_stream`` / ``_end``.
"""

from __future__ import annotations

import copy
import json
from typing import TypeVar

from chunkwise.models.convert import convert_to_messages
from chunkwise.models.language_models import BaseLanguageModel, LanguageModelInput
from chunkwise.models.messages import AIMessage, AIMessageChunk, BaseMessage, add_ai_message_chunks
from chunkwise.models.prompt_values import PromptValue
from chunkwise.models.tool_calls import tool_call_chunk

__all__ = ["BaseChatModel", "message_to_chunk"]


def message_to_chunk(message: AIMessage) -> AIMessageChunk:
    """A whole answer as one chunk (tool calls become tool-call chunks, args as JSON)."""
    if type(message) is AIMessageChunk:
        return message
    return AIMessageChunk(
        message.content,
        tool_call_chunks=[
            tool_call_chunk(name=call["name"], args=json.dumps(call["args"]), id=call["id"],
                            index=i)
            for i, call in enumerate(message.tool_calls)
        ],
        usage_metadata=message.usage_metadata, id=message.id, name=message.name,
        additional_kwargs=message.additional_kwargs, response_metadata=message.response_metadata,
    )


M = TypeVar("M", bound=AIMessage)


def _with_id(message: M, id: str) -> M:
    labelled = copy.copy(message)  # the hook's object may be reused (scripted, cached)
    labelled.id = id
    return labelled


class BaseChatModel(BaseLanguageModel[list[BaseMessage], AIMessage, AIMessageChunk]):
    """A chat model; input: a string, a prompt value, or message-likes."""

    run_type = "chat_model"

    def _prepare(self, input: LanguageModelInput) -> list[BaseMessage]:
        if isinstance(input, PromptValue):
            return input.to_messages()
        return convert_to_messages(input)

    def _to_chunk(self, item: AIMessageChunk | AIMessage | str, run_id: str | None) -> AIMessageChunk:
        if isinstance(item, str):
            return AIMessageChunk(item, id=run_id)
        chunk = message_to_chunk(item)
        if run_id is not None and chunk.id is None:
            return _with_id(chunk, run_id)
        return chunk

    def _combine(self, chunks: list[AIMessageChunk]) -> AIMessage:
        if not chunks:
            return AIMessage("")
        return add_ai_message_chunks(*chunks).to_message()

    def _finish(self, output: AIMessage, run_id: str) -> AIMessage:
        if type(output) is AIMessageChunk:
            output = output.to_message()
        return output if output.id is not None else _with_id(output, run_id)
