"""``RunnableBranch``: the first branch whose condition holds on the input runs.

``RunnableBranch((condition, runnable), ..., default)``: conditions (runnables or
functions) are invoked in order on the whole input; the runnable of the first one
that returns a true value runs (``default`` if none does). Streaming, the branch
waits for its whole input, then streams the chosen runnable. Conditions are tagged
``condition:N`` in events, branches ``branch:N`` and the default ``branch:default``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, TypeVar

from chunkwise.runnables.aggregate import acombine, combine
from chunkwise.runnables.base import Runnable, RunnableLike
from chunkwise.runnables.coerce import coerce_to_runnable
from chunkwise.runnables.config import RunnableConfig
from chunkwise.runnables.iterators import aclose_iter, close_iter
from chunkwise.runnables.tracing import RunScope

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["RunnableBranch"]


def _tagged(config: RunnableConfig, tag: str) -> RunnableConfig:
    scope = config.get("callbacks")
    if not isinstance(scope, RunScope):
        return config
    return {**config, "callbacks": scope.with_tag(tag)}


class RunnableBranch(Runnable[Input, Output], Generic[Input, Output]):
    """``(condition, runnable)`` pairs and a default runnable, tried in order."""

    _aggregates_input = True

    def __init__(self, *branches: tuple[RunnableLike, RunnableLike] | RunnableLike) -> None:
        if len(branches) < 2:
            raise ValueError("RunnableBranch requires at least two branches")
        *pairs, default = branches
        if isinstance(default, tuple):
            raise TypeError("the last argument of RunnableBranch is the default runnable, "
                            "not a (condition, runnable) pair")
        self.branches: list[tuple[Runnable[Input, Any], Runnable[Input, Output]]] = []
        for pair in pairs:
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise TypeError(f"a RunnableBranch branch is a (condition, runnable) pair, got {pair!r}")
            self.branches.append((coerce_to_runnable(pair[0]), coerce_to_runnable(pair[1])))
        self.default: Runnable[Input, Output] = coerce_to_runnable(default)

    def _choose(self, input: Input, config: RunnableConfig) -> tuple[Runnable[Input, Output], str]:
        for index, (condition, runnable) in enumerate(self.branches, 1):
            if condition.invoke(input, _tagged(config, f"condition:{index}")):
                return runnable, f"branch:{index}"
        return self.default, "branch:default"

    async def _achoose(
        self, input: Input, config: RunnableConfig
    ) -> tuple[Runnable[Input, Output], str]:
        for index, (condition, runnable) in enumerate(self.branches, 1):
            if await condition.ainvoke(input, _tagged(config, f"condition:{index}")):
                return runnable, f"branch:{index}"
        return self.default, "branch:default"

    def _invoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        runnable, tag = self._choose(input, config)
        return runnable.invoke(input, _tagged(config, tag), **kwargs)

    async def _ainvoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        runnable, tag = await self._achoose(input, config)
        return await runnable.ainvoke(input, _tagged(config, tag), **kwargs)

    def _transform(self, input: Iterator[Input], config: RunnableConfig,
                   **kwargs: Any) -> Iterator[Output]:
        whole = combine(input)
        runnable, tag = self._choose(whole, config)
        stream = runnable.stream(whole, _tagged(config, tag), **kwargs)
        try:
            yield from stream
        finally:
            close_iter(stream)

    async def _atransform(self, input: AsyncIterator[Input], config: RunnableConfig,
                          **kwargs: Any) -> AsyncIterator[Output]:
        whole = await acombine(input)
        runnable, tag = await self._achoose(whole, config)
        stream = runnable.astream(whole, _tagged(config, tag), **kwargs)
        try:
            async for chunk in stream:
                yield chunk
        finally:
            await aclose_iter(stream)
