"""What chat models and LLMs share: input handling and the streaming fallbacks.

A subclass implements any of four hooks on the prepared prompt (a message list for
chat models, a string for LLMs):

* ``_generate(prompt)`` -- the whole answer;
* ``_stream(prompt)`` -- the answer token by token (chunks or plain strings);
* ``_agenerate`` / ``_astream`` -- their async versions.

The others fall back on what is there. ``stream`` uses ``_stream`` when the class
has it, otherwise it yields the whole answer of ``_generate`` as **one chunk** (the
documented default). ``astream`` uses ``_astream``, else ``_stream`` (in one bridge
thread per call), else one chunk of ``_agenerate``. ``invoke`` uses ``_generate``,
else it combines the chunks of ``_stream`` (or runs the async hooks on a private
loop). ``_agenerate`` defaults to combining ``_astream``, else to ``_generate`` in
the default executor, once per call.
"""

from __future__ import annotations

import asyncio
import contextvars
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, Generic, TypeVar, Union

from chunkwise.models.convert import MessageLike
from chunkwise.models.prompt_values import PromptValue
from chunkwise.runnables import Runnable, RunnableConfig
from chunkwise.runnables.aggregate import Aggregator
from chunkwise.runnables.bridges import iterate_sync_async, run_coroutine_sync

__all__ = ["BaseLanguageModel", "LanguageModelInput"]

#: What a model accepts: a string, a prompt value, or message-likes.
LanguageModelInput = Union[str, PromptValue, Sequence[MessageLike]]

P = TypeVar("P")  # the prepared prompt
O = TypeVar("O")  # the whole answer
C = TypeVar("C")  # one streamed chunk


async def _nothing() -> AsyncIterator[Any]:
    return
    yield


class BaseLanguageModel(Runnable[LanguageModelInput, O], Generic[P, O, C]):
    """Base of ``BaseChatModel`` and ``BaseLLM``; see the module docstring for the hooks."""

    # ---- what a subclass implements (any of these) ---------------------------
    def _generate(self, prompt: P) -> O:
        """The whole answer to ``prompt``."""
        if self._has("_stream"):
            return self._combine([self._to_chunk(item, None) for item in self._stream(prompt)])
        if self._has("_astream") or self._has("_agenerate"):
            return run_coroutine_sync(self._agenerate(prompt))
        raise NotImplementedError(
            f"{type(self).__name__} must implement _generate, _stream, _agenerate or _astream"
        )

    def _stream(self, prompt: P) -> Iterator[C | str]:
        """The answer as chunks; by default the whole answer as one chunk."""
        yield self._to_chunk(self._generate(prompt), None)

    async def _agenerate(self, prompt: P) -> O:
        """Async ``_generate``."""
        if self._has("_astream"):
            return self._combine([self._to_chunk(c, None) async for c in self._astream(prompt)])
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        return await loop.run_in_executor(None, context.run, self._generate, prompt)

    async def _astream(self, prompt: P) -> AsyncIterator[C | str]:
        """Async ``_stream``."""
        if self._has("_stream"):
            async for chunk in iterate_sync_async(lambda _: self._stream(prompt), _nothing()):
                yield chunk
        else:
            yield self._to_chunk(await self._agenerate(prompt), None)

    # ---- what BaseChatModel / BaseLLM implement -------------------------------
    def _prepare(self, input: LanguageModelInput) -> P:
        """The model's input as the prompt its hooks take."""
        raise NotImplementedError

    def _to_chunk(self, item: C | O | str, run_id: str | None) -> C:
        """A hook's output as a stream chunk (labelled with the run's id, if any)."""
        raise NotImplementedError

    def _combine(self, chunks: list[C]) -> O:
        """Streamed chunks as the whole answer."""
        raise NotImplementedError

    def _finish(self, output: O, run_id: str) -> O:
        """The answer returned by ``invoke`` (labelled with the run's id)."""
        return output

    # ---- the runnable hooks ----------------------------------------------------
    def _has(self, hook: str) -> bool:
        return getattr(type(self), hook) is not getattr(BaseLanguageModel, hook)

    def _invoke(self, input: LanguageModelInput, config: RunnableConfig) -> O:
        return self._finish(self._generate(self._prepare(input)), run_id(config))

    async def _ainvoke(self, input: LanguageModelInput, config: RunnableConfig) -> O:
        return self._finish(await self._agenerate(self._prepare(input)), run_id(config))

    # Streams yield chunks (C), which may differ from the whole answer's type (O): an
    # AIMessageChunk is an AIMessage, but the base's single Output type cannot say so.
    def _transform(  # type: ignore[override]
        self, input: Iterator[LanguageModelInput], config: RunnableConfig
    ) -> Iterator[C]:
        aggregate = Aggregator()
        for item in input:
            aggregate.add(item)
        prompt = self._prepare(aggregate.result())
        label = run_id(config)
        for chunk in self._stream(prompt):
            yield self._to_chunk(chunk, label)

    async def _atransform(  # type: ignore[override]
        self, input: AsyncIterator[LanguageModelInput], config: RunnableConfig
    ) -> AsyncIterator[C]:
        aggregate = Aggregator()
        async for item in input:
            aggregate.add(item)
        prompt = self._prepare(aggregate.result())
        label = run_id(config)
        async for chunk in self._astream(prompt):
            yield self._to_chunk(chunk, label)


def run_id(config: RunnableConfig) -> str:
    """``run-<uuid>`` of the current call: the id its events carry when someone listens
    (the hook's config names the run as the last parent), else a fresh one."""
    scope = config.get("callbacks")
    if scope is not None and scope.parent_ids:
        return f"run-{scope.parent_ids[-1]}"
    return f"run-{uuid.uuid4()}"
