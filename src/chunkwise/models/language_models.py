"""What chat models and LLMs share: input handling, the streaming fallbacks, run shapes.

A subclass implements any of four hooks on the prepared prompt (a message list for
chat models, a string for LLMs):

* ``_generate(prompt)`` -- the whole answer;
* ``_stream(prompt)`` -- the answer token by token (chunks or plain strings);
* ``_agenerate`` / ``_astream`` -- their async versions.

Hooks written the LangChain way (``_generate(messages, stop=None, run_manager=None,
**kwargs)`` returning a ``ChatResult``, ``_stream`` yielding ``ChatGenerationChunk``s)
work too; keyword arguments bound with ``bind(stop=...)`` reach hooks that accept
them. The others fall back on what is there. ``stream`` uses ``_stream`` when the
class has it, otherwise it yields the whole answer of ``_generate`` as **one chunk**.
``astream`` uses ``_astream``, else ``_stream`` (in one bridge thread per call), else
one chunk of ``_agenerate``. ``invoke`` uses ``_generate``, else it combines the
chunks of ``_stream`` -- and, as LangChain's does, it streams when an event stream
listens (the run's ``on_*_stream`` events then show the tokens).

A model's run reads its whole input first, so its start event has it, shaped as
LangChain shapes it (``{"messages": [[...]]}`` or ``{"prompts": [...]}``); its
metadata gets ``ls_model_type`` (and ``ls_stop`` when a stop sequence is bound).
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, ClassVar, Generic, TypeVar, Union

from chunkwise.models.chunks import RUN_ID_PREFIX
from chunkwise.models.convert import MessageLike
from chunkwise.models.prompt_values import PromptValue
from chunkwise.runnables import RunnableConfig, RunnableSerializable, ensure_config
from chunkwise.runnables.aggregate import acombine, combine
from chunkwise.runnables.running import flush, flush_sync, in_executor
from chunkwise.runnables.bridges import iterate_sync_async, run_coroutine_sync
from chunkwise.runnables.iterators import aclose_iter, close_iter
from chunkwise.runnables.tracing import Run

__all__ = ["BaseLanguageModel", "LanguageModelInput"]

#: What a model accepts: a string, a prompt value, or message-likes.
LanguageModelInput = Union[str, PromptValue, Sequence[MessageLike]]

P = TypeVar("P")  # the prepared prompt
O = TypeVar("O")  # the whole answer
C = TypeVar("C")  # one streamed chunk

_HOOKS = ("_generate", "_stream", "_agenerate", "_astream")


async def _nothing() -> AsyncIterator[Any]:
    return
    yield


def _takes(function: Any) -> frozenset[str] | None:
    """The keyword names a hook takes (``None``: any, it has ``**kwargs``)."""
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    return frozenset(p.name for p in parameters if p.kind is not p.VAR_POSITIONAL)


class BaseLanguageModel(RunnableSerializable[LanguageModelInput, O], Generic[P, O, C]):
    """Base of ``BaseChatModel`` and ``BaseLLM``; see the module docstring for the hooks."""

    _aggregates_input = True
    ls_model_type: ClassVar[str]
    _hook_kwargs: ClassVar[dict[str, frozenset[str] | None]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._hook_kwargs = {hook: _takes(getattr(cls, hook)) for hook in _HOOKS}

    # ---- what a subclass implements (any of these) ---------------------------
    def _generate(self, prompt: P, **kwargs: Any) -> O:
        """The whole answer to ``prompt``."""
        if self._has("_stream"):
            return self._combine([self._to_chunk(c, None) for c in self._call("_stream", prompt, kwargs)])
        if self._has("_astream") or self._has("_agenerate"):
            return run_coroutine_sync(self._agenerate(prompt, **kwargs))
        raise NotImplementedError(
            f"{type(self).__name__} must implement _generate, _stream, _agenerate or _astream"
        )

    def _stream(self, prompt: P, **kwargs: Any) -> Iterator[Any]:
        """The answer as chunks; by default the whole answer as one chunk."""
        yield self._to_chunk(self._call("_generate", prompt, kwargs), None)

    async def _agenerate(self, prompt: P, **kwargs: Any) -> O:
        """Async ``_generate``."""
        if self._has("_astream"):
            return self._combine([self._to_chunk(c, None)
                                  async for c in self._call("_astream", prompt, kwargs)])
        return await in_executor(self._call, "_generate", prompt, kwargs)  # type: ignore[no-any-return]

    async def _astream(self, prompt: P, **kwargs: Any) -> AsyncIterator[Any]:
        """Async ``_stream``."""
        if self._has("_stream"):
            chunks = iterate_sync_async(lambda _: self._call("_stream", prompt, kwargs), _nothing())
            try:
                async for chunk in chunks:
                    yield chunk
            finally:
                await aclose_iter(chunks)
        else:
            yield self._to_chunk(await self._call("_agenerate", prompt, kwargs), None)

    # ---- what BaseChatModel / BaseLLM implement -------------------------------
    def _prepare(self, input: LanguageModelInput) -> P:
        """The model's input as the prompt its hooks take."""
        raise NotImplementedError

    def _to_chunk(self, item: Any, run_id: str | None) -> C:
        """A hook's output as a stream chunk (labelled with the run's id, if any)."""
        raise NotImplementedError

    def _combine(self, chunks: list[C]) -> O:
        """Streamed chunks as the whole answer."""
        raise NotImplementedError

    def _finish(self, output: Any, run_id: str) -> O:
        """The answer returned by ``invoke`` (labelled with the run's id)."""
        return output  # type: ignore[no-any-return]

    def _close_stream(self, last: C | None, run_id: str) -> C | None:
        """A chunk to end a real stream with (chat models mark the last one), or ``None``."""
        return None

    # ---- calling the hooks ------------------------------------------------------
    def _has(self, hook: str) -> bool:
        return getattr(type(self), hook) is not getattr(BaseLanguageModel, hook)

    def _call(self, hook: str, prompt: P, kwargs: dict[str, Any]) -> Any:
        """``hook(prompt, ...)`` with the keyword arguments it takes."""
        takes = self._hook_kwargs.get(hook)
        if takes is not None:
            unknown = sorted(k for k in kwargs if k not in takes)
            if unknown:
                raise TypeError(f"{type(self).__name__}.{hook} takes no {unknown} "
                                "(bound with bind() or passed to invoke)")
        return getattr(self, hook)(prompt, **kwargs)

    # ---- the runnable hooks ----------------------------------------------------
    def _event_input(self, input: Any) -> Any:
        raise NotImplementedError

    def _metadata(self, config: RunnableConfig | None, kwargs: dict[str, Any]) -> RunnableConfig:
        """The config with LangChain's ``ls_*`` metadata, when someone listens."""
        config = ensure_config(config)
        if config["callbacks"] is None:
            return config
        extra = {"ls_model_type": self.ls_model_type}
        if kwargs.get("stop") is not None:
            extra["ls_stop"] = kwargs["stop"]
        return {**config, "metadata": {**config["metadata"], **extra}}

    def invoke(self, input: LanguageModelInput, config: RunnableConfig | None = None,
               **kwargs: Any) -> O:
        return super().invoke(input, self._metadata(config, kwargs), **kwargs)

    async def ainvoke(self, input: LanguageModelInput, config: RunnableConfig | None = None,
                      **kwargs: Any) -> O:
        return await super().ainvoke(input, self._metadata(config, kwargs), **kwargs)

    def transform(self, input: Iterator[Any], config: RunnableConfig | None = None,
                  **kwargs: Any) -> Iterator[Any]:
        return super().transform(input, self._metadata(config, kwargs), **kwargs)

    def atransform(self, input: AsyncIterator[Any], config: RunnableConfig | None = None,
                   **kwargs: Any) -> AsyncIterator[Any]:
        return super().atransform(input, self._metadata(config, kwargs), **kwargs)

    def stream(self, input: LanguageModelInput, config: RunnableConfig | None = None,
               **kwargs: Any) -> Iterator[Any]:
        return super().stream(input, self._metadata(config, kwargs), **kwargs)

    def astream(self, input: LanguageModelInput, config: RunnableConfig | None = None,
                **kwargs: Any) -> AsyncIterator[Any]:
        return super().astream(input, self._metadata(config, kwargs), **kwargs)

    def _invoke(self, input: LanguageModelInput, config: RunnableConfig, **kwargs: Any) -> O:
        return self._finish(self._call("_generate", self._prepare(input), kwargs), run_id(config))

    async def _ainvoke(self, input: LanguageModelInput, config: RunnableConfig,
                       **kwargs: Any) -> O:
        answer = await self._call("_agenerate", self._prepare(input), kwargs)
        return self._finish(answer, run_id(config))

    def _invoke_run(self, input: Any, config: RunnableConfig, run: Run, **kwargs: Any) -> O:
        if not (run.wants_tokens and (self._has("_stream") or self._has("_astream"))):
            return self._invoke(input, config, **kwargs)
        chunks = []
        for chunk in self._transform(iter((input,)), config, **kwargs):
            chunks.append(chunk)
            run.stream(chunk)
            flush_sync(run)
        return self._finish(self._combine(chunks), run_id(config))

    async def _ainvoke_run(self, input: Any, config: RunnableConfig, run: Run,
                           **kwargs: Any) -> O:
        if not (run.wants_tokens and (self._has("_stream") or self._has("_astream"))):
            return await self._ainvoke(input, config, **kwargs)
        chunks = []
        async for chunk in self._atransform(_one(input), config, **kwargs):
            chunks.append(chunk)
            run.stream(chunk)
            await flush(run)
        return self._finish(self._combine(chunks), run_id(config))

    # Streams yield chunks (C), which may differ from the whole answer's type (O): an
    # AIMessageChunk is an AIMessage, but the base's single Output type cannot say so.
    def _transform(  # type: ignore[override]
        self, input: Iterator[LanguageModelInput], config: RunnableConfig, **kwargs: Any
    ) -> Iterator[C]:
        prompt = self._prepare(combine(input))
        label = run_id(config)
        last = None
        stream = self._call("_stream", prompt, kwargs)
        try:
            for item in stream:
                last = self._to_chunk(item, label)
                yield last
        finally:  # closed now, not by the garbage collector later
            close_iter(stream)
        closing = self._close_stream(last, label) if self._has("_stream") else None
        if closing is not None:
            yield closing

    async def _atransform(  # type: ignore[override]
        self, input: AsyncIterator[LanguageModelInput], config: RunnableConfig, **kwargs: Any
    ) -> AsyncIterator[C]:
        prompt = self._prepare(await acombine(input))
        label = run_id(config)
        last = None
        stream = self._call("_astream", prompt, kwargs)
        try:
            async for item in stream:
                last = self._to_chunk(item, label)
                yield last
        finally:  # the model's own generator is closed on this task, now (aclose, errors)
            await aclose_iter(stream)
        streamed = self._has("_astream") or self._has("_stream")
        closing = self._close_stream(last, label) if streamed else None
        if closing is not None:
            yield closing


async def _one(item: Any) -> AsyncIterator[Any]:
    yield item


def run_id(config: RunnableConfig) -> str:
    """``lc_run--<uuid>`` of the current call, as langchain_core (1.x) names a streamed
    message: the id its events carry when someone listens (the hook's config names
    the run as the last parent), else a fresh one."""
    scope = config.get("callbacks")
    parents = getattr(scope, "parent_ids", ())
    if parents:
        return f"{RUN_ID_PREFIX}-{parents[-1]}"
    return f"{RUN_ID_PREFIX}-{uuid.uuid4()}"
