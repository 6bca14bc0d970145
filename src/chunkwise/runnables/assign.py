"""``RunnablePassthrough`` (with an optional side function), ``RunnableAssign`` and ``RunnablePick``.

* ``RunnablePassthrough(func)`` hands its input on unchanged and calls ``func`` with
  it (the whole input, once it is complete) -- a tap.
* ``RunnablePassthrough.assign(key=runnable, ...)`` / ``runnable.assign(...)``: the
  dict input with the runnables' outputs added. Streaming, the input's chunks pass
  through at once (keys being assigned left out) and the assigned values stream after.
* ``runnable.pick("key")`` / ``pick(["a", "b"])``: only those keys of a dict.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import Any, TypeVar

from chunkwise.runnables.aggregate import AddableDict, Aggregator
from chunkwise.runnables.base import Runnable, RunnableLike
from chunkwise.runnables.config import RunnableConfig, accepts_config
from chunkwise.runnables.iterators import aclose_iter, atee, close_iter
from chunkwise.runnables.parallel import RunnableParallel

T = TypeVar("T")

__all__ = ["RunnableAssign", "RunnablePassthrough", "RunnablePick"]


class RunnablePassthrough(Runnable[T, T]):
    """Identity; ``func`` (sync or async), if given, is called with the whole input."""

    def __init__(self, func: Callable[..., Any] | None = None,
                 afunc: Callable[..., Awaitable[Any]] | None = None, *,
                 name: str | None = None) -> None:
        if afunc is None and func is not None and inspect.iscoroutinefunction(func):
            func, afunc = None, func
        self.func = func
        self.afunc = afunc
        self.name = name

    @classmethod
    def assign(cls, **steps: RunnableLike) -> RunnableAssign:  # type: ignore[override]
        """The dict input with ``steps``' outputs added under their keys."""
        return RunnableAssign(RunnableParallel(steps))

    def _tap(self, input: T, config: RunnableConfig, kwargs: dict[str, Any]) -> None:
        if self.func is not None:
            _call(self.func, input, config, kwargs)
        elif self.afunc is not None:
            from chunkwise.runnables.bridges import run_coroutine_sync

            run_coroutine_sync(_awaited(_call(self.afunc, input, config, kwargs)))

    async def _atap(self, input: T, config: RunnableConfig, kwargs: dict[str, Any]) -> None:
        if self.afunc is not None:
            await _call(self.afunc, input, config, kwargs)
        elif self.func is not None:
            _call(self.func, input, config, kwargs)

    def _invoke(self, input: T, config: RunnableConfig, **kwargs: Any) -> T:
        self._tap(input, config, kwargs)
        return input

    async def _ainvoke(self, input: T, config: RunnableConfig, **kwargs: Any) -> T:
        await self._atap(input, config, kwargs)
        return input

    def _transform(self, input: Iterator[T], config: RunnableConfig, **kwargs: Any) -> Iterator[T]:
        whole = Aggregator() if self.func or self.afunc else None
        for chunk in input:
            if whole is not None:
                whole.add(chunk)
            yield chunk
        if whole:
            self._tap(whole.result(), config, kwargs)

    async def _atransform(
        self, input: AsyncIterator[T], config: RunnableConfig, **kwargs: Any
    ) -> AsyncIterator[T]:
        whole = Aggregator() if self.func or self.afunc else None
        async for chunk in input:
            if whole is not None:
                whole.add(chunk)
            yield chunk
        if whole:
            await self._atap(whole.result(), config, kwargs)


def _call(func: Callable[..., Any], input: Any, config: RunnableConfig,
          kwargs: dict[str, Any]) -> Any:
    if accepts_config(func):
        return func(input, config=config, **kwargs)
    return func(input, **kwargs)


