"""Fake models that answer from a script: for tests, docs and the demo (no API key).

The LangChain fakes, with LangChain's behaviour (so tests ported from LangChain see
the same chunks):

* ``GenericFakeChatModel(messages=iter([...]))`` answers each call with the next
  message, streamed in word-sized pieces: the content is split on each whitespace
  character, which becomes a chunk of its own (``"The sky"`` -> ``"The"``, ``" "``,
  ``"sky"``); ``additional_kwargs`` follow key by key (a ``function_call``'s
  arguments cut at commas), then ``response_metadata``, ``name`` and
  ``usage_metadata`` in one chunk, then tool calls as one tool-call chunk each.
  ``split="words"`` attaches the whitespace to the next word instead (``"The"``,
  ``" sky"``), the way model tokenizers cut text.
* ``FakeListChatModel(responses=[...])`` answers with the next string, streamed one
  character at a time; ``FakeMessagesListChatModel(responses=[...])`` with the next
  message; ``ParrotFakeChatModel()`` with the last message it was given.
* ``FakeListLLM(responses=[...])`` answers with the next string;
  ``FakeStreamingListLLM`` then hands it on one character at a time (after its run
  ended, as LangChain's does: no ``on_llm_stream`` events).

The ``*List*`` fakes take the next answer at index ``i`` and cycle (``i`` past the
end fails, as in LangChain); ``sleep`` seconds are slept per answer or per chunk.
chunkwise's own ``ScriptedChatModel(streams=[[chunk, ...], ...])`` replays exact
chunk lists (strings or ``AIMessageChunk``s, so tool-call chunks can be scripted).
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
from typing import Any, Literal

from chunkwise.models.chat_models import BaseChatModel, message_to_chunk
from chunkwise.models.chunks import AIMessageChunk
from chunkwise.models.llms import BaseLLM
from chunkwise.models.messages import AIMessage, BaseMessage
from chunkwise.runnables import Runnable, RunnableConfig

__all__ = ["FakeListChatModel", "FakeListLLM", "FakeMessagesListChatModel",
           "FakeStreamingListLLM", "GenericFakeChatModel", "ParrotFakeChatModel",
           "ScriptedChatModel"]

_WHITESPACE = re.compile(r"(\s)")  # LangChain's split: each whitespace char is a token
_BEFORE_WHITESPACE = re.compile(r"(?<=\S)(?=\s)")  # cut where a word ends
_COMMA = re.compile(r"(,)")


class _ReplayingChatModel(BaseChatModel):
    """Streams a list of chunks per call, sleeping ``delay`` before each."""

    delay: float | None

    def _script(self, messages: list[BaseMessage]) -> list[AIMessageChunk | str]:
        raise NotImplementedError

    def _stream(self, prompt: list[BaseMessage], **kwargs: Any) -> Iterator[AIMessageChunk | str]:
        for chunk in self._script(prompt):
            if self.delay:
                time.sleep(self.delay)
            yield chunk

    async def _astream(self, prompt: list[BaseMessage],
                       **kwargs: Any) -> AsyncIterator[AIMessageChunk | str]:
        for chunk in self._script(prompt):
            if self.delay:
                await asyncio.sleep(self.delay)
            yield chunk


def _kwargs_pieces(message: AIMessage) -> list[AIMessageChunk]:
    """``additional_kwargs`` as LangChain's fake streams them: key by key."""
    pieces = []
    for key, value in message.additional_kwargs.items():
        if key != "function_call":
            pieces.append({key: value})
            continue
        for name, part in value.items():
            texts = _COMMA.split(part) if isinstance(part, str) else [part]
            pieces += [{"function_call": {name: text}} for text in texts]
    return [AIMessageChunk("", id=message.id, additional_kwargs=p) for p in pieces]


class GenericFakeChatModel(_ReplayingChatModel):
    """Answers with the next of ``messages`` (``AIMessage``s or strings), streamed in
    word-sized pieces; see the module docstring."""

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

    def _generate(self, prompt: list[BaseMessage], **kwargs: Any) -> AIMessage:
        return self._next_message()

    async def _agenerate(self, prompt: list[BaseMessage], **kwargs: Any) -> AIMessage:
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
        script += _kwargs_pieces(message)
        if message.response_metadata or message.name or message.usage_metadata:
            script.append(AIMessageChunk("", id=message.id, name=message.name,
                                         response_metadata=message.response_metadata,
                                         usage_metadata=message.usage_metadata))
        script += [AIMessageChunk("", id=message.id, tool_call_chunks=[piece])
                   for piece in whole.tool_call_chunks]
        if len(script) == len(tokens) and tokens:  # nothing after the text: mark its end
            script[-1] = AIMessageChunk(tokens[-1], id=message.id, chunk_position="last")
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

    def _generate(self, prompt: list[BaseMessage], **kwargs: Any) -> AIMessage:
        return self._combine([self._to_chunk(chunk, None) for chunk in self._script(prompt)])

    async def _agenerate(self, prompt: list[BaseMessage], **kwargs: Any) -> AIMessage:
        return self._generate(prompt)

    def __repr__(self) -> str:
        return f"ScriptedChatModel(streams=<{len(self.streams)} streams>)"


class _Cycling:
    """``responses[i]``, then ``i`` moves on (back to 0 after the last), under a lock."""

    responses: Sequence[Any]
    i: int
    _lock: threading.Lock

    def _next(self) -> Any:
        with self._lock:
            response = self.responses[self.i]
            self.i = self.i + 1 if self.i < len(self.responses) - 1 else 0
        return response


