"""``RunnableSequence``: steps run one after the other (``a | b | c``).

``invoke`` calls each step's ``invoke``. Streaming chains the steps' ``transform``s:
each step starts emitting as soon as its input stream gives it something, and a
step that cannot stream waits for its whole input and emits once, after which
streaming resumes. Steps are tagged ``seq:step:N`` (from 1) in events. The sequence
owns its steps' iterators and closes them all, last to first, when the stream
ends, fails, or is closed early -- so breaking out of ``astream`` leaves no
suspended generator behind for the garbage collector to finish on some later task.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any, Generic, TypeVar

from chunkwise.runnables.base import Runnable, RunnableLike
from chunkwise.runnables.coerce import coerce_to_runnable
from chunkwise.runnables.config import RunnableConfig
from chunkwise.runnables.iterators import aclose_iter, close_iter
from chunkwise.runnables.tracing import RunScope

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["RunnableSequence"]


class RunnableSequence(Runnable[Input, Output], Generic[Input, Output]):
    """At least two steps; nested sequences are flattened."""

    def __init__(self, *steps: RunnableLike, name: str | None = None) -> None:
        flat: list[Runnable[Any, Any]] = []
        for step in steps:
            runnable = coerce_to_runnable(step)
            flat.extend(runnable.steps if isinstance(runnable, RunnableSequence) else [runnable])
        if len(flat) < 2:
            raise ValueError(f"RunnableSequence needs at least 2 steps, got {len(flat)}")
        self.steps: list[Runnable[Any, Any]] = flat
        self.name = name

    def __repr__(self) -> str:
        return " | ".join(map(repr, self.steps))

    @property
    def first(self) -> Runnable[Input, Any]:
        return self.steps[0]

    @property
    def last(self) -> Runnable[Any, Output]:
        return self.steps[-1]

    def _step_config(self, config: RunnableConfig, index: int) -> RunnableConfig:
        scope = config.get("callbacks")
        if not isinstance(scope, RunScope):
            return config
        # The hook config's scope already names this sequence as parent; tag the step.
        return {**config, "callbacks": scope.with_tag(f"seq:step:{index + 1}")}

    def _invoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        value: Any = input
        for index, step in enumerate(self.steps):  # bound keyword arguments: first step only
            value = step.invoke(value, self._step_config(config, index), **(kwargs if index == 0 else {}))
        return value  # type: ignore[no-any-return]

    async def _ainvoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        value: Any = input
        for index, step in enumerate(self.steps):
            value = await step.ainvoke(value, self._step_config(config, index),
                                       **(kwargs if index == 0 else {}))
        return value  # type: ignore[no-any-return]

    def _transform(self, input: Iterator[Input], config: RunnableConfig,
                   **kwargs: Any) -> Iterator[Output]:
        stages: list[Iterator[Any]] = []
        stream: Iterator[Any] = input
        try:
            for index, step in enumerate(self.steps):
                stream = step.transform(stream, self._step_config(config, index),
                                        **(kwargs if index == 0 else {}))
                stages.append(stream)
            yield from stream
        finally:
            for stage in reversed(stages):
                close_iter(stage)

    async def _atransform(
        self, input: AsyncIterator[Input], config: RunnableConfig, **kwargs: Any
    ) -> AsyncIterator[Output]:
        stages: list[AsyncIterator[Any]] = []
        stream: AsyncIterator[Any] = input
        try:
            for index, step in enumerate(self.steps):
                stream = step.atransform(stream, self._step_config(config, index),
                                         **(kwargs if index == 0 else {}))
                stages.append(stream)
            async for chunk in stream:
                yield chunk
        finally:
            for stage in reversed(stages):
                await aclose_iter(stage)