async def _awaited(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def _as_dict(chunk: Any, who: str) -> Mapping[str, Any]:
    if not isinstance(chunk, Mapping):
        raise TypeError(f"the input of {who} must be a dict, got {type(chunk).__name__}")
    return chunk


class RunnableAssign(Runnable[dict[str, Any], dict[str, Any]]):
    """The input dict with ``mapper``'s outputs merged in (``mapper`` wins on shared keys)."""

    def __init__(self, mapper: RunnableParallel[dict[str, Any]]) -> None:
        self.mapper = mapper

    def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
        return super().get_name(suffix, name=name or f"RunnableAssign<{','.join(self.mapper.steps)}>")

    def __repr__(self) -> str:
        return f"RunnableAssign({self.mapper!r})"

    def _invoke(self, input: dict[str, Any], config: RunnableConfig,
                **kwargs: Any) -> dict[str, Any]:
        _as_dict(input, "assign()")
        return {**input, **self.mapper.invoke(input, config, **kwargs)}

    async def _ainvoke(self, input: dict[str, Any], config: RunnableConfig,
                       **kwargs: Any) -> dict[str, Any]:
        _as_dict(input, "assign()")
        return {**input, **await self.mapper.ainvoke(input, config, **kwargs)}

    def _passed(self, chunk: Any) -> AddableDict:
        return AddableDict({k: v for k, v in _as_dict(chunk, "assign()").items()
                            if k not in self.mapper.steps})

    def _transform(self, input: Iterator[dict[str, Any]], config: RunnableConfig,
                   **kwargs: Any) -> Iterator[dict[str, Any]]:
        seen: list[dict[str, Any]] = []
        for chunk in input:  # the input passes through first, as it arrives
            seen.append(chunk)
            passed = self._passed(chunk)
            if passed:
                yield passed
        mapped = self.mapper.transform(iter(seen), config, **kwargs)
        try:
            yield from mapped
        finally:
            close_iter(mapped)

    async def _atransform(self, input: AsyncIterator[dict[str, Any]], config: RunnableConfig,
                          **kwargs: Any) -> AsyncIterator[dict[str, Any]]:
        for_passing, for_mapper = atee(input, 2)
        mapped = self.mapper.atransform(for_mapper, config, **kwargs)
        first = asyncio.ensure_future(anext(mapped, None))  # the mapper starts meanwhile
        try:
            async for chunk in for_passing:
                passed = self._passed(chunk)
                if passed:
                    yield passed
            head = await first
            if head is not None:
                yield head
                async for chunk in mapped:
                    yield chunk
        finally:
            if not first.done():
                first.cancel()
            await asyncio.gather(first, return_exceptions=True)
            await aclose_iter(mapped)
            await aclose_iter(for_passing)


class RunnablePick(Runnable[dict[str, Any], Any]):
    """``keys`` of a dict input: one key gives its value, a list gives a smaller dict."""

    def __init__(self, keys: str | list[str]) -> None:
        self.keys = keys

    def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
        keys = self.keys if isinstance(self.keys, str) else ",".join(self.keys)
        return super().get_name(suffix, name=name or f"RunnablePick<{keys}>")

    def _pick(self, value: Any) -> Any:
        value = _as_dict(value, "pick()")
        if isinstance(self.keys, str):
            return value.get(self.keys)
        picked = AddableDict({k: value[k] for k in self.keys if k in value})
        return picked or None

    def _invoke(self, input: dict[str, Any], config: RunnableConfig, **kwargs: Any) -> Any:
        return self._pick(input)

    def _transform(self, input: Iterator[dict[str, Any]], config: RunnableConfig,
                   **kwargs: Any) -> Iterator[Any]:
        for chunk in input:
            picked = self._pick(chunk)
            if picked is not None:
                yield picked

    async def _atransform(self, input: AsyncIterator[dict[str, Any]], config: RunnableConfig,
                          **kwargs: Any) -> AsyncIterator[Any]:
        async for chunk in input:
            picked = self._pick(chunk)
            if picked is not None:
                yield picked
