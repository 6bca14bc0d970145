"""RunnableGenerator: sync and async generator functions over the input stream."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from chunkwise.runnables import RunnableConfig, RunnableGenerator, RunnableLambda

from .helpers import awords, collect, other_tasks, words


def test_sync_generator_all_paths() -> None:
    r = RunnableGenerator(words)
    assert r.get_name() == "words"
    assert list(r.stream("a b c")) == ["a", "b", "c"]
    assert r.invoke("a b c") == "abc"
    assert list(r.transform(iter(["a b", "c"]))) == ["a", "b", "c"]
    assert asyncio.run(collect(r.astream("a b c"))) == ["a", "b", "c"]
    assert asyncio.run(r.ainvoke("a b")) == "ab"


def test_async_generator_all_paths() -> None:
    r = RunnableGenerator(awords)
    assert asyncio.run(collect(r.astream("a b c"))) == ["a", "b", "c"]
    assert asyncio.run(r.ainvoke("a b c")) == "abc"
    assert list(r.stream("a b c")) == ["a", "b", "c"]  # private loop
    assert r.invoke("x y") == "xy"


def test_pair_uses_each_on_its_own_path() -> None:
    def sync(it: Iterator[Any]) -> Iterator[str]:
        for _ in it:
            yield "sync"

    async def asyn(it: AsyncIterator[Any]) -> AsyncIterator[str]:
        async for _ in it:
            yield "async"

    r = RunnableGenerator(sync, asyn)
    assert list(r.stream(1)) == ["sync"]
    assert asyncio.run(collect(r.astream(1))) == ["async"]
    with pytest.raises(TypeError):
        RunnableGenerator(asyn, asyn)
    with pytest.raises(TypeError):
        RunnableGenerator(3)  # type: ignore[arg-type]


def test_generator_receives_config() -> None:
    def tagged(it: Iterator[int], config: RunnableConfig) -> Iterator[list[str]]:
        for _ in it:
            yield config["tags"]

    assert RunnableGenerator(tagged).invoke(1, {"tags": ["z"]}) == ["z"]


def test_sync_generator_under_astream_is_lazy_and_waits_for_slow_input() -> None:
    pulled: list[int] = []
    thread_ids: set[int] = set()

    async def slow_source(it: AsyncIterator[int]) -> AsyncIterator[int]:
        async for n in it:
            for i in range(n):
                await asyncio.sleep(0.001)
                pulled.append(i)
                yield i

    def only_even(it: Iterator[int]) -> Iterator[int]:
        for x in it:
            thread_ids.add(threading.get_ident())
            if x % 2 == 0:
                yield x

    chain = RunnableGenerator(slow_source) | only_even

    async def main() -> list[int]:
        out = []
        stream = chain.astream(100)
        async for x in stream:
            out.append(x)
            if x == 4:
                break
        await stream.aclose()  # type: ignore[attr-defined]
        assert other_tasks() == []
        return out

    assert asyncio.run(main()) == [0, 2, 4]
    assert len(pulled) <= 6  # demand-driven: no read-ahead
    assert len(thread_ids) == 1 and threading.get_ident() not in thread_ids


def test_sync_generator_error_under_astream_propagates_unchanged() -> None:
    error = RuntimeError("bad chunk")

    def fail(it: Iterator[int]) -> Iterator[int]:
        for x in it:
            yield x
            raise error

    async def main() -> None:
        with pytest.raises(RuntimeError) as info:
            await collect(RunnableGenerator(fail).astream(1))
        assert info.value is error

    asyncio.run(main())


def test_upstream_error_reaches_caller_through_sync_bridge() -> None:
    error = KeyError("upstream")

    async def source(it: AsyncIterator[int]) -> AsyncIterator[int]:
        async for _ in it:
            yield 1
            raise error

    closed = []

    def passthrough(it: Iterator[int]) -> Iterator[int]:
        try:
            yield from it
        finally:
            closed.append(True)

    async def main() -> None:
        with pytest.raises(KeyError) as info:
            await collect((RunnableGenerator(source) | passthrough).astream(1))
        assert info.value is error

    asyncio.run(main())
    assert closed == [True]


def test_async_generator_under_stream_closes_on_early_exit() -> None:
    closed = []

    async def numbers(it: AsyncIterator[int]) -> AsyncIterator[int]:
        try:
            async for n in it:
                for i in range(n):
                    yield i
        finally:
            closed.append(True)

    stream = RunnableGenerator(numbers).stream(100)
    assert next(stream) == 0
    stream.close()  # type: ignore[attr-defined]
    assert closed == [True]


def test_lambda_then_generator_resumes_streaming() -> None:
    chain = RunnableLambda(lambda s: s + " tail") | words
    assert list(chain.stream("a b")) == ["a", "b", "tail"]
