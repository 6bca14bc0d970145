"""``RunnableGenerator``: a generator function over the input *stream* as a runnable.

The function receives an iterator of input chunks (an async iterator for an
``async def`` generator) and yields output chunks: this is how a chain keeps
streaming through user code. A sync generator also works under ``astream`` (in one
bridge thread per call, see ``bridges``) and an async one under ``stream`` (on a
private event loop). If the function takes a ``config`` parameter it receives the
run's config, to pass to runnables it calls.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, Generic, TypeVar, cast

from chunkwise.runnables.base import Runnable
from chunkwise.runnables.bridges import iterate_async_sync, iterate_sync_async
from chunkwise.runnables.config import RunnableConfig, accepts_config

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["RunnableGenerator"]

SyncTransform = Callable[..., Iterator[Any]]
AsyncTransform = Callable[..., AsyncIterator[Any]]


class RunnableGenerator(Runnable[Input, Output], Generic[Input, Output]):
    """Wraps a (sync or async) generator function; give both to use each on its own path."""

    def __init__(
        self,
        transform: SyncTransform | AsyncTransform,
        atransform: AsyncTransform | None = None,
        name: str | None = None,
    ) -> None:
        self.func: SyncTransform | None = None
        self.afunc: AsyncTransform | None = atransform
        if inspect.isasyncgenfunction(transform) or inspect.isasyncgenfunction(
            getattr(transform, "__call__", None)  # noqa: B004 -- an object with an async __call__
        ):
            if atransform is not None:
                raise TypeError("transform is async; pass a sync generator with atransform")
            self.afunc = cast(AsyncTransform, transform)
        elif callable(transform):
            self.func = cast(SyncTransform, transform)
        else:
            raise TypeError(f"RunnableGenerator needs a generator function, got {transform!r}")
        self.name = name or getattr(transform, "__name__", None) or "RunnableGenerator"
        self._func_config = self.func is not None and accepts_config(self.func)
        self._afunc_config = self.afunc is not None and accepts_config(self.afunc)

    def __repr__(self) -> str:
        return f"RunnableGenerator({self.name})"

    def _sync(self, input: Iterator[Input], config: RunnableConfig,
              kwargs: dict[str, Any]) -> Iterator[Output]:
        assert self.func is not None
        if self._func_config:
            return self.func(input, config=config, **kwargs)
        return self.func(input, **kwargs)

    def _async(
        self, input: AsyncIterator[Input], config: RunnableConfig, kwargs: dict[str, Any]
    ) -> AsyncIterator[Output]:
        assert self.afunc is not None
        if self._afunc_config:
            return self.afunc(input, config=config, **kwargs)
        return self.afunc(input, **kwargs)

    def _transform(self, input: Iterator[Input], config: RunnableConfig,
                   **kwargs: Any) -> Iterator[Output]:
        if self.func is None:
            return iterate_async_sync(lambda chunks: self._async(chunks, config, kwargs), input)
        return self._sync(input, config, kwargs)

    def _atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig, **kwargs: Any
    ) -> AsyncIterator[Output]:
        if self.afunc is None:
            return iterate_sync_async(lambda chunks: self._sync(chunks, config, kwargs), input)
        return self._async(input, config, kwargs)
