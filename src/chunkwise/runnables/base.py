"""``Runnable``: the one interface every step of a chain implements.

How to subclass
---------------
Public methods (``invoke``, ``stream``, ``astream``, ``transform``, ...) record the run
when someone listens and then call four hooks. Override what your runnable can do:

* ``_invoke(input, config)`` -- whole input to whole output (sync).
* ``_ainvoke(input, config)`` -- async whole input. Default: an async ``_atransform``
  if you wrote one, else ``_invoke`` in the default executor, **once per call**.
* ``_transform(chunks, config)`` -- sync stream of input chunks to stream of output
  chunks. Default: an async ``_atransform`` on a private loop, else add the input
  chunks with ``+`` and emit ``_invoke``'s result once.
* ``_atransform(chunks, config)`` -- async stream. Default: a sync ``_transform`` in
  one bridge thread per call (see ``bridges``), else aggregate and emit ``_ainvoke``.
  Runnables with cheap per-chunk work (parsers) should override it with a plain
  ``async for`` loop, so async streams pay no thread hop at all.

A runnable that writes a stream hook (``_transform`` / ``_atransform``) streams: its
runs start when the first input chunk arrives, emit ``on_*_stream`` events and learn
their input at the end. One that writes only whole-input hooks is called once, as
LangChain's invoke-only runnables are: ``stream`` yields its ``invoke`` result as
one chunk and its events are ``start`` (with the input) and ``end``. Keyword
arguments given to a public method (``bind(**kwargs)``) reach the hooks.

Subclasses written the LangChain way -- overriding the public ``invoke`` (or
``ainvoke``, ``stream``, ``astream``) and no hook -- get the other methods derived
from what they wrote: ``invoke`` -> a one-chunk ``stream``, ``invoke`` -> ``ainvoke``
in the executor, and so on.

The ``config`` a hook receives already names this run as the parent: pass it (or
``child_config(config, None, tag)``) to the runnables you call so their events nest.
``run_type`` (class attribute) names the run in events: ``on_{run_type}_start`` etc.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar, Generic, TypeVar

from chunkwise.runnables.aggregate import Aggregator, acombine, combine
from chunkwise.runnables.batching import Batching
from chunkwise.runnables.bridges import iterate_async_sync, iterate_sync_async, run_coroutine_sync
from chunkwise.runnables.composing import Composing
from chunkwise.runnables.config import RunnableConfig, child_config, ensure_config
from chunkwise.runnables.iterators import aclose_iter, aiter_items
from chunkwise.runnables.observing import Observing
from chunkwise.runnables.running import (
    aonce,
    flush,
    flush_sync,
    in_executor,
    once,
    traced_atransform,
    traced_transform,
)
from chunkwise.runnables.tracing import Run, start_run

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["Runnable", "RunnableLike"]

# What ``|`` and dict values accept: a runnable, a (generator) function, or a dict.
RunnableLike = Any

_HOOKS = ("_invoke", "_ainvoke", "_transform", "_atransform")


class Runnable(Composing, Batching, Observing, Generic[Input, Output]):
    """A unit of work that can be invoked, batched, streamed and composed with ``|``."""

    run_type: ClassVar[str] = "chain"
    name: str | None = None
    #: Set per class: which hooks it writes (see the module docstring).
    _has_transform: ClassVar[bool] = False
    _has_atransform: ClassVar[bool] = False
    _streams: ClassVar[bool] = False
    _hooked: ClassVar[bool] = False
    #: Models read their whole input before their run starts (its input is then known).
    _aggregates_input: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        written = {hook for hook in _HOOKS if getattr(cls, hook) is not getattr(Runnable, hook)}
        cls._has_transform = "_transform" in written
        cls._has_atransform = "_atransform" in written
        cls._streams = cls._has_transform or cls._has_atransform
        cls._hooked = bool(written)

    def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
        """The run name used in events: ``name``, else ``self.name``, else the class name."""
        base = name or self.name or type(self).__name__
        if not suffix:
            return base
        return base + suffix.title() if base[0].isupper() else f"{base}_{suffix.lower()}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    # ---- how runs of this runnable look to listeners (models override these) --------
    def _event_input(self, input: Any) -> Any:
        """The input as events show it (chat models: ``{"messages": [[...]]}``)."""
        return input

    def _event_output(self, output: Any, version: str) -> Any:
        """The output as events show it (LLMs: ``{"generations": ..., "llm_output": None}``)."""
        return output

    def _callback_start(self, input: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Positional and keyword arguments (after ``serialized``) of the start callback."""
        return (input,), {}

    def _callback_prompts(self, input: Any) -> list[str] | None:
        """For a handler without ``on_{run_type}_start``: the prompts its ``on_llm_start``
        gets instead (chat models: the messages as text, as LangChain does), or ``None``."""
        return None

    def _callback_token(self, chunk: Any) -> tuple[Any, Any]:
        """``on_llm_new_token``'s token and ``chunk`` for a streamed chunk."""
        return chunk, None

    def _callback_result(self, output: Any) -> Any:
        """What ``on_llm_end`` receives for the run's output."""
        return output

    # ---- hooks -------------------------------------------------------------
    def _invoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        if self._streams:
            aggregate = Aggregator()
            for chunk in self._transform(iter((input,)), config, **kwargs):
                aggregate.add(chunk)
            result: Output = aggregate.result()
            return result
        if type(self)._ainvoke is not Runnable._ainvoke:
            return run_coroutine_sync(self._ainvoke(input, config, **kwargs))
        raise NotImplementedError(f"{type(self).__name__} must implement invoke or a hook")

    async def _ainvoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        if self._has_atransform:
            aggregate = Aggregator()
            stream = self._atransform(aiter_items(input), config, **kwargs)
            try:
                async for chunk in stream:
                    aggregate.add(chunk)
            finally:
                await aclose_iter(stream)
            result: Output = aggregate.result()
            return result
        output: Output = await in_executor(self._invoke, input, config, **kwargs)
        return output

    def _transform(
        self, input: Iterator[Input], config: RunnableConfig, **kwargs: Any
    ) -> Iterator[Output]:
        if self._has_atransform:
            return iterate_async_sync(lambda chunks: self._atransform(chunks, config, **kwargs),
                                      input)
        return self._aggregate_then_invoke(input, config, **kwargs)

    def _aggregate_then_invoke(
        self, input: Iterator[Input], config: RunnableConfig, **kwargs: Any
    ) -> Iterator[Output]:
        yield self._invoke(combine(input), config, **kwargs)

    def _atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig, **kwargs: Any
    ) -> AsyncIterator[Output]:
        if self._has_transform:
            return iterate_sync_async(lambda chunks: self._transform(chunks, config, **kwargs),
                                      input)
        return self._aggregate_then_ainvoke(input, config, **kwargs)

    async def _aggregate_then_ainvoke(
        self, input: AsyncIterator[Input], config: RunnableConfig, **kwargs: Any
    ) -> AsyncIterator[Output]:
        yield await self._ainvoke(await acombine(input), config, **kwargs)

    # ---- whole input -------------------------------------------------------
    def invoke(self, input: Input, config: RunnableConfig | None = None, **kwargs: Any) -> Output:
        """Transform one input into one output."""
        if not self._hooked:
            return self._derived_invoke(input, config, **kwargs)
        config = ensure_config(config)
        run = start_run(self, config, input)
        if run is None:
            return self._invoke(input, child_config(config, None), **kwargs)
        flush_sync(run)
        try:
            output = self._invoke_run(input, child_config(config, run), run, **kwargs)
        except BaseException as exc:
            run.error(exc)
            flush_sync(run)
            raise
        run.end(output)
        flush_sync(run)
        return output

    async def ainvoke(
        self, input: Input, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Output:
        """Async ``invoke``."""
        if not self._hooked:
            return await self._derived_ainvoke(input, config, **kwargs)
        config = ensure_config(config)
        run = start_run(self, config, input)
        if run is None:
            return await self._ainvoke(input, child_config(config, None), **kwargs)
        await flush(run)
        try:
            output = await self._ainvoke_run(input, child_config(config, run), run, **kwargs)
        except BaseException as exc:
            run.error(exc)
            await flush(run)
            raise
        run.end(output)
        await flush(run)
        return output

    def _invoke_run(self, input: Input, config: RunnableConfig, run: Run, **kwargs: Any) -> Output:
        """``_invoke`` for a recorded run (models stream into ``run`` when it wants tokens)."""
        return self._invoke(input, config, **kwargs)

    async def _ainvoke_run(
        self, input: Input, config: RunnableConfig, run: Run, **kwargs: Any
    ) -> Output:
        """``_ainvoke`` for a recorded run."""
        return await self._ainvoke(input, config, **kwargs)

    def _derived_invoke(self, input: Input, config: RunnableConfig | None, **kwargs: Any) -> Output:
        cls = type(self)
        output: Output
        if cls.ainvoke is not Runnable.ainvoke:
            output = run_coroutine_sync(self.ainvoke(input, config, **kwargs))
        elif cls.stream is not Runnable.stream:
            output = combine(self.stream(input, config, **kwargs))
        elif cls.astream is not Runnable.astream:
            output = run_coroutine_sync(acombine(self.astream(input, config, **kwargs)))
        else:
            raise NotImplementedError(f"{cls.__name__} must implement invoke (or a hook: "
                                      "_invoke, _transform...)")
        return output

    async def _derived_ainvoke(
        self, input: Input, config: RunnableConfig | None, **kwargs: Any
    ) -> Output:
        cls = type(self)
        output: Output
        if cls.invoke is not Runnable.invoke:
            output = await in_executor(self.invoke, input, config, **kwargs)
        elif cls.astream is not Runnable.astream:
            output = await acombine(self.astream(input, config, **kwargs))
        else:
            output = await in_executor(self._derived_invoke, input, config, **kwargs)
        return output

    # ---- streams -----------------------------------------------------------
    def stream(
        self, input: Input, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Output]:
        """Output chunks for one input, as soon as they are produced."""
        if not self._streams:
            return once(self.invoke, input, config, kwargs)
        return self._run_transform(iter((input,)), config, kwargs)

    def transform(
        self, input: Iterator[Input], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Output]:
        """Output chunks for a stream of input chunks."""
        if not self._streams:
            return self._stream_combined(input, config, kwargs)
        return self._run_transform(input, config, kwargs)

    def _stream_combined(
        self, input: Iterator[Input], config: RunnableConfig | None, kwargs: dict[str, Any]
    ) -> Iterator[Output]:
        yield from self.stream(combine(input), config, **kwargs)

    def astream(
        self, input: Input, config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Output]:
        """Async ``stream``."""
        if not self._streams:
            return aonce(self.ainvoke, input, config, kwargs)
        return self._run_atransform(aiter_items(input), config, kwargs)

    def atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Output]:
        """Async ``transform``."""
        if not self._streams:
            return self._astream_combined(input, config, kwargs)
        return self._run_atransform(input, config, kwargs)

    async def _astream_combined(
        self, input: AsyncIterator[Input], config: RunnableConfig | None, kwargs: dict[str, Any]
    ) -> AsyncIterator[Output]:
        stream = self.astream(await acombine(input), config, **kwargs)
        try:
            async for chunk in stream:
                yield chunk
        finally:
            await aclose_iter(stream)

    def _run_transform(
        self, input: Iterator[Input], config: RunnableConfig | None, kwargs: dict[str, Any]
    ) -> Iterator[Output]:
        config = ensure_config(config)
        if config["callbacks"] is None:  # fast path: the hook's own iterator, no wrapper
            return self._transform(input, child_config(config, None), **kwargs)
        return traced_transform(self, input, config, kwargs)

    def _run_atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig | None, kwargs: dict[str, Any]
    ) -> AsyncIterator[Output]:
        config = ensure_config(config)
        if config["callbacks"] is None:
            return self._atransform(input, child_config(config, None), **kwargs)
        return traced_atransform(self, input, config, kwargs)
