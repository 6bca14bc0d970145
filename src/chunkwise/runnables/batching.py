"""``batch`` / ``abatch`` / ``batch_as_completed`` / ``abatch_as_completed`` of a runnable.

Each input goes through ``invoke`` (in threads, at most ``max_concurrency`` at once)
or ``ainvoke`` (concurrent tasks, the same limit). With ``return_exceptions`` an
input's exception is its result; otherwise the first one is raised (and the other
async calls are cancelled).
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TYPE_CHECKING, Any

from chunkwise.runnables.config import RunnableConfig, configs_for

if TYPE_CHECKING:
    from chunkwise.runnables.base import Runnable

__all__ = ["Batching", "gather_all"]

Configs = RunnableConfig | Sequence[RunnableConfig] | None


class Batching:
    """The batch methods, for ``Runnable`` (they call its ``invoke`` / ``ainvoke``)."""

    def _one(self, item: Any, config: RunnableConfig, return_exceptions: bool,
             kwargs: dict[str, Any]) -> Any:
        runnable: Runnable[Any, Any] = self  # type: ignore[assignment]
        try:
            return runnable.invoke(item, config, **kwargs)
        except Exception as exc:
            if return_exceptions:
                return exc
            raise

    async def _aone(self, item: Any, config: RunnableConfig, return_exceptions: bool,
                    kwargs: dict[str, Any], semaphore: asyncio.Semaphore | None) -> Any:
        runnable: Runnable[Any, Any] = self  # type: ignore[assignment]
        try:
            if semaphore is None:
                return await runnable.ainvoke(item, config, **kwargs)
            async with semaphore:
                return await runnable.ainvoke(item, config, **kwargs)
        except Exception as exc:
            if return_exceptions:
                return exc
            raise

    def batch(self, inputs: Sequence[Any], config: Configs = None, *,
              return_exceptions: bool = False, **kwargs: Any) -> list[Any]:
        """``invoke`` each input, in threads (at most ``max_concurrency`` at once)."""
        configs = configs_for(config, len(inputs))
        if len(inputs) <= 1:
            return [self._one(i, c, return_exceptions, kwargs) for i, c in zip(inputs, configs)]
        with ThreadPoolExecutor(max_workers=configs[0].get("max_concurrency") or len(inputs)) as pool:
            futures = [pool.submit(contextvars.copy_context().run, self._one, item, c,
                                   return_exceptions, kwargs) for item, c in zip(inputs, configs)]
            return [future.result() for future in futures]

    def batch_as_completed(self, inputs: Sequence[Any], config: Configs = None, *,
                           return_exceptions: bool = False,
                           **kwargs: Any) -> Iterator[tuple[int, Any]]:
        """``(index, output)`` pairs of ``batch``, as each input finishes."""
        configs = configs_for(config, len(inputs))
        if not inputs:
            return
        with ThreadPoolExecutor(max_workers=configs[0].get("max_concurrency") or len(inputs)) as pool:
            futures = {pool.submit(contextvars.copy_context().run, self._one, item, c,
                                   return_exceptions, kwargs): index
                       for index, (item, c) in enumerate(zip(inputs, configs))}
            for future in as_completed(futures):
                yield futures[future], future.result()

    async def abatch(self, inputs: Sequence[Any], config: Configs = None, *,
                     return_exceptions: bool = False, **kwargs: Any) -> list[Any]:
        """``ainvoke`` each input concurrently (at most ``max_concurrency`` at once).

        If one fails (and ``return_exceptions`` is false) the others are cancelled.
        """
        configs = configs_for(config, len(inputs))
        limit = configs[0].get("max_concurrency") if configs else None
        semaphore = asyncio.Semaphore(limit) if limit else None
        return await gather_all([self._aone(item, c, return_exceptions, kwargs, semaphore)
                                 for item, c in zip(inputs, configs)])

    async def abatch_as_completed(self, inputs: Sequence[Any], config: Configs = None, *,
                                  return_exceptions: bool = False,
                                  **kwargs: Any) -> AsyncIterator[tuple[int, Any]]:
        """``(index, output)`` pairs of ``abatch``, as each input finishes."""
        configs = configs_for(config, len(inputs))
        limit = configs[0].get("max_concurrency") if configs else None
        semaphore = asyncio.Semaphore(limit) if limit else None

        async def indexed(index: int, item: Any, c: RunnableConfig) -> tuple[int, Any]:
            return index, await self._aone(item, c, return_exceptions, kwargs, semaphore)

        tasks = [asyncio.ensure_future(indexed(i, item, c))
                 for i, (item, c) in enumerate(zip(inputs, configs))]
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


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
