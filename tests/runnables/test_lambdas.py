"""RunnableLambda: sync/async functions, config, nesting, returned runnables."""

from __future__ import annotations

import asyncio
import threading

import pytest

from chunkwise.runnables import RunnableConfig, RunnableLambda

from .helpers import collect, events


def test_sync_function_everywhere() -> None:
    r = RunnableLambda(lambda x: x * 2)
    assert r.invoke(2) == 4
    assert asyncio.run(r.ainvoke(2)) == 4
    assert list(r.stream(2)) == [4]
    assert list(r.transform(iter([1, 2]))) == [6]  # whole input: 1 + 2


def test_async_function_everywhere() -> None:
    async def double(x: int) -> int:
        await asyncio.sleep(0)
        return x * 2

    r = RunnableLambda(double)
    assert r.get_name() == "double"
    assert asyncio.run(r.ainvoke(3)) == 6
    assert r.invoke(3) == 6  # private loop
    assert list(r.stream(3)) == [6]


def test_async_function_sync_call_inside_running_loop_is_a_clear_error() -> None:
    async def double(x: int) -> int:
        return x * 2

    async def main() -> None:
        with pytest.raises(RuntimeError, match="ainvoke/astream"):
            RunnableLambda(double).invoke(1)

    asyncio.run(main())


def test_sync_and_async_pair() -> None:
    async def afn(x: int) -> str:
        return "async"

    r = RunnableLambda(lambda x: "sync", afunc=afn)
    assert r.invoke(1) == "sync"
    assert asyncio.run(r.ainvoke(1)) == "async"
    with pytest.raises(TypeError):
        RunnableLambda(afn, afunc=afn)


def test_sync_function_runs_off_loop_once_per_call_under_async() -> None:
    threads: list[int] = []
    r = RunnableLambda(lambda x: threads.append(threading.get_ident()) or x)
    loop_thread = threading.get_ident()
    asyncio.run(collect(r.astream(1)))
    assert len(threads) == 1 and threads[0] != loop_thread


def test_config_parameter_and_nesting_through_contextvar() -> None:
    inner = RunnableLambda(lambda x: x + 1).with_config(run_name="inner")

    def outer(x: int, config: RunnableConfig) -> int:
        assert config["tags"] == ["t"]
        return inner.invoke(x)  # no config passed: nests via the context

    r = RunnableLambda(outer).with_config(tags=["t"])
    assert r.invoke(1) == 2
    evs = events(r, 1)
    outer_id = evs[0]["run_id"]
    inner_start = next(e for e in evs if e["name"] == "inner")
    assert inner_start["parent_ids"] == [outer_id]
    assert inner_start["tags"] == ["t"]


def test_async_function_nests_calls() -> None:
    inner = RunnableLambda(lambda x: x + 1).with_config(run_name="inner")

    async def outer(x: int) -> int:
        return await inner.ainvoke(x)

    evs = events(RunnableLambda(outer), 1)
    assert [(e["event"], e["name"]) for e in evs] == [
        ("on_chain_start", "outer"),
        ("on_chain_start", "inner"),
        ("on_chain_end", "inner"),
        ("on_chain_stream", "outer"),
        ("on_chain_end", "outer"),
    ]
    assert evs[1]["parent_ids"] == [evs[0]["run_id"]]


def test_returned_runnable_is_run_and_streamed() -> None:
    def stream_chars(it):  # type: ignore[no-untyped-def]
        for text in it:
            yield from text

    def route(x: str) -> object:
        return RunnableLambda(str.upper) if x == "up" else stream_chars

    r = RunnableLambda(lambda x: RunnableLambda(str.upper))
    assert r.invoke("ab") == "AB"
    assert asyncio.run(r.ainvoke("ab")) == "AB"
    from chunkwise.runnables import RunnableGenerator

    streamer = RunnableLambda(lambda x: RunnableGenerator(stream_chars))
    assert list(streamer.stream("abc")) == ["a", "b", "c"]
    assert asyncio.run(collect(streamer.astream("abc"))) == ["a", "b", "c"]
    assert route("up") is not None


def test_errors_propagate_unchanged() -> None:
    error = ValueError("boom")

    def fail(x: int) -> int:
        raise error

    r = RunnableLambda(fail)
    for call in (lambda: r.invoke(1), lambda: list(r.stream(1)),
                 lambda: asyncio.run(r.ainvoke(1)), lambda: asyncio.run(collect(r.astream(1)))):
        with pytest.raises(ValueError) as info:
            call()
        assert info.value is error


def test_not_callable() -> None:
    with pytest.raises(TypeError):
        RunnableLambda(3)  # type: ignore[arg-type]
