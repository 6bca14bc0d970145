"""Per-call isolation under concurrency; cancellation closes every generator."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from chunkwise.runnables import RunnableGenerator, RunnableLambda

from .helpers import collect, other_tasks


async def numbers(it: AsyncIterator[int]) -> AsyncIterator[int]:
    async for n in it:
        for i in range(5):
            await asyncio.sleep(0)
            yield n * 100 + i


async def tag(it: AsyncIterator[int]) -> AsyncIterator[tuple[int, int]]:
    async for x in it:
        await asyncio.sleep(0)
        yield (x // 100, x)


async def numbers_of(it: AsyncIterator[tuple[int, ...]]) -> AsyncIterator[int]:
    async for flat in it:
        for x in flat[1::2]:
            await asyncio.sleep(0)
            yield x


def test_100_concurrent_astreams_on_one_chain_do_not_mix() -> None:
    # tag's tuples are added with + by the lambda: one tuple of 10 numbers per call
    chain = RunnableGenerator(numbers) | tag | RunnableLambda(lambda pairs: pairs) | numbers_of

    plain = RunnableGenerator(numbers) | tag

    async def main() -> None:
        results = await asyncio.gather(*(collect(plain.astream(n)) for n in range(100)))
        for n, chunks in enumerate(results):
            assert chunks == [(n, n * 100 + i) for i in range(5)]
        streamed = await asyncio.gather(*(collect(chain.astream(n)) for n in range(100)))
        for n, chunks in enumerate(streamed):
            assert chunks == [n * 100 + i for i in range(5)]
        evs = await asyncio.gather(*(collect(plain.astream_events(n)) for n in range(100)))
        for n, stream in enumerate(evs):
            root = stream[0]["run_id"]
            assert all(e["run_id"] == root or e["parent_ids"][0] == root for e in stream)
            assert stream[-1]["data"]["output"][0] == n
        assert other_tasks() == []

    asyncio.run(main())


class Closed:
    def __init__(self) -> None:
        self.names: list[str] = []

    def chain(self) -> object:
        async def source(it: AsyncIterator[int]) -> AsyncIterator[int]:
            try:
                async for n in it:
                    for i in range(n):
                        await asyncio.sleep(0)
                        yield i
            finally:
                self.names.append("source")

        def sync_step(it: Iterator[int]) -> Iterator[int]:
            try:
                for x in it:
                    yield x
            finally:
                self.names.append("sync_step")

        async def last(it: AsyncIterator[int]) -> AsyncIterator[int]:
            try:
                async for x in it:
                    yield x
            finally:
                self.names.append("last")

        return RunnableGenerator(source) | sync_step | {"a": last, "b": last}


@pytest.mark.parametrize("with_events", [False, True])
def test_breaking_out_closes_every_generator(with_events: bool) -> None:
    closed = Closed()
    chain = closed.chain()

    async def main() -> None:
        stream = chain.astream_events(10**6) if with_events else chain.astream(10**6)  # type: ignore[attr-defined]
        seen = 0
        async for _ in stream:
            seen += 1
            if seen == 10:
                break
        await stream.aclose()
        assert sorted(closed.names) == ["last", "last", "source", "sync_step"]
        assert other_tasks() == []

    asyncio.run(main())


def test_plain_break_without_aclose_is_cleaned_up_by_the_loop() -> None:
    closed = Closed()
    chain = closed.chain()

    async def main() -> None:
        async for _ in chain.astream(10**6):  # type: ignore[attr-defined]
            break
        for _ in range(200):  # the finalizer's aclose task, then the bridge thread's exit
            await asyncio.sleep(0.005)
            if len(closed.names) == 4 and not other_tasks():
                break
        assert sorted(closed.names) == ["last", "last", "source", "sync_step"]
        assert other_tasks() == []

    asyncio.run(main())


@pytest.mark.parametrize("with_events", [False, True])
def test_task_cancellation_closes_every_generator(with_events: bool) -> None:
    closed = Closed()
    chain = closed.chain()

    async def consume(flowing: asyncio.Event) -> None:
        stream = chain.astream_events(10**6) if with_events else chain.astream(10**6)  # type: ignore[attr-defined]
        seen = 0
        try:
            async for _ in stream:
                seen += 1
                if seen == 10:  # every step has started: outputs came through all of them
                    flowing.set()
        finally:
            await stream.aclose()

    async def main() -> None:
        flowing = asyncio.Event()
        task = asyncio.ensure_future(consume(flowing))
        await flowing.wait()  # (not a timed sleep: on a loaded machine the steps may not have started)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert sorted(closed.names) == ["last", "last", "source", "sync_step"]
        assert other_tasks() == []

    asyncio.run(main())


def test_sync_stream_close_closes_every_generator() -> None:
    closed: list[str] = []

    def source(it: Iterator[int]) -> Iterator[int]:
        try:
            for n in it:
                yield from range(n)
        finally:
            closed.append("source")

    def step(it: Iterator[int]) -> Iterator[int]:
        try:
            yield from it
        finally:
            closed.append("step")

    stream = (RunnableGenerator(source) | step | {"x": step}).stream(10**6)
    next(stream)
    stream.close()  # type: ignore[attr-defined]
    assert sorted(closed) == ["source", "step", "step"]
