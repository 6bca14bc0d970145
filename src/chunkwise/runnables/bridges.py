"""Running sync streaming code under ``astream`` and async code under ``stream``.

* An async generator (or coroutine) under a sync call runs on a private event loop
  in the calling thread, created once per call. There must be no loop running in
  that thread (sync calls inside async code would block it anyway): we raise a
  clear error instead of deadlocking.
* A sync generator function under ``astream`` cannot run inline on the event loop:
  when it asks for its next input chunk, that chunk may still have to be awaited,
  and a plain generator frame cannot be suspended from inside ``next()``. So it
  runs in one dedicated thread per call (not a thread-pool job per chunk, and not
  the shared executor, so nested bridges cannot starve each other), fed on demand:
  the thread asks for an input chunk only when the generator needs one and waits
  after each output until the consumer wants more, so it stays as lazy as the
  sync path. Runnables whose per-chunk work is cheap (parsers) should implement
  ``_atransform`` natively and never come here.
"""

from __future__ import annotations

import asyncio
import contextvars
import queue
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from typing import Any, TypeVar

from chunkwise.runnables.iterators import aclose_iter, close_iter

In = TypeVar("In")
Out = TypeVar("Out")
T = TypeVar("T")

__all__ = ["run_coroutine_sync", "iterate_async_sync", "iterate_sync_async"]


def _private_loop() -> asyncio.AbstractEventLoop:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.new_event_loop()
    raise RuntimeError(
        "an async-only runnable was called synchronously from inside a running event "
        "loop; use ainvoke/astream there"
    )


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    try:
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()


def run_coroutine_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync code on a private loop."""
    try:
        loop = _private_loop()
    except RuntimeError:
        coro.close()
        raise
    try:
        return loop.run_until_complete(coro)
    finally:
        _close_loop(loop)


def iterate_async_sync(
    transform: Callable[[AsyncIterator[In]], AsyncIterator[Out]], input: Iterator[In]
) -> Iterator[Out]:
    """Drive an async stream transform from sync code, one output chunk at a time.

    Input chunks are pulled from ``input`` between runs of the private loop, never
    inside one, so an upstream step with its own private loop can run too.
    """
    loop = _private_loop()
    requests: list[asyncio.Future[Any]] = []
    wake: list[asyncio.Future[None]] = []

    async def feed() -> AsyncIterator[In]:
        while True:
            request: asyncio.Future[Any] = loop.create_future()
            requests.append(request)
            if wake and not wake[-1].done():
                wake[-1].set_result(None)
            item = await request
            if item is _END_INPUT:
                return
            yield item

    output = transform(feed())
    step: asyncio.Future[Out] | None = None
    try:
        while True:
            step = loop.create_task(_next(output))
            while not step.done():
                wake.append(loop.create_future())
                waiting: list[asyncio.Future[Any]] = [step, wake[-1]]
                loop.run_until_complete(asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED))
                wake.pop()
                while requests:
                    request = requests.pop()
                    try:
                        request.set_result(next(input, _END_INPUT))
                    except Exception as exc:  # raised inside the transform, unchanged
                        request.set_exception(exc)
            try:
                yield step.result()
            except StopAsyncIteration:
                return
    finally:
        try:
            if step is not None and not step.done():
                step.cancel()
                loop.run_until_complete(asyncio.wait([step]))
            for request in requests:
                request.cancel()
            loop.run_until_complete(aclose_iter(output))
        finally:
            _close_loop(loop)


_END_INPUT: Any = object()


async def _next(iterator: AsyncIterator[T]) -> T:
    return await iterator.__anext__()


# Messages between the event loop and the bridge thread.
_NEED, _OUT, _DONE, _ERR = range(4)  # thread -> loop
_ITEM, _END, _GO, _STOP = range(4)  # loop -> thread


class _Stopped(BaseException):
    """Unwinds the sync generator when the async consumer went away."""


async def iterate_sync_async(
    transform: Callable[[Iterator[In]], Iterator[Out]], input: AsyncIterator[In]
) -> AsyncIterator[Out]:
    """Run a sync stream transform in its own thread, fed from an async stream."""
    loop = asyncio.get_running_loop()
    to_thread: queue.SimpleQueue[tuple[int, Any]] = queue.SimpleQueue()
    from_thread: asyncio.Queue[tuple[int, Any]] = asyncio.Queue()
    exited = loop.create_future()

    def call(callback: Callable[..., None], *args: Any) -> None:
        try:
            loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop is closed: the consumer is gone, nobody reads
            pass

    def post(kind: int, value: Any = None) -> None:
        call(from_thread.put_nowait, (kind, value))

    def feed() -> Iterator[In]:
        while True:
            post(_NEED)
            kind, value = to_thread.get()
            if kind == _END:
                return
            if kind != _ITEM:
                raise _Stopped
            yield value

    def work() -> None:
        output = transform(feed())
        try:
            for chunk in output:
                post(_OUT, chunk)
                if to_thread.get()[0] != _GO:
                    return
            post(_DONE)
        except _Stopped:
            pass
        except BaseException as exc:  # handed to the consumer unchanged
            post(_ERR, exc)
        finally:
            close_iter(output)
            call(exited.set_result, None)

    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(work,), daemon=True).start()
    try:
        while True:
            kind, value = await from_thread.get()
            if kind == _NEED:
                try:
                    item = await input.__anext__()
                except StopAsyncIteration:
                    to_thread.put((_END, None))
                else:
                    to_thread.put((_ITEM, item))
            elif kind == _OUT:
                yield value
                to_thread.put((_GO, None))
            elif kind == _ERR:
                raise value
            else:
                return
    finally:
        to_thread.put((_STOP, None))
        await asyncio.shield(exited)
