"""Fake models that stream scripted answers: for tests, docs and the demo (no API key).

* ``GenericFakeChatModel(messages=iter([...]))`` answers each call with the next
  message, streamed in word-sized pieces exactly as LangChain's class of that name
  does: the content is split on each whitespace character, which becomes a chunk of
  its own (``"The sky"`` -> ``"The"``, ``" "``, ``"sky"``). ``split="words"`` attaches
  the whitespace to the next word instead (``"The"``, ``" sky"``), the way model
  tokenizers cut text -- the ``The| sky| appears| blue|`` of the streaming guide.
* ``ScriptedChatModel(streams=[[chunk, ...], ...])`` replays exact chunk lists
  (strings or ``AIMessageChunk``s, so tool-call chunks can be scripted), the next
  list on each call, starting over after the last.
* ``FakeListLLM(responses=[...])`` answers with the next string (streaming it as
  one chunk); ``FakeStreamingListLLM`` streams it one character at a time.

``delay`` (seconds) is slept before each chunk (``asyncio.sleep`` under ``astream``).
One fake may be used by many concurrent calls; each call takes the next answer.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import threading
import time
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from typing import Literal

from chunkwise.models.chat_models import BaseChatModel, message_to_chunk
from chunkwise.models.llms import BaseLLM
from chunkwise.models.messages import AIMessage, AIMessageChunk, BaseMessage
from chunkwise.models.tool_calls import tool_call_chunk

__all__ = ["FakeListLLM", "FakeStreamingListLLM", "GenericFakeChatModel", "ScriptedChatModel"]

_WHITESPACE = re.compile(r"(\s)")  # LangChain's split: each whitespace char is a token
_BEFORE_WHITESPACE = re.compile(r"(?<=\S)(?=\s)")  # cut where a word ends


class _ReplayingChatModel(BaseChatModel):
    """Streams a list of chunks per call, sleeping ``delay`` before each."""

    delay: float | None

    def _script(self, messages: list[BaseMessage]) -> list[AIMessageChunk | str]:
        raise NotImplementedError

    def _stream(self, prompt: list[BaseMessage]) -> Iterator[AIMessageChunk | str]:
        for chunk in self._script(prompt):
            if self.delay:
                time.sleep(self.delay)
            yield chunk

    async def _astream(self, prompt: list[BaseMessage]) -> AsyncIterator[AIMessageChunk | str]:
        for chunk in self._script(prompt):
            if self.delay:
                await asyncio.sleep(self.delay)
            yield chunk


class GenericFakeChatModel(_ReplayingChatModel):
    """Answers with the next of ``messages`` (``AIMessage``s or strings), streamed in
    word-sized pieces; tool calls follow as one tool-call chunk each."""

    def __init__(
        self,
        *,
        messages: Iterable[AIMessage | str],
        delay: float | None = None,
        split: Literal["whitespace", "words"] = "whitespace",
    ) -> None:
        self.messages = iter(messages)
        self.delay = delay
        self.split = split
        self._lock = threading.Lock()

    def _next_message(self) -> AIMessage:
        with self._lock:
            message = next(self.messages, None)
        if message is None:
            raise ValueError(f"{type(self).__name__} has no more messages to answer with")
        return AIMessage(message) if isinstance(message, str) else message

    def _generate(self, prompt: list[BaseMessage]) -> AIMessage:
        return self._next_message()

    async def _agenerate(self, prompt: list[BaseMessage]) -> AIMessage:
        return self._next_message()

    def _script(self, messages: list[BaseMessage]) -> list[AIMessageChunk | str]:
        message = self._next_message()
        whole = message_to_chunk(message)
        if not isinstance(message.content, str):  # content blocks: one chunk
            return [whole]
        pattern = _WHITESPACE if self.split == "whitespace" else _BEFORE_WHITESPACE
        tokens = pattern.split(message.content) if message.content else []
        script: list[AIMessageChunk | str] = [
            AIMessageChunk(token, id=message.id) for token in tokens
        ]
        if (message.additional_kwargs or message.response_metadata or message.name
                or message.usage_metadata):
            script.append(AIMessageChunk(
                "", id=message.id, name=message.name,
                additional_kwargs=message.additional_kwargs,
                response_metadata=message.response_metadata,
                usage_metadata=message.usage_metadata,
            ))
        script += [
            AIMessageChunk("", id=message.id, tool_call_chunks=[piece])
            for piece in whole.tool_call_chunks
        ]
        return script

    def __repr__(self) -> str:
        return "GenericFakeChatModel()"


class ScriptedChatModel(_ReplayingChatModel):
    """Replays ``streams[0]`` on the first call, ``streams[1]`` on the next, and so on,
    starting over after the last. ``invoke`` returns the list's chunks added up."""

    def __init__(
        self, *, streams: Sequence[Sequence[AIMessageChunk | str]], delay: float | None = None
    ) -> None:
        if not streams:
            raise ValueError("ScriptedChatModel needs at least one stream")
        self.streams = [list(stream) for stream in streams]
        self.delay = delay
        self._calls = itertools.count()

    def _script(self, messages: list[BaseMessage]) -> list[AIMessageChunk | str]:
        return self.streams[next(self._calls) % len(self.streams)]

    def _generate(self, prompt: list[BaseMessage]) -> AIMessage:
        return self._combine([self._to_chunk(chunk, None) for chunk in self._script(prompt)])

    async def _agenerate(self, prompt: list[BaseMessage]) -> AIMessage:
        return self._generate(prompt)

    def __repr__(self) -> str:
        return f"ScriptedChatModel(streams=<{len(self.streams)} streams>)"


class FakeListLLM(BaseLLM):
    """Answers with ``responses[0]``, then ``responses[1]``, ..., starting over after the
    last; streams each answer as one chunk (it implements only ``_generate``)."""

    def __init__(self, *, responses: Sequence[str]) -> None:
        if not responses:
            raise ValueError(f"{type(self).__name__} needs at least one response")
        self.responses = list(responses)
        self._calls = itertools.count()

    def _generate(self, prompt: str) -> str:
        return self.responses[next(self._calls) % len(self.responses)]

    async def _agenerate(self, prompt: str) -> str:
        return self._generate(prompt)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(responses={self.responses!r})"


class FakeStreamingListLLM(FakeListLLM):
    """``FakeListLLM`` that streams each answer one character at a time, sleeping
    ``delay`` before each."""

    def __init__(self, *, responses: Sequence[str], delay: float | None = None) -> None:
        super().__init__(responses=responses)
        self.delay = delay

    def _stream(self, prompt: str) -> Iterator[str]:
        for char in self._generate(prompt):
            if self.delay:
                time.sleep(self.delay)
            yield char

    async def _astream(self, prompt: str) -> AsyncIterator[str]:
        for char in self._generate(prompt):
            if self.delay:
                await asyncio.sleep(self.delay)
            yield char
