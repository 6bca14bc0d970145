"""``RunnableRetry`` (``with_retry``): invoke again when the bound runnable fails.

Each failed attempt whose error is one of ``retry_exception_types`` is followed by
another (up to ``max_attempt_number`` in all), after an exponentially growing,
jittered wait unless ``wait_exponential_jitter`` is false; attempts after the first
are tagged ``retry:attempt:N``. As in LangChain only whole-input calls retry
(``invoke``, ``batch``, per input): a stream cannot be taken back once it has
started, so ``stream`` runs the bound runnable once.
"""

from __future__ import annotations

import asyncio
import random
import time
from typing import Any, TypeVar

from chunkwise.runnables.base import Runnable
from chunkwise.runnables.batching import Batching
from chunkwise.runnables.binding import RunnableBinding
from chunkwise.runnables.branch import _tagged
from chunkwise.runnables.config import RunnableConfig

Input = TypeVar("Input")
Output = TypeVar("Output")

__all__ = ["RunnableRetry"]


class RunnableRetry(RunnableBinding[Input, Output]):
    """``bound``, invoked up to ``max_attempt_number`` times until it succeeds."""

    def __init__(
        self,
        *,
        bound: Runnable[Input, Output],
        retry_exception_types: tuple[type[BaseException], ...] = (Exception,),
        wait_exponential_jitter: bool = True,
        exponential_jitter_params: dict[str, float] | None = None,
        max_attempt_number: int = 3,
        **binding: Any,
    ) -> None:
        super().__init__(bound=bound, **binding)
        self.retry_exception_types = retry_exception_types
        self.wait_exponential_jitter = wait_exponential_jitter
        self.exponential_jitter_params = exponential_jitter_params or {}
        self.max_attempt_number = max(1, max_attempt_number)

    # whole-input calls get a run of their own (the base's), streams go to ``bound``
    invoke = Runnable.invoke
    ainvoke = Runnable.ainvoke
    batch = Batching.batch
    abatch = Batching.abatch

    def _wait(self, attempt: int) -> float:
        if not self.wait_exponential_jitter:
            return 0.0
        params = {"initial": 1.0, "max": 60.0, "exp_base": 2.0, "jitter": 1.0,
                  **self.exponential_jitter_params}
        delay = params["initial"] * params["exp_base"] ** (attempt - 1)
        return min(delay + random.uniform(0, params["jitter"]), params["max"])

    def _attempt_config(self, config: RunnableConfig, attempt: int) -> RunnableConfig:
        return config if attempt == 1 else _tagged(config, f"retry:attempt:{attempt}")

    def _invoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        attempt = 1
        while True:
            try:
                return self.bound.invoke(input, self._attempt_config(config, attempt),
                                         **self._kwargs(kwargs))
            except self.retry_exception_types:
                if attempt >= self.max_attempt_number:
                    raise
            time.sleep(self._wait(attempt))
            attempt += 1

    async def _ainvoke(self, input: Input, config: RunnableConfig, **kwargs: Any) -> Output:
        attempt = 1
        while True:
            try:
                return await self.bound.ainvoke(input, self._attempt_config(config, attempt),
                                                **self._kwargs(kwargs))
            except self.retry_exception_types:
                if attempt >= self.max_attempt_number:
                    raise
            await asyncio.sleep(self._wait(attempt))
            attempt += 1
