"""Turning what users write into runnables: functions, generator functions, dicts."""

from __future__ import annotations

import inspect
from typing import Any

from chunkwise.runnables.base import Runnable, RunnableLike
from chunkwise.runnables.generators import RunnableGenerator
from chunkwise.runnables.lambdas import RunnableLambda

__all__ = ["coerce_to_runnable"]


def coerce_to_runnable(thing: RunnableLike) -> Runnable[Any, Any]:
    """A runnable as is; a generator function -> ``RunnableGenerator`` (it gets the input
    stream); another callable -> ``RunnableLambda``; a dict -> ``RunnableParallel``."""
    if isinstance(thing, Runnable):
        return thing
    if inspect.isasyncgenfunction(thing) or inspect.isgeneratorfunction(thing):
        return RunnableGenerator(thing)
    if callable(thing):
        return RunnableLambda(thing)
    if isinstance(thing, dict):
        from chunkwise.runnables.parallel import RunnableParallel

        return RunnableParallel(thing)
    raise TypeError(f"expected a Runnable, callable or dict, got {type(thing).__name__}")