class FakeListChatModel(_Cycling, BaseChatModel):
    """Answers with the next of ``responses``, streamed one character at a time."""

    def __init__(self, *, responses: Sequence[str], sleep: float | None = None, i: int = 0,
                 error_on_chunk_number: int | None = None) -> None:
        self.responses, self.sleep, self.i = list(responses), sleep, i
        self.error_on_chunk_number = error_on_chunk_number
        self._lock = threading.Lock()

    def _generate(self, prompt: list[BaseMessage], **kwargs: Any) -> AIMessage:
        if self.sleep is not None:
            time.sleep(self.sleep)
        return AIMessage(self._next())

    def _chunks(self) -> Iterator[AIMessageChunk]:
        response = self._next()
        for number, char in enumerate(response):
            if number == self.error_on_chunk_number:
                raise FakeListChatModelError(f"fake error at chunk {number}")
            position: Literal["last"] | None = "last" if number == len(response) - 1 else None
            yield AIMessageChunk(char, chunk_position=position)

    def _stream(self, prompt: list[BaseMessage], **kwargs: Any) -> Iterator[AIMessageChunk]:
        for chunk in self._chunks():
            if self.sleep is not None:
                time.sleep(self.sleep)
            yield chunk

    async def _astream(self, prompt: list[BaseMessage],
                       **kwargs: Any) -> AsyncIterator[AIMessageChunk]:
        for chunk in self._chunks():
            if self.sleep is not None:
                await asyncio.sleep(self.sleep)
            yield chunk

    def batch(self, inputs: Sequence[Any], config: Any = None, *,
              return_exceptions: bool = False, **kwargs: Any) -> list[Any]:
        """One input after the other, so the answers come in order (as in LangChain)."""
        configs = config if isinstance(config, list) else [config] * len(inputs)
        return [self.invoke(item, c, **kwargs) for item, c in zip(inputs, configs)]


class FakeListChatModelError(Exception):
    """Raised by ``FakeListChatModel`` at chunk ``error_on_chunk_number``."""


class FakeMessagesListChatModel(_Cycling, BaseChatModel):
    """Answers with the next of ``responses`` (messages), sleeping ``sleep`` first."""

    def __init__(self, *, responses: Sequence[BaseMessage], sleep: float | None = None,
                 i: int = 0) -> None:
        self.responses, self.sleep, self.i = list(responses), sleep, i
        self._lock = threading.Lock()

    def _generate(self, prompt: list[BaseMessage], **kwargs: Any) -> Any:
        if self.sleep is not None:
            time.sleep(self.sleep)
        return self._next()


class ParrotFakeChatModel(BaseChatModel):
    """Answers with the last message it was given (whatever its role)."""

    def _generate(self, prompt: list[BaseMessage], **kwargs: Any) -> Any:
        if not prompt:
            raise ValueError("ParrotFakeChatModel needs at least one message")
        return prompt[-1]


class FakeListLLM(_Cycling, BaseLLM):
    """Answers with ``responses[i]``, then the next, cycling; one chunk per answer."""

    def __init__(self, *, responses: Sequence[str], sleep: float | None = None,
                 i: int = 0) -> None:
        self.responses, self.sleep, self.i = list(responses), sleep, i
        self._lock = threading.Lock()

    def _generate(self, prompt: str, **kwargs: Any) -> str:
        return str(self._next())

    async def _agenerate(self, prompt: str, **kwargs: Any) -> str:
        return self._generate(prompt)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(responses={self.responses!r})"


class FakeStreamingListLLM(FakeListLLM):
    """``FakeListLLM`` whose stream is the answer's characters, handed on (sleeping
    ``sleep`` before each) after the answer's run ended, as LangChain's is."""

    def __init__(self, *, responses: Sequence[str], sleep: float | None = None, i: int = 0,
                 error_on_chunk_number: int | None = None) -> None:
        super().__init__(responses=responses, sleep=sleep, i=i)
        self.error_on_chunk_number = error_on_chunk_number

    def _check(self, number: int) -> None:
        if number == self.error_on_chunk_number:
            raise FakeListLLMError(f"fake error at chunk {number}")

    def stream(self, input: Any, config: RunnableConfig | None = None,
               **kwargs: Any) -> Iterator[str]:
        for number, char in enumerate(self.invoke(input, config, **kwargs)):
            if self.sleep is not None:
                time.sleep(self.sleep)
            self._check(number)
            yield char

    async def astream(self, input: Any, config: RunnableConfig | None = None,
                      **kwargs: Any) -> AsyncIterator[str]:
        for number, char in enumerate(await self.ainvoke(input, config, **kwargs)):
            if self.sleep is not None:
                await asyncio.sleep(self.sleep)
            self._check(number)
            yield char

    def transform(self, input: Iterator[Any], config: RunnableConfig | None = None,
                  **kwargs: Any) -> Iterator[str]:
        return Runnable._stream_combined(self, input, config, kwargs)

    def atransform(self, input: AsyncIterator[Any], config: RunnableConfig | None = None,
                   **kwargs: Any) -> AsyncIterator[str]:
        return Runnable._astream_combined(self, input, config, kwargs)


class FakeListLLMError(Exception):
    """Raised by ``FakeStreamingListLLM`` at chunk ``error_on_chunk_number``."""
