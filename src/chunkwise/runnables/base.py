"""``Runnable``: the one interface every step of a chain implements.

How to subclass
---------------
Public methods (``invoke``, ``stream``, ``astream``, ``transform``, ...) record the run
when someone listens and then call four hooks. Override what your runnable can do:

* ``_invoke(input, config)`` -- whole input to whole output (sync). Override this, or
  ``_transform``, or both.
* ``_ainvoke(input, config)`` -- async whole input. Default: an async ``_atransform``
  if you wrote one, else ``_invoke`` in the default executor, **once per call**
  (your sync code may block; one thread hop per call is cheap, one per chunk is not).
* ``_transform(chunks, config)`` -- sync stream of input chunks to stream of output
  chunks. Default: add the input chunks with ``+`` (else keep the last one), then
  emit ``_invoke``'s result once -- a step that cannot stream.
* ``_atransform(chunks, config)`` -- async stream. Default: if only ``_transform`` is
  written, run it in one bridge thread per call (see ``bridges``); otherwise
  aggregate the input and emit ``await _ainvoke(...)`` once. Runnables with cheap
  per-chunk work (parsers) should override it with a plain ``async for`` loop, so
  async streams pay no thread hop at all.

The ``config`` a hook receives already names this run as the parent: pass it (or
``child_config(config, None, tag)``) to the runnables you call so their events nest.

``run_type`` (class attribute) names the run in events: ``on_{run_type}_start`` etc.
The base is ``"chain"``; later layers use ``"chat_model"``, ``"llm"``, ``"parser"``,
``"prompt"``, ``"tool"``, ``"retriever"``.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar, overload

from chunkwise.runnables.aggregate import Aggregator
from chunkwise.runnables.bridges import iterate_sync_async
from chunkwise.runnables.config import (
    RunnableConfig,
    child_config,
    ensure_config,
    merge_configs,
)
from chunkwise.runnables.iterators import aclose_iter, aiter_items, close_iter
from chunkwise.runnables.tracing import UNKNOWN, Run, start_run

if TYPE_CHECKING:
    from chunkwise.runnables.events import StreamEvent
    from chunkwise.runnables.log import RunLog, RunLogPatch
    from chunkwise.runnables.sequence import RunnableSequence

Input = TypeVar("Input")
Output = TypeVar("Output")
Other = TypeVar("Other")

__all__ = ["Runnable", "RunnableBinding", "RunnableLike"]

# What ``|`` and dict values accept: a runnable, a (generator) function, or a dict.
RunnableLike = Any


class Runnable(Generic[Input, Output]):
    """A unit of work that can be invoked, batched, streamed and composed with ``|``."""

    run_type: ClassVar[str] = "chain"
    name: str | None = None

    def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
        """The run name used in events: ``name``, else ``self.name``, else the class name."""
        base = name or self.name or type(self).__name__
        if not suffix:
            return base
        return base + suffix.title() if base[0].isupper() else f"{base}_{suffix.lower()}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    # ---- hooks -------------------------------------------------------------
    def _invoke(self, input: Input, config: RunnableConfig) -> Output:
        if type(self)._transform is Runnable._transform:
            raise NotImplementedError(f"{type(self).__name__} must override _invoke or _transform")
        aggregate = Aggregator()
        for chunk in self._transform(iter((input,)), config):
            aggregate.add(chunk)
        result: Output = aggregate.result()
        return result

    async def _ainvoke(self, input: Input, config: RunnableConfig) -> Output:
        if type(self)._atransform is not Runnable._atransform:
            aggregate = Aggregator()
            stream = self._atransform(aiter_items(input), config)
            try:
                async for chunk in stream:
                    aggregate.add(chunk)
            finally:
                await aclose_iter(stream)
            result: Output = aggregate.result()
            return result
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        return await loop.run_in_executor(None, context.run, self._invoke, input, config)

    def _transform(self, input: Iterator[Input], config: RunnableConfig) -> Iterator[Output]:
        aggregate = Aggregator()
        for chunk in input:
            aggregate.add(chunk)
        yield self._invoke(aggregate.result(), config)

    def _atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig
    ) -> AsyncIterator[Output]:
        if type(self)._transform is not Runnable._transform:
            return iterate_sync_async(lambda chunks: self._transform(chunks, config), input)
        return self._aggregate_then_ainvoke(input, config)

    async def _aggregate_then_ainvoke(
        self, input: AsyncIterator[Input], config: RunnableConfig
    ) -> AsyncIterator[Output]:
        aggregate = Aggregator()
        async for chunk in input:
            aggregate.add(chunk)
        yield await self._ainvoke(aggregate.result(), config)

    # ---- whole input -------------------------------------------------------
    def invoke(self, input: Input, config: RunnableConfig | None = None) -> Output:
        """Transform one input into one output."""
        config = ensure_config(config)
        run = start_run(self, config, input)
        if run is None:
            return self._invoke(input, child_config(config, None))
        try:
            output = self._invoke(input, child_config(config, run))
        except Exception as exc:
            run.error(exc)
            raise
        run.end(output)
        return output

    async def ainvoke(self, input: Input, config: RunnableConfig | None = None) -> Output:
        """Async ``invoke``."""
        config = ensure_config(config)
        run = start_run(self, config, input)
        if run is None:
            return await self._ainvoke(input, child_config(config, None))
        try:
            output = await self._ainvoke(input, child_config(config, run))
        except Exception as exc:
            run.error(exc)
            raise
        run.end(output)
        return output

    @overload
    def batch(
        self,
        inputs: Sequence[Input],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: Literal[False] = False,
    ) -> list[Output]: ...

    @overload
    def batch(
        self,
        inputs: Sequence[Input],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: Literal[True],
    ) -> list[Output | Exception]: ...

    def batch(
        self,
        inputs: Sequence[Input],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
    ) -> list[Output] | list[Output | Exception]:
        """``invoke`` each input, in threads (at most ``max_concurrency`` at once)."""
        configs = _configs_for(config, len(inputs))

        def one(item: Input, item_config: RunnableConfig) -> Output | Exception:
            try:
                return self.invoke(item, item_config)
            except Exception as exc:
                if return_exceptions:
                    return exc
                raise

        if len(inputs) <= 1:
            return [one(item, c) for item, c in zip(inputs, configs)]
        contexts = [contextvars.copy_context() for _ in inputs]
        workers = configs[0].get("max_concurrency") or len(inputs)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda args: args[0].run(one, args[1], args[2]),
                                 zip(contexts, inputs, configs)))

    @overload
    async def abatch(
        self,
        inputs: Sequence[Input],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: Literal[False] = False,
    ) -> list[Output]: ...

    @overload
    async def abatch(
        self,
        inputs: Sequence[Input],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: Literal[True],
    ) -> list[Output | Exception]: ...

    async def abatch(
        self,
        inputs: Sequence[Input],
        config: RunnableConfig | Sequence[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
    ) -> list[Output] | list[Output | Exception]:
        """``ainvoke`` each input concurrently (at most ``max_concurrency`` at once).

        If one fails (and ``return_exceptions`` is false) the others are cancelled.
        """
        configs = _configs_for(config, len(inputs))
        limit = configs[0].get("max_concurrency") if configs else None
        semaphore = asyncio.Semaphore(limit) if limit else None

        async def one(item: Input, item_config: RunnableConfig) -> Output | Exception:
            try:
                if semaphore is None:
                    return await self.ainvoke(item, item_config)
                async with semaphore:
                    return await self.ainvoke(item, item_config)
            except Exception as exc:
                if return_exceptions:
                    return exc
                raise

        return await gather_all([one(item, c) for item, c in zip(inputs, configs)])

    # ---- streams -----------------------------------------------------------
    def stream(self, input: Input, config: RunnableConfig | None = None) -> Iterator[Output]:
        """Output chunks for one input, as soon as they are produced."""
        return self._run_transform(iter((input,)), config, input)

    def transform(
        self, input: Iterator[Input], config: RunnableConfig | None = None
    ) -> Iterator[Output]:
        """Output chunks for a stream of input chunks."""
        return self._run_transform(input, config, UNKNOWN)

    def astream(self, input: Input, config: RunnableConfig | None = None) -> AsyncIterator[Output]:
        """Async ``stream``."""
        return self._run_atransform(aiter_items(input), config, input)

    def atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig | None = None
    ) -> AsyncIterator[Output]:
        """Async ``transform``."""
        return self._run_atransform(input, config, UNKNOWN)

    def _run_transform(
        self, input: Iterator[Input], config: RunnableConfig | None, known: Any
    ) -> Iterator[Output]:
        config = ensure_config(config)
        if config.get("callbacks") is None:  # fast path: the hook's own iterator, no wrapper
            return self._transform(input, child_config(config, None))
        return self._traced_transform(input, config, known)

    def _run_atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig | None, known: Any
    ) -> AsyncIterator[Output]:
        config = ensure_config(config)
        if config.get("callbacks") is None:
            return self._atransform(input, child_config(config, None))
        return self._traced_atransform(input, config, known)

    def _traced_transform(
        self, input: Iterator[Input], config: RunnableConfig, known: Any
    ) -> Iterator[Output]:
        if known is UNKNOWN:  # start when the first input chunk arrives, as LangChain does
            first = next(input, UNKNOWN)
            run = _started(self, config, UNKNOWN)
            input = _tap(first, input, run)
        else:
            run = _started(self, config, known)
        output = self._transform(input, child_config(config, run))
        try:
            for chunk in output:
                run.stream(chunk)
                yield chunk
        except Exception as exc:
            run.error(exc)
            raise
        finally:
            close_iter(output)
        run.end()

    async def _traced_atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig, known: Any
    ) -> AsyncIterator[Output]:
        if known is UNKNOWN:
            first = await anext(input, UNKNOWN)
            run = _started(self, config, UNKNOWN)
            input = _atap(first, input, run)
        else:
            run = _started(self, config, known)
        output = self._atransform(input, child_config(config, run))
        try:
            async for chunk in output:
                run.stream(chunk)
                yield chunk
        except Exception as exc:
            run.error(exc)
            raise
        finally:
            await aclose_iter(output)
        run.end()

    # ---- observation -------------------------------------------------------
    def astream_events(
        self,
        input: Input,
        config: RunnableConfig | None = None,
        *,
        version: Literal["v1", "v2"] = "v2",
        include_names: Sequence[str] | None = None,
        include_types: Sequence[str] | None = None,
        include_tags: Sequence[str] | None = None,
        exclude_names: Sequence[str] | None = None,
        exclude_types: Sequence[str] | None = None,
        exclude_tags: Sequence[str] | None = None,
    ) -> AsyncIterator[StreamEvent]:
        """Stream LangChain-style events of this run and every run below it."""
        from chunkwise.runnables.events import EventFilter, stream_events

        selection = EventFilter(include_names, include_types, include_tags,
                                exclude_names, exclude_types, exclude_tags)
        return stream_events(self, input, config, version, selection)

    def astream_log(
        self,
        input: Input,
        config: RunnableConfig | None = None,
        *,
        diff: bool = True,
        with_streamed_output_list: bool = True,
        include_names: Sequence[str] | None = None,
        include_types: Sequence[str] | None = None,
        include_tags: Sequence[str] | None = None,
        exclude_names: Sequence[str] | None = None,
        exclude_types: Sequence[str] | None = None,
        exclude_tags: Sequence[str] | None = None,
    ) -> AsyncIterator[RunLogPatch] | AsyncIterator[RunLog]:
        """Stream the run state as JSON-patch chunks (``diff=False``: whole states)."""
        from chunkwise.runnables.events import EventFilter
        from chunkwise.runnables.log import stream_log

        selection = EventFilter(include_names, include_types, include_tags,
                                exclude_names, exclude_types, exclude_tags)
        return stream_log(self, input, config, selection, diff=diff,
                          with_streamed_output_list=with_streamed_output_list)

    # ---- composition -------------------------------------------------------
    def pipe(self, *others: RunnableLike, name: str | None = None) -> RunnableSequence[Input, Any]:
        """``self | others[0] | others[1] ...``"""
        from chunkwise.runnables.sequence import RunnableSequence

        return RunnableSequence(self, *others, name=name)

    def __or__(self, other: RunnableLike) -> RunnableSequence[Input, Any]:
        from chunkwise.runnables.sequence import RunnableSequence

        return RunnableSequence(self, other)

    def __ror__(self, other: RunnableLike) -> RunnableSequence[Any, Output]:
        from chunkwise.runnables.sequence import RunnableSequence

        return RunnableSequence(other, self)

    def with_config(
        self, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Runnable[Input, Output]:
        """This runnable with config values (``run_name``, ``tags``, ``metadata``...) bound."""
        bound: RunnableConfig = {**(config or {}), **kwargs}  # type: ignore[typeddict-item]
        return RunnableBinding(self, bound)


def _started(runnable: Runnable[Any, Any], config: RunnableConfig, input: Any) -> Run:
    run = start_run(runnable, config, input)
    assert run is not None  # only called when config carries callbacks
    return run


def _tap(first: Any, rest: Iterator[Any], run: Run) -> Iterator[Any]:
    """Re-attach the peeked first chunk and record every input chunk for the end event."""
    if first is UNKNOWN:
        return
    run.add_input(first)
    yield first
    for chunk in rest:
        run.add_input(chunk)
        yield chunk


async def _atap(first: Any, rest: AsyncIterator[Any], run: Run) -> AsyncIterator[Any]:
    if first is UNKNOWN:
        return
    run.add_input(first)
    yield first
    async for chunk in rest:
        run.add_input(chunk)
        yield chunk


def _configs_for(
    config: RunnableConfig | Sequence[RunnableConfig] | None, n: int
) -> list[RunnableConfig]:
    if config is None or isinstance(config, Mapping):
        return [ensure_config(config)] * n
    if len(config) != n:
        raise ValueError(f"got {len(config)} configs for {n} inputs")
    return [ensure_config(c) for c in config]


async def gather_all(coros: Sequence[Any]) -> list[Any]:
    """``asyncio.gather`` that cancels and awaits the rest when one fails."""
    tasks = [asyncio.ensure_future(c) for c in coros]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


class RunnableBinding(Runnable[Input, Output]):
    """A runnable with config bound by ``with_config``; it adds no run of its own."""

    def __init__(self, bound: Runnable[Input, Output], config: RunnableConfig) -> None:
        self.bound = bound
        self.config = config

    def __repr__(self) -> str:
        return f"{self.bound!r}.with_config({self.config!r})"

    def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
        return self.bound.get_name(suffix, name=name or self.config.get("run_name"))

    def _merged(self, config: RunnableConfig | None) -> RunnableConfig:
        return merge_configs(self.config, ensure_config(config))

    def invoke(self, input: Input, config: RunnableConfig | None = None) -> Output:
        return self.bound.invoke(input, self._merged(config))

    async def ainvoke(self, input: Input, config: RunnableConfig | None = None) -> Output:
        return await self.bound.ainvoke(input, self._merged(config))

    def stream(self, input: Input, config: RunnableConfig | None = None) -> Iterator[Output]:
        return self.bound.stream(input, self._merged(config))

    def transform(
        self, input: Iterator[Input], config: RunnableConfig | None = None
    ) -> Iterator[Output]:
        return self.bound.transform(input, self._merged(config))

    def astream(self, input: Input, config: RunnableConfig | None = None) -> AsyncIterator[Output]:
        return self.bound.astream(input, self._merged(config))

    def atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig | None = None
    ) -> AsyncIterator[Output]:
        return self.bound.atransform(input, self._merged(config))

    def with_config(
        self, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Runnable[Input, Output]:
        extra: RunnableConfig = {**(config or {}), **kwargs}  # type: ignore[typeddict-item]
        return RunnableBinding(self.bound, merge_configs(self.config, extra))

