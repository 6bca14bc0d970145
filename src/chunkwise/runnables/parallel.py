"""``RunnableParallel``: the same input to several runnables, outputs in a dict.

A dict inside a chain becomes one. ``invoke`` runs the branches in threads,
``ainvoke`` as concurrent tasks. Streaming feeds every branch the same input stream
(each chunk pulled once) and emits ``{key: chunk}`` ``AddableDict``s as branches
produce them, so the chunks add up to the ``invoke`` result. Branches are tagged
``map:key:K`` in events. The sync stream interleaves branches in the calling
thread (round robin); the async stream runs them concurrently and, when it ends
or is closed, cancels and awaits what is still running and closes every branch.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
from collections.abc import AsyncIterator, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from chunkwise.runnables.aggregate import AddableDict
from chunkwise.runnables.base import Runnable, RunnableLike
from chunkwise.runnables.batching import gather_all
from chunkwise.runnables.coerce import coerce_to_runnable
from chunkwise.runnables.config import RunnableConfig
from chunkwise.runnables.iterators import aclose_iter, atee, close_iter
from chunkwise.runnables.tracing import RunScope

Input = TypeVar("Input")

__all__ = ["RunnableMap", "RunnableParallel"]


class RunnableParallel(Runnable[Input, dict[str, Any]], Generic[Input]):
    """``RunnableParallel({"a": r1, "b": r2})`` or ``RunnableParallel(a=r1, b=r2)``."""

    def __init__(
        self, steps: Mapping[str, RunnableLike] | None = None, **kwargs: RunnableLike
    ) -> None:
        merged = {**(steps or {}), **kwargs}
        self.steps: dict[str, Runnable[Input, Any]] = {
            key: coerce_to_runnable(value) for key, value in merged.items()
        }

    def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
        return super().get_name(suffix, name=name or f"RunnableParallel<{','.join(self.steps)}>")

    def __repr__(self) -> str:
        return f"RunnableParallel({self.steps!r})"

    def _branch_config(self, config: RunnableConfig, key: str) -> RunnableConfig:
        scope = config.get("callbacks")
        if not isinstance(scope, RunScope):
            return config
        return {**config, "callbacks": scope.with_tag(f"map:key:{key}")}

    def _invoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> dict[str, Any]:
        items = list(self.steps.items())
        if len(items) <= 1:
            return {key: step.invoke(input, self._branch_config(config, key)) for key, step in items}
        contexts = [contextvars.copy_context() for _ in items]
        workers = config.get("max_concurrency") or len(items)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [
                pool.submit(context.run, step.invoke, input, self._branch_config(config, key))
                for context, (key, step) in zip(contexts, items)
            ]
            return {key: future.result() for (key, _), future in zip(items, futures)}

    async def _ainvoke(self, input: Input, config: RunnableConfig,
                      **kwargs: Any) -> dict[str, Any]:
        results = await gather_all([
            step.ainvoke(input, self._branch_config(config, key)) for key, step in self.steps.items()
        ])
        return dict(zip(self.steps, results))

    def _transform(self, input: Iterator[Input], config: RunnableConfig,
                   **kwargs: Any) -> Iterator[dict[str, Any]]:
        inputs = itertools.tee(input, len(self.steps))
        live = [
            (key, step.transform(branch_input, self._branch_config(config, key)))
            for (key, step), branch_input in zip(self.steps.items(), inputs)
        ]
        try:
            while live:
                for entry in list(live):
                    key, stream = entry
                    chunk = next(stream, _DONE)
                    if chunk is _DONE:
                        live.remove(entry)
                    else:
                        yield AddableDict({key: chunk})
        finally:
            for _, stream in live:
                close_iter(stream)

    async def _atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig, **kwargs: Any
    ) -> AsyncIterator[dict[str, Any]]:
        inputs = atee(input, len(self.steps))
        streams = {
            key: step.atransform(branch_input, self._branch_config(config, key))
            for (key, step), branch_input in zip(self.steps.items(), inputs)
        }
        pending: dict[asyncio.Future[Any], str] = {
            asyncio.ensure_future(_next(stream)): key for key, stream in streams.items()
        }
        try:
            while pending:
                done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                for future in done:
                    key = pending.pop(future)
                    chunk = future.result()
                    if chunk is _DONE:
                        continue
                    pending[asyncio.ensure_future(_next(streams[key]))] = key
                    yield AddableDict({key: chunk})
        finally:
            for future in pending:
                future.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            for stream in streams.values():
                await aclose_iter(stream)
            for branch_input in inputs:
                await aclose_iter(branch_input)


_DONE: Any = object()


async def _next(stream: AsyncIterator[Any]) -> Any:
    return await anext(stream, _DONE)


#: LangChain's other name for ``RunnableParallel``.
RunnableMap = RunnableParallel
