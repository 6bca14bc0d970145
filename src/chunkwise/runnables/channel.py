"""Delivering what a listener collects to an async consumer, live.

``astream_events`` and ``astream_log`` run the chain in a producer task while the
caller iterates: a run that is busy inside a step (a function calling a model)
still has its events delivered as they happen. The listener appends to a deque and
wakes the consumer only if it is waiting, so a chain that never yields to the
event loop costs one append per event. Closing or cancelling the consumer cancels
the producer and waits for it, which closes every generator in the chain.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from chunkwise.runnables.config import RunnableConfig, ensure_config, merge_callbacks
from chunkwise.runnables.iterators import aclose_iter
from chunkwise.runnables.tracing import Run, RunListener, RunScope

if TYPE_CHECKING:
    from chunkwise.runnables.base import Runnable

T = TypeVar("T")

__all__ = ["ChannelListener"]


class ChannelListener(RunListener, Generic[T]):
    """A listener whose items (events, log patches) are read by one async consumer."""

    def __init__(self) -> None:
        self._items: deque[Any] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self._thread = threading.get_ident()
        #: The first run to start (set by the subclass's ``on_start``).
        self.root: Run | None = None
        self._tap: Any = None

    def put(self, item: T) -> None:
        """Hand an item to the consumer (callable from any thread)."""
        self._items.append(item)
        if threading.get_ident() != self._thread:  # a sync step in an executor or bridge thread
            self._loop.call_soon_threadsafe(self._wake)
        elif self._waiter is not None:
            self._wake()

    def _wake(self) -> None:
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def drain(
        self, runnable: Runnable[Any, Any], input: Any, config: RunnableConfig | None,
        kwargs: dict[str, Any] | None = None,
    ) -> AsyncIterator[T]:
        """Run ``runnable.astream`` with this listener attached (besides any callback
        handlers the config names), yielding items live."""
        self._loop = asyncio.get_running_loop()
        self._thread = threading.get_ident()
        config = ensure_config(config)
        traced: RunnableConfig = {
            **config, "callbacks": merge_callbacks(config["callbacks"], RunScope(self)),
        }

        async def produce() -> None:
            stream = runnable.astream(input, traced, **(kwargs or {}))
            try:
                async for chunk in stream:
                    self.root_chunk(chunk)
                self.finish()
            finally:
                await aclose_iter(stream)
                self.put(_END)

        producer = asyncio.ensure_future(produce())
        items = self._items
        try:
            while True:
                while items:
                    item = items.popleft()
                    if item is _END:
                        await producer  # re-raises the chain's error unchanged
                        return
                    yield item
                self._waiter = self._loop.create_future()
                await self._waiter
        finally:
            if not producer.done():
                producer.cancel()
            await asyncio.gather(producer, return_exceptions=True)


    def root_chunk(self, chunk: Any) -> None:
        """A chunk of the root's output reached the consumer. If the root run is still
        going on and does not report its own chunks (it started its run by hand), they
        become its stream events, as in LangChain."""
        if self._tap is None:
            root = self.root
            self._tap = _NO_TAP if root is None or root.done or root.streamed else root
        if self._tap is not _NO_TAP and not self._tap.done:
            self._tap.stream(chunk)

    def finish(self) -> None:
        """The root's output stream ended without error."""


_END: Any = object()
_NO_TAP: Any = object()
