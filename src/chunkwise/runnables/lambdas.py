"""``RunnableLambda``: a plain function (sync or ``async def``) as a runnable; ``@chain``.

A function sees its whole input, so in a streamed chain it waits for the input
stream to end (chunks added with ``+``) and emits its result once. A generator
function (sync or async) given to ``RunnableLambda`` is iterated and its items are
streamed one by one (``invoke`` adds them up), as LangChain does. If the function
returns a runnable, that runnable is run on the same input (and streamed when
streaming), with ``recursion_limit`` one lower: at zero, ``RecursionLimitError``.
While the function runs, runnables it calls without a config nest under its run.
Keyword arguments bound with ``bind`` are passed to the function. Under
``ainvoke``/``astream`` a sync function runs in the default executor, once per call.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar, cast

from chunkwise.runnables.aggregate import acombine, combine
from chunkwise.runnables.base import Runnable
from chunkwise.runnables.running import in_executor
from chunkwise.runnables.bridges import iterate_async_sync, run_coroutine_sync
from chunkwise.runnables.config import (
    DEFAULT_RECURSION_LIMIT,
    RunnableConfig,
    accepts_config,
    var_child_config,
)
from chunkwise.runnables.iterators import aclose_iter, close_iter

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["RecursionLimitError", "RunnableLambda", "chain"]


class RecursionLimitError(RecursionError):
    """A function kept returning runnables past ``config["recursion_limit"]``."""


def _is_async(func: Callable[..., Any]) -> bool:
    call = getattr(func, "__call__", None)  # noqa: B004 -- objects with an async __call__
    return (inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func)
            or inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call))


class RunnableLambda(Runnable[Input, Output], Generic[Input, Output]):
    """Wraps ``func`` (sync or async); give both to use each on its own path."""

    def __init__(
        self,
        func: Callable[..., Output] | Callable[..., Awaitable[Output]],
        afunc: Callable[..., Awaitable[Output]] | None = None,
        name: str | None = None,
    ) -> None:
        if not callable(func):
            raise TypeError(f"RunnableLambda needs a callable, got {func!r}")
        self.func: Callable[..., Any] | None = None
        self.afunc: Callable[..., Any] | None = afunc
        if _is_async(func):
            if afunc is not None:
                raise TypeError("func is async; pass a sync function as func with afunc")
            self.afunc = func
        else:
            self.func = func
        own_name = getattr(func, "__name__", None)
        self.name = name or (own_name if own_name and own_name != "<lambda>" else "RunnableLambda")
        self._func_config = self.func is not None and accepts_config(self.func)
        self._afunc_config = self.afunc is not None and accepts_config(self.afunc)

    def __repr__(self) -> str:
        return f"RunnableLambda({self.name})"

    def _call(self, input: Input, config: RunnableConfig, kwargs: dict[str, Any]) -> Any:
        """The sync function's result (a generator is returned as is, to be iterated)."""
        if self.func is None:
            return run_coroutine_sync(self._acall_whole(input, config, kwargs))
        token = var_child_config.set(config)
        try:
            if self._func_config:
                return self.func(input, config=config, **kwargs)
            return self.func(input, **kwargs)
        finally:
            var_child_config.reset(token)

    async def _acall(self, input: Input, config: RunnableConfig, kwargs: dict[str, Any]) -> Any:
        """The async function's result: an awaited value or an async generator."""
        if self.afunc is None:
            return await in_executor(self._call_whole, input, config, kwargs)
        token = var_child_config.set(config)
        try:
            if self._afunc_config:
                result = self.afunc(input, config=config, **kwargs)
            else:
                result = self.afunc(input, **kwargs)
            return await result if inspect.isawaitable(result) else result
        finally:
            var_child_config.reset(token)

    def _call_whole(self, input: Input, config: RunnableConfig, kwargs: dict[str, Any]) -> Any:
        output = self._call(input, config, kwargs)
        return combine(output) if inspect.isgenerator(output) else output

    async def _acall_whole(self, input: Input, config: RunnableConfig,
                           kwargs: dict[str, Any]) -> Any:
        output = await self._acall(input, config, kwargs)
        return await acombine(output) if inspect.isasyncgen(output) else output

    def _invoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        output = self._call_whole(input, config, kwargs)
        if isinstance(output, Runnable):
            return cast(Output, output.invoke(input, _deeper(config, self, input)))
        return cast(Output, output)

    async def _ainvoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        output = await self._acall_whole(input, config, kwargs)
        if isinstance(output, Runnable):
            return cast(Output, await output.ainvoke(input, _deeper(config, self, input)))
        return cast(Output, output)

    def _transform(self, input: Iterator[Input], config: RunnableConfig,
                   **kwargs: Any) -> Iterator[Output]:
        if self.func is None:  # async only: its async stream, on a private loop
            yield from iterate_async_sync(lambda chunks: self._atransform(chunks, config, **kwargs),
                                          input)
            return
        whole = combine(input)
        output = self._call(whole, config, kwargs)
        if isinstance(output, Runnable):
            output = output.stream(whole, _deeper(config, self, whole))
        elif inspect.isasyncgen(output):
            output = iterate_async_sync(lambda _: output, iter(()))
        elif not inspect.isgenerator(output):
            yield output
            return
        try:
            yield from output
        finally:
            close_iter(output)

    async def _atransform(self, input: AsyncIterator[Input], config: RunnableConfig,
                          **kwargs: Any) -> AsyncIterator[Output]:
        whole = await acombine(input)
        output = await self._acall(whole, config, kwargs)
        if isinstance(output, Runnable):
            output = output.astream(whole, _deeper(config, self, whole))
        elif inspect.isgenerator(output):
            output = _items_of(output)
        elif not inspect.isasyncgen(output):
            yield output
            return
        try:
            async for chunk in output:
                yield chunk
        finally:
            await aclose_iter(output)


def _deeper(config: RunnableConfig, caller: Runnable[Any, Any], input: Any) -> RunnableConfig:
    """The config for a runnable a function returned: one level deeper."""
    limit = config.get("recursion_limit", DEFAULT_RECURSION_LIMIT)
    if limit <= 0:
        raise RecursionLimitError(
            f"recursion limit reached when invoking {caller!r} with input {input!r}: its "
            "function keeps returning runnables (raise config['recursion_limit'] if intended)"
        )
    return {**config, "recursion_limit": limit - 1}




async def _items_of(generator: Iterator[Any]) -> AsyncIterator[Any]:
    """A sync generator's items, drawn on the loop (a function's own generator is its
    output, not a transform of a stream, so there is no input to wait for)."""
    try:
        for item in generator:
            yield item
    finally:
        close_iter(generator)


def chain(func: Callable[..., Any]) -> RunnableLambda[Any, Any]:
    """``@chain``: the decorated function as a ``RunnableLambda`` (named after it)."""
    return RunnableLambda(func)
