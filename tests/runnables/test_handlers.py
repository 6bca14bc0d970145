"""Callback handlers, custom events and hand-started runs, on the run context (issue 14)."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from chunkwise.runnables import (
    AsyncCallbackHandler,
    BaseCallbackHandler,
    Runnable,
    RunnableConfig,
    RunnableLambda,
    adispatch_custom_event,
    dispatch_custom_event,
    ensure_config,
    get_async_callback_manager_for_config,
)
from tests.runnables.helpers import collect, events, words


class Recorder(BaseCallbackHandler):
    """Records (method, name or payload, has parent) for every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, bool]] = []

    def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
        self.calls.append(("start", kw["name"], kw["parent_run_id"] is not None))

    def on_chain_end(self, outputs: Any, **kw: Any) -> None:
        self.calls.append(("end", outputs, kw["parent_run_id"] is not None))

    def on_chain_error(self, error: BaseException, **kw: Any) -> None:
        self.calls.append(("error", type(error).__name__, kw["parent_run_id"] is not None))

    def on_custom_event(self, name: str, data: Any, **kw: Any) -> None:
        self.calls.append(("custom", (name, data), isinstance(kw["run_id"], uuid.UUID)))


class AsyncRecorder(AsyncCallbackHandler):
    def __init__(self) -> None:
        self.calls: list[str] = []

    async def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
        await asyncio.sleep(0)  # really async: the call is awaited, not dropped
        self.calls.append(f"start {kw['name']}")

    async def on_chain_end(self, outputs: Any, **kw: Any) -> None:
        self.calls.append(f"end {outputs!r}")


CHAIN = RunnableLambda(lambda s: s.upper(), name="up") | words


def test_a_list_of_handlers_in_config_gets_langchains_calls() -> None:
    recorder = Recorder()
    assert list(CHAIN.stream("a b", {"callbacks": [recorder]})) == ["A", "B"]
    assert recorder.calls == [
        ("start", "RunnableSequence", False), ("start", "up", True),
        ("start", "words", True), ("end", "A B", True), ("end", "AB", True), ("end", "AB", False),
    ]
    failing = RunnableLambda(lambda x: 1 / x, name="inverse")
    with pytest.raises(ZeroDivisionError):
        failing.invoke(0, {"callbacks": [recorder]})
    assert recorder.calls[-1] == ("error", "ZeroDivisionError", False)


def test_async_handlers_are_awaited_on_both_paths() -> None:
    recorder = AsyncRecorder()
    assert asyncio.run(CHAIN.ainvoke("x", {"callbacks": [recorder]})) == "X"
    assert recorder.calls == ["start RunnableSequence", "start up", "end 'X'", "start words",
                              "end 'X'", "end 'X'"]
    recorder.calls.clear()
    assert RunnableLambda(lambda x: x, name="same").invoke(1, {"callbacks": [recorder]}) == 1
    assert recorder.calls == ["start same", "end 1"]  # sync code ran the coroutines


def test_handlers_and_an_event_stream_see_the_same_runs() -> None:
    recorder = Recorder()
    seen = events(CHAIN, "q", config={"callbacks": [recorder]})
    starts = [e["name"] for e in seen if e["event"] == "on_chain_start"]
    assert starts == [c[1] for c in recorder.calls if c[0] == "start"]


def test_a_failing_handler_is_logged_unless_it_raises_errors(caplog: pytest.LogCaptureFixture) -> None:
    class Broken(BaseCallbackHandler):
        def on_chain_start(self, serialized: Any, inputs: Any, **kw: Any) -> None:
            raise RuntimeError("handler bug")

    with caplog.at_level(logging.WARNING, logger="chunkwise.callbacks"):
        assert RunnableLambda(lambda x: x).invoke(1, {"callbacks": [Broken()]}) == 1
    assert "Broken.on_chain_start raised" in caplog.text
    strict = Broken()
    strict.raise_error = True
    with pytest.raises(RuntimeError, match="handler bug"):
        RunnableLambda(lambda x: x).invoke(1, {"callbacks": [strict]})


def test_handlers_bound_with_with_config_are_added() -> None:
    first, second = Recorder(), Recorder()
    bound = RunnableLambda(lambda x: x, name="b").with_config(callbacks=[first])
    bound.invoke(1, {"callbacks": [second]})
    assert first.calls == second.calls == [("start", "b", False), ("end", 1, False)]


def test_custom_events_name_the_run_they_are_dispatched_in() -> None:
    async def emit(x: int, config: RunnableConfig) -> int:
        await adispatch_custom_event("half", {"x": x}, config=config)
        return x + 1

    def emit_sync(x: int) -> int:
        dispatch_custom_event("sync", x)  # the run's config from the context
        return x

    outer = RunnableLambda(emit_sync, name="outer") | RunnableLambda(emit, name="inner")
    seen = events(outer, 1)
    custom = [e for e in seen if e["event"] == "on_custom_event"]
    runs = {e["name"]: e["run_id"] for e in seen if e["event"] == "on_chain_start"}
    assert [(e["name"], e["data"], e["run_id"]) for e in custom] == [
        ("sync", 1, runs["outer"]), ("half", {"x": 1}, runs["inner"])]
    assert custom[1]["parent_ids"] == [runs["RunnableSequence"]]
    recorder = Recorder()
    RunnableLambda(emit_sync).invoke(3, {"callbacks": [recorder]})
    assert ("custom", ("sync", 3), True) in recorder.calls
    assert RunnableLambda(emit_sync).invoke(4) == 4  # nobody listens: nothing to do
    with pytest.raises(RuntimeError, match="outside any run"):
        dispatch_custom_event("lost", None)


def test_a_runnable_that_starts_its_run_by_hand() -> None:
    class Counting(Runnable[int, str]):
        async def astream(self, input: int, config: RunnableConfig | None = None,
                          **kwargs: Any) -> AsyncIterator[str]:
            config = ensure_config(config)
            manager = get_async_callback_manager_for_config(config)
            run = await manager.on_chain_start(None, input, name="counting")
            try:
                for i in range(input):
                    yield str(i)
            except BaseException as exc:
                await run.on_chain_error(exc)
                raise
            await run.on_chain_end("".join(map(str, range(input))))

    seen = events(Counting(), 3)
    assert [(e["event"], e["data"]) for e in seen] == [
        ("on_chain_start", {"input": 3}), ("on_chain_stream", {"chunk": "0"}),
        ("on_chain_stream", {"chunk": "1"}), ("on_chain_stream", {"chunk": "2"}),
        ("on_chain_end", {"output": "012"}),
    ]
    assert asyncio.run(collect(Counting().astream(2))) == ["0", "1"]
