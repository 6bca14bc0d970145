"""How a public call runs: recorded stream runs, callback flushing, small helpers.

``traced_transform`` / ``traced_atransform`` are the stream paths of a call that
someone listens to: the run starts when the first input chunk arrives (or, for
runnables that read their whole input first, with it), records every input and
output chunk, and ends, fails or -- when the consumer stops early -- ends with what
was produced. The fast path (nobody listens) never comes here.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from chunkwise.runnables.aggregate import acombine, combine
from chunkwise.runnables.callbacks import run_pending, run_pending_sync
from chunkwise.runnables.config import RunnableConfig, child_config
from chunkwise.runnables.iterators import aclose_iter, aiter_items, close_iter
from chunkwise.runnables.tracing import UNKNOWN, Run, start_run

if TYPE_CHECKING:
    from chunkwise.runnables.base import Runnable

__all__ = ["aonce", "flush", "flush_sync", "in_executor", "once", "traced_atransform",
           "traced_transform"]


def traced_transform(
    runnable: Runnable[Any, Any], input: Iterator[Any], config: RunnableConfig,
    kwargs: dict[str, Any],
) -> Iterator[Any]:
    """A recorded run of ``runnable``'s ``_transform`` (see ``Runnable.stream``)."""
    if runnable._aggregates_input:
        whole = combine(input)
        run = _started(runnable, config, whole)
        input = iter((whole,))
    else:  # start when the first input chunk arrives, as LangChain does
        first = next(input, UNKNOWN)
        run = _started(runnable, config, UNKNOWN)
        input = _tap(first, input, run)
    flush_sync(run)
    output = runnable._transform(input, child_config(config, run), **kwargs)
    try:
        for chunk in output:
            run.stream(chunk)
            if run.pending:
                flush_sync(run)
            yield chunk
        for _ in input:  # the rest of the input, so the run records all of it
            pass
    except GeneratorExit:
        close_iter(output)
        run.end()
        raise
    except BaseException as exc:
        close_iter(output)
        run.error(exc)
        flush_sync(run)
        raise
    close_iter(output)
    run.end()
    flush_sync(run)

async def traced_atransform(
    runnable: Runnable[Any, Any], input: AsyncIterator[Any], config: RunnableConfig,
    kwargs: dict[str, Any],
) -> AsyncIterator[Any]:
    """A recorded run of ``runnable``'s ``_atransform``."""
    if runnable._aggregates_input:
        whole = await acombine(input)
        run = _started(runnable, config, whole)
        input = aiter_items(whole)
    else:
        first = await anext(input, UNKNOWN)
        run = _started(runnable, config, UNKNOWN)
        input = _atap(first, input, run)
    await flush(run)
    output = runnable._atransform(input, child_config(config, run), **kwargs)
    try:
        async for chunk in output:
            run.stream(chunk)
            if run.pending:
                await flush(run)
            yield chunk
        async for _ in input:
            pass
    except GeneratorExit:
        await aclose_iter(output)
        run.end()
        raise
    except BaseException as exc:
        await aclose_iter(output)
        run.error(exc)
        await flush(run)
        raise
    await aclose_iter(output)
    run.end()
    await flush(run)


def flush_sync(run: Run) -> None:
    """Run what async callback handlers returned, from sync code."""
    if run.pending:
        run_pending_sync(run.pending)


async def flush(run: Run) -> None:
    """Await what async callback handlers returned."""
    if run.pending:
        await run_pending(run.pending)


async def in_executor(function: Any, *args: Any, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)`` in the default executor, in a copy of this context."""
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    return await loop.run_in_executor(None, lambda: context.run(function, *args, **kwargs))




def once(invoke: Any, input: Any, config: Any, kwargs: dict[str, Any]) -> Iterator[Any]:
    """``invoke``'s result as a one-chunk stream (a runnable that is only invoked)."""
    yield invoke(input, config, **kwargs)


async def aonce(ainvoke: Any, input: Any, config: Any,
                kwargs: dict[str, Any]) -> AsyncIterator[Any]:
    """``ainvoke``'s result as a one-chunk async stream."""
    yield await ainvoke(input, config, **kwargs)


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
