"""``RunnableLambda``: a plain function (sync or ``async def``) as a runnable.

A function sees its whole input, so in a streamed chain it waits for the input
stream to end (chunks added with ``+``) and emits its result once. If it returns a
runnable, that runnable is run on the same input (and streamed when streaming).
While the function runs, runnables it calls without a config nest under its run.
Under ``ainvoke``/``astream`` a sync function runs in the default executor, once
per call: it is arbitrary user code that may block, and one hop per call is cheap.
"""

from __future__ import annotations

import asyncio
import contextvars
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar, cast

from chunkwise.runnables.aggregate import Aggregator
from chunkwise.runnables.base import Runnable
from chunkwise.runnables.bridges import run_coroutine_sync
from chunkwise.runnables.config import RunnableConfig, accepts_config, var_child_config

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["RunnableLambda"]


class RunnableLambda(Runnable[Input, Output], Generic[Input, Output]):
    """Wraps ``func`` (sync or async); give both to use each on its own path."""

    def __init__(
        self,
        func: Callable[..., Output] | Callable[..., Awaitable[Output]],
        afunc: Callable[..., Awaitable[Output]] | None = None,
        name: str | None = None,
    ) -> None:
        self.func: Callable[..., Output] | None = None
        self.afunc: Callable[..., Awaitable[Output]] | None = afunc
        if inspect.iscoroutinefunction(func):
            if afunc is not None:
                raise TypeError("func is async; pass a sync function as func with afunc")
            self.afunc = cast(Callable[..., Awaitable[Output]], func)
        else:
            self.func = cast(Callable[..., Output], func)
        if not callable(func):
            raise TypeError(f"RunnableLambda needs a callable, got {func!r}")
        own_name = getattr(func, "__name__", None)
        self.name = name or (own_name if own_name and own_name != "<lambda>" else "RunnableLambda")
        self._func_config = self.func is not None and accepts_config(self.func)
        self._afunc_config = self.afunc is not None and accepts_config(self.afunc)

    def __repr__(self) -> str:
        return f"RunnableLambda({self.name})"

    def _call(self, input: Input, config: RunnableConfig) -> Any:
        token = var_child_config.set(config)
        try:
            if self.func is None:
                return run_coroutine_sync(self._acall(input, config))
            return self.func(input, config=config) if self._func_config else self.func(input)
        finally:
            var_child_config.reset(token)

    async def _acall(self, input: Input, config: RunnableConfig) -> Any:
        if self.afunc is None:
            loop = asyncio.get_running_loop()
            context = contextvars.copy_context()
            return await loop.run_in_executor(None, context.run, self._call, input, config)
        token = var_child_config.set(config)
        try:
            if self._afunc_config:
                return await self.afunc(input, config=config)
            return await self.afunc(input)
        finally:
            var_child_config.reset(token)

    def _invoke(self, input: Input, config: RunnableConfig) -> Output:
        output = self._call(input, config)
        if isinstance(output, Runnable):
            return cast(Output, output.invoke(input, config))
        return cast(Output, output)

    async def _ainvoke(self, input: Input, config: RunnableConfig) -> Output:
        output = await self._acall(input, config)
        if isinstance(output, Runnable):
            return cast(Output, await output.ainvoke(input, config))
        return cast(Output, output)

    def _transform(self, input: Iterator[Input], config: RunnableConfig) -> Iterator[Output]:
        aggregate = Aggregator()
        for chunk in input:
            aggregate.add(chunk)
        whole = aggregate.result()
        output = self._call(whole, config)
        if isinstance(output, Runnable):
            yield from output.stream(whole, config)
        else:
            yield output

    async def _atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig
    ) -> AsyncIterator[Output]:
        aggregate = Aggregator()
        async for chunk in input:
            aggregate.add(chunk)
        whole = aggregate.result()
        output = await self._acall(whole, config)
        if isinstance(output, Runnable):
            stream = output.astream(whole, config)
            try:
                async for chunk in stream:
                    yield chunk
            finally:
                await stream.aclose()  # type: ignore[attr-defined]
        else:
            yield output
