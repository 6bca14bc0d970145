"""``BaseChatModel``: messages in, an ``AIMessage`` (or a stream of ``AIMessageChunk``) out.

Subclass it and implement ``_generate(messages) -> AIMessage`` and/or
``_stream(messages)`` yielding ``AIMessageChunk``s or plain strings (async:
``_agenerate`` / ``_astream``); see ``language_models`` for the fallbacks. Every
chunk and every answer without an id of its own gets the run's ``run-<uuid>``
(the same id as the run's events). A stream whose last chunk is not marked
``chunk_position="last"`` ends with an empty chunk that is, as in LangChain.
Events are ``on_chat_model_start`` / ``_stream`` / ``_end``; callback handlers get
``on_chat_model_start``, ``on_llm_new_token`` and ``on_llm_end``.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from chunkwise.jsonstream.dumping import dumps
from chunkwise.models.chunks import AIMessageChunk, add_ai_message_chunks
from chunkwise.models.convert import convert_to_messages, get_buffer_string
from chunkwise.models.language_models import BaseLanguageModel, LanguageModelInput
from chunkwise.models.messages import AIMessage, BaseMessage
from chunkwise.models.outputs import ChatGeneration, ChatGenerationChunk, ChatResult, LLMResult
from chunkwise.models.prompt_values import PromptValue
from chunkwise.models.tool_calls import tool_call_chunk

__all__ = ["BaseChatModel", "message_to_chunk"]


def message_to_chunk(message: AIMessage) -> AIMessageChunk:
    """A whole answer as one chunk (tool calls become tool-call chunks, args written as JSON without recursion: any depth, any integer)."""
    if type(message) is AIMessageChunk:
        return message
    return AIMessageChunk(
        message.content,
        tool_call_chunks=[
            tool_call_chunk(name=call["name"], args=dumps(call["args"]), id=call["id"],
                            index=i)
            for i, call in enumerate(message.tool_calls)
        ],
        id=message.id, name=message.name, additional_kwargs=message.additional_kwargs,
        response_metadata=message.response_metadata, usage_metadata=message.usage_metadata,
    )


M = TypeVar("M", bound=BaseMessage)


def _with_id(message: M, id: str) -> M:
    labelled = copy.copy(message)  # the hook's object may be reused (scripted, cached)
    labelled.id = id
    return labelled


def _unwrapped(item: Any) -> Any:
    """A LangChain-style hook's result (``ChatResult``, ``ChatGeneration``) as a message."""
    if isinstance(item, ChatResult):
        if not item.generations:
            raise ValueError("the chat model's _generate returned no generations")
        return item.generations[0].message
    if isinstance(item, ChatGeneration):
        return item.message
    return item


class BaseChatModel(BaseLanguageModel[list[BaseMessage], AIMessage, AIMessageChunk]):
    """A chat model; input: a string, a prompt value, or message-likes."""

    run_type = "chat_model"
    ls_model_type = "chat"

    def _prepare(self, input: LanguageModelInput) -> list[BaseMessage]:
        if isinstance(input, PromptValue):
            return input.to_messages()
        return convert_to_messages(input)

    def _to_chunk(self, item: Any, run_id: str | None) -> AIMessageChunk:
        item = _unwrapped(item)
        if isinstance(item, str):
            return AIMessageChunk(item, id=run_id)
        chunk = item if isinstance(item, AIMessageChunk) else message_to_chunk(item)
        if run_id is not None and chunk.id is None:
            return _with_id(chunk, run_id)
        return chunk

    def _combine(self, chunks: list[AIMessageChunk]) -> AIMessage:
        if not chunks:
            return AIMessage("")
        return add_ai_message_chunks(*chunks).to_message()

    def _finish(self, output: Any, run_id: str) -> AIMessage:
        answer: AIMessage = _unwrapped(output)
        if isinstance(answer, AIMessageChunk):
            answer = answer.to_message()
        elif isinstance(answer, str):
            answer = AIMessage(answer)
        return answer if answer.id is not None else _with_id(answer, run_id)

    def _close_stream(self, last: AIMessageChunk | None, run_id: str) -> AIMessageChunk | None:
        if last is None or last.chunk_position == "last":
            return None
        return AIMessageChunk("" if isinstance(last.content, str) else [],
                              chunk_position="last", id=run_id)

    # ---- how its runs look to events and handlers -----------------------------
    def _event_input(self, input: Any) -> Any:
        return {"messages": [self._prepare(input)]}

    def _event_output(self, output: Any, version: str) -> Any:
        if version == "v1":
            return self._callback_result(output).as_dict()
        return output

    def _callback_start(self, input: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return ([self._prepare(input)],), {}

    def _callback_prompts(self, input: Any) -> list[str] | None:
        return [get_buffer_string(self._prepare(input))]

    def _callback_token(self, chunk: Any) -> tuple[Any, Any]:
        return chunk.content, ChatGenerationChunk(message=chunk)

    def _callback_result(self, output: Any) -> LLMResult:
        """A streamed answer (a chunk) as a ``ChatGenerationChunk``, an invoked one as a
        ``ChatGeneration``, as LangChain reports them."""
        kind = ChatGenerationChunk if isinstance(output, AIMessageChunk) else ChatGeneration
        return LLMResult(generations=[[kind(message=output)]])
