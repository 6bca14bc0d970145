"""RunnableParallel and RunnablePassthrough."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from chunkwise.runnables import (
    AddableDict,
    RunnableGenerator,
    RunnableLambda,
    RunnableParallel,
    RunnablePassthrough,
)

from .helpers import awords, collect, other_tasks, words


def test_passthrough() -> None:
    p = RunnablePassthrough()
    assert p.invoke(1) == 1 and asyncio.run(p.ainvoke(1)) == 1
    assert list((RunnableGenerator(words) | p).stream("a b")) == ["a", "b"]
    assert asyncio.run(collect((RunnableGenerator(awords) | p).astream("a b"))) == ["a", "b"]


def test_parallel_invoke_and_kwargs_form() -> None:
    par = RunnableParallel({"same": RunnablePassthrough()}, double=lambda x: x * 2)
    assert par.get_name() == "RunnableParallel<same,double>"
    assert par.invoke(3) == {"same": 3, "double": 6}
    assert asyncio.run(par.ainvoke(3)) == {"same": 3, "double": 6}
    assert RunnableParallel(only=lambda x: -x).invoke(1) == {"only": -1}


def test_parallel_invoke_runs_branches_concurrently() -> None:
    def slow(x: int) -> int:
        time.sleep(0.05)
        return x

    par = RunnableParallel(a=slow, b=slow, c=slow)
    start = time.perf_counter()
    assert par.invoke(1) == {"a": 1, "b": 1, "c": 1}
    assert time.perf_counter() - start < 0.14


def test_parallel_streams_addable_chunks_that_sum_to_invoke() -> None:
    chain = RunnableGenerator(words) | {"words": RunnablePassthrough(), "joined": lambda s: s.upper()}
    chunks = list(chain.stream("a b c"))
    assert all(isinstance(c, AddableDict) for c in chunks)
    assert chunks[0] == {"words": "a"}
    total = chunks[0]
    for c in chunks[1:]:
        total = total + c
    assert total == chain.invoke("a b c") == {"words": "abc", "joined": "ABC"}


def test_parallel_async_stream_interleaves_and_sums() -> None:
    async def slow_words(it: AsyncIterator[str]) -> AsyncIterator[str]:
        async for w in it:
            await asyncio.sleep(0.01)
            yield w.upper()

    chain = RunnableGenerator(awords) | {"fast": RunnablePassthrough(), "slow": slow_words}

    async def main() -> None:
        chunks = await collect(chain.astream("a b"))
        keys = [next(iter(c)) for c in chunks]
        assert keys[:2] == ["fast", "fast"]  # fast branch is not held back by the slow one
        total = chunks[0]
        for c in chunks[1:]:
            total = total + c
        assert total == {"fast": "ab", "slow": "AB"}
        assert other_tasks() == []

    asyncio.run(main())


def test_parallel_branch_error_propagates_and_cancels_the_others() -> None:
    error = ValueError("branch")
    cancelled = []

    async def fail(it: AsyncIterator[str]) -> AsyncIterator[str]:
        async for _ in it:
            raise error
        yield ""  # pragma: no cover

    async def forever(it: AsyncIterator[str]) -> AsyncIterator[str]:
        try:
            async for _ in it:
                await asyncio.sleep(10)
                yield "never"
        finally:
            cancelled.append(True)

    async def main() -> None:
        with pytest.raises(ValueError) as info:
            await collect(RunnableParallel(a=fail, b=forever).astream("x"))
        assert info.value is error
        assert other_tasks() == []

    asyncio.run(main())
    assert cancelled == [True]


def test_addable_dict() -> None:
    a = AddableDict(x="a", y=None, z=[1])
    assert a + {"x": "b", "y": 2, "w": 0} == {"x": "ab", "y": 2, "z": [1], "w": 0}
    assert {"z": [0]} + a == {"z": [0, 1], "x": "a", "y": None}
    with pytest.raises(TypeError, match="'x'"):
        a + {"x": 1}
