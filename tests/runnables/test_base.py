"""Runnable base: invoke/batch/stream APIs, composition, config, subclass hooks."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from chunkwise.runnables import (
    Runnable,
    RunnableConfig,
    RunnableGenerator,
    RunnableLambda,
    RunnableParallel,
    RunnableSequence,
    coerce_to_runnable,
)

from .helpers import collect, events


class Upper(Runnable[str, str]):
    """A whole-input subclass: only _invoke."""

    def _invoke(self, input: str, config: RunnableConfig) -> str:
        return input.upper()


class Echo(Runnable[str, str]):
    """A streaming subclass with its own run type and native sync + async transforms."""

    run_type = "parser"

    def _transform(self, input: Iterator[str], config: RunnableConfig) -> Iterator[str]:
        for chunk in input:
            yield from chunk

    async def _atransform(self, input: AsyncIterator[str], config: RunnableConfig) -> AsyncIterator[str]:
        async for chunk in input:
            for char in chunk:
                yield char


class SyncOnlyStreamer(Runnable[str, str]):
    """Streams with _transform only: async paths use the bridge."""

    def _transform(self, input: Iterator[str], config: RunnableConfig) -> Iterator[str]:
        for chunk in input:
            yield chunk + "!"


def test_invoke_paths_agree() -> None:
    assert Upper().invoke("ab") == "AB"
    assert asyncio.run(Upper().ainvoke("ab")) == "AB"
    assert list(Upper().stream("ab")) == ["AB"]
    assert asyncio.run(collect(Upper().astream("ab"))) == ["AB"]
    assert list(Upper().transform(iter(["a", "b"]))) == ["AB"]  # aggregated with +


def test_streaming_subclass_invoke_combines_chunks() -> None:
    assert Echo().invoke("abc") == "abc"
    assert list(Echo().stream("abc")) == ["a", "b", "c"]
    assert asyncio.run(Echo().ainvoke("abc")) == "abc"
    assert asyncio.run(collect(Echo().astream("abc"))) == ["a", "b", "c"]


def test_sync_only_streamer_under_astream() -> None:
    assert asyncio.run(collect(SyncOnlyStreamer().astream("x"))) == ["x!"]
    assert asyncio.run(SyncOnlyStreamer().ainvoke("x")) == "x!"


def test_subclass_run_type_names_events() -> None:
    names = [e["event"] for e in events(Echo(), "ab")]
    assert names == ["on_parser_start", "on_parser_stream", "on_parser_stream", "on_parser_end"]


def test_runnable_without_hooks_says_what_to_override() -> None:
    with pytest.raises(NotImplementedError, match="must implement invoke"):
        Runnable().invoke(1)


def test_batch_and_return_exceptions() -> None:
    def inv(x: int) -> float:
        return 1 / x

    r = RunnableLambda(inv)
    assert r.batch([1, 2, 4]) == [1.0, 0.5, 0.25]
    assert r.batch([]) == []
    out = r.batch([1, 0], return_exceptions=True)
    assert out[0] == 1.0 and isinstance(out[1], ZeroDivisionError)
    with pytest.raises(ZeroDivisionError):
        r.batch([1, 0])
    out = asyncio.run(r.abatch([2, 0], return_exceptions=True))
    assert out[0] == 0.5 and isinstance(out[1], ZeroDivisionError)
    with pytest.raises(ZeroDivisionError):
        asyncio.run(r.abatch([0, 1]))


def test_batch_per_input_configs() -> None:
    r = RunnableLambda(lambda x, config: (x, config["tags"]))
    assert r.batch([1, 2], [{"tags": ["a"]}, {"tags": ["b"]}]) == [(1, ["a"]), (2, ["b"])]
    with pytest.raises(ValueError):
        r.batch([1, 2], [{"tags": ["a"]}])


def test_max_concurrency_limits_batch_and_abatch() -> None:
    running = 0
    peak = 0
    lock = threading.Lock()

    def slow(x: int) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.01)
        with lock:
            running -= 1
        return x

    assert RunnableLambda(slow).batch(list(range(6)), {"max_concurrency": 2}) == list(range(6))
    assert peak == 2

    arunning = 0
    apeak = 0

    async def aslow(x: int) -> int:
        nonlocal arunning, apeak
        arunning += 1
        apeak = max(apeak, arunning)
        await asyncio.sleep(0.005)
        arunning -= 1
        return x

    assert asyncio.run(RunnableLambda(aslow).abatch(list(range(7)), {"max_concurrency": 3})) == list(range(7))
    assert apeak == 3


def test_abatch_failure_cancels_the_rest() -> None:
    cancelled: list[int] = []

    async def work(x: int) -> int:
        if x == 0:
            raise KeyError("first")
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.append(x)
            raise
        return x

    with pytest.raises(KeyError):
        asyncio.run(RunnableLambda(work).abatch([0, 1, 2]))
    assert sorted(cancelled) == [1, 2]


def test_pipe_or_and_ror_build_flat_sequences() -> None:
    def inc(x: int) -> int:
        return x + 1

    r = RunnableLambda(inc)
    chain = inc | r | inc
    assert isinstance(chain, RunnableSequence) and len(chain.steps) == 3
    assert chain.invoke(0) == 3
    assert r.pipe(inc, inc, name="three").invoke(0) == 3
    assert r.pipe(inc, name="named").get_name() == "named"
    assert ({"a": inc} | r.pipe(inc)).steps[0].get_name() == "RunnableParallel<a>"
    with pytest.raises(ValueError):
        RunnableSequence(r)


def test_coercion() -> None:
    def gen(it: Iterator[int]) -> Iterator[int]:
        yield from it

    async def agen(it: AsyncIterator[int]) -> AsyncIterator[int]:
        async for x in it:
            yield x

    async def afn(x: int) -> int:
        return x

    assert isinstance(coerce_to_runnable(gen), RunnableGenerator)
    assert isinstance(coerce_to_runnable(agen), RunnableGenerator)
    assert isinstance(coerce_to_runnable(afn), RunnableLambda)
    assert isinstance(coerce_to_runnable(lambda x: x), RunnableLambda)
    assert isinstance(coerce_to_runnable({"a": gen}), RunnableParallel)
    with pytest.raises(TypeError):
        coerce_to_runnable(42)


def test_get_name_and_with_config() -> None:
    def my_fn(x: int) -> int:
        return x

    r = RunnableLambda(my_fn)
    assert r.get_name() == "my_fn"
    assert r.get_name("input") == "my_fn_input"
    assert Upper().get_name("input") == "UpperInput"
    assert RunnableLambda(lambda x: x).get_name() == "RunnableLambda"
    bound = r.with_config(run_name="renamed", tags=["t1"]).with_config(metadata={"k": 1})
    assert bound.get_name() == "renamed"
    assert bound.invoke(5) == 5
    start = events(bound, 1)[0]
    assert (start["name"], start["tags"], start["metadata"]) == ("renamed", ["t1"], {"k": 1})


def test_with_config_applies_on_every_path() -> None:
    seen: list[RunnableConfig] = []

    def spy(x: int, config: RunnableConfig) -> int:
        seen.append(config)
        return x

    bound = RunnableLambda(spy).with_config(tags=["x"], metadata={"m": 1})
    bound.invoke(1)
    list(bound.stream(1))
    list(bound.transform(iter([1])))
    asyncio.run(bound.ainvoke(1))
    asyncio.run(collect(bound.astream(1)))
    asyncio.run(collect(bound.atransform(_aone(1))))
    bound.batch([1, 2])
    assert len(seen) == 8
    assert all(c["tags"] == ["x"] and c["metadata"] == {"m": 1} for c in seen)
    assert all("run_name" not in c for c in seen)


async def _aone(x: Any) -> AsyncIterator[Any]:
    yield x


def test_nested_run_name_does_not_leak_to_children() -> None:
    inner = RunnableLambda(lambda x: x)
    chain = (inner | inner).with_config(run_name="outer")
    names = [e["name"] for e in events(chain, 1) if e["event"] == "on_chain_start"]
    assert names == ["outer", "RunnableLambda", "RunnableLambda"]
