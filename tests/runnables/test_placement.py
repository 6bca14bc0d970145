"""Where LangChain puts things, and chunkwise now too: derived defaults, event data,
config defaults, the run log's final output, clashing run ids (issue 14)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from chunkwise.runnables import (
    AddableDict,
    ConfigurableField,
    RecursionLimitError,
    Runnable,
    RunnableConfig,
    RunnableGenerator,
    RunnableLambda,
    ensure_config,
)
from tests.runnables.helpers import collect, events


class Length(Runnable[str, int]):
    """Written the LangChain way: only the public ``invoke``."""

    def invoke(self, input: str, config: RunnableConfig | None = None, **kwargs: Any) -> int:
        return len(input)


class Doubled(Runnable[int, int]):
    """Only the whole-input hook."""

    def _invoke(self, input: int, config: RunnableConfig, **kwargs: Any) -> int:
        return input * 2


class AsyncChars(Runnable[str, str]):
    """Only the async stream hook."""

    async def _atransform(self, chunks: AsyncIterator[str], config: RunnableConfig,
                          **kwargs: Any) -> AsyncIterator[str]:
        async for chunk in chunks:
            for char in chunk:
                yield char


def test_defaults_derive_from_whatever_is_implemented() -> None:
    assert list(Length().stream("abc")) == [3]
    assert list(Length().transform(iter(["ab", "c"]))) == [3]
    assert asyncio.run(Length().ainvoke("ab")) == 2
    assert asyncio.run(collect(Length().astream("abcd"))) == [4]
    assert Length().batch(["a", "bb"]) == [1, 2]
    assert list(Doubled().stream(2)) == [4]
    assert asyncio.run(Doubled().ainvoke(3)) == 6
    assert list(AsyncChars().stream("ab")) == ["a", "b"]
    assert AsyncChars().invoke("xy") == "xy"
    with pytest.raises(NotImplementedError, match="must implement invoke"):
        Runnable().invoke(1)


def test_an_invoked_runnable_has_start_and_end_but_no_stream_events() -> None:
    chain = Doubled() | RunnableLambda(lambda x: x + 1, name="inc")
    seen = [(e["event"], e["name"], e["data"]) for e in events(chain, 1)]
    assert seen == [
        ("on_chain_start", "RunnableSequence", {"input": 1}),
        ("on_chain_start", "Doubled", {"input": 1}),
        ("on_chain_end", "Doubled", {"input": 1, "output": 2}),
        ("on_chain_start", "inc", {}),
        ("on_chain_stream", "inc", {"chunk": 3}),
        ("on_chain_stream", "RunnableSequence", {"chunk": 3}),
        ("on_chain_end", "inc", {"input": 2, "output": 3}),
        ("on_chain_end", "RunnableSequence", {"output": 3}),
    ]


def test_a_child_streamed_with_its_input_reports_it_at_the_end() -> None:
    inner = RunnableLambda(lambda x: x * 10, name="inner")

    def outer(x: int, config: RunnableConfig) -> int:
        return list(inner.stream(x, config))[0]

    data = {e["event"]: e["data"] for e in events(RunnableLambda(outer), 2)
            if e["name"] == "inner"}
    assert data == {"on_chain_start": {}, "on_chain_stream": {"chunk": 20},
                    "on_chain_end": {"input": 2, "output": 20}}


def test_v1_events_have_empty_parent_ids() -> None:
    seen = events(RunnableLambda(lambda x: x) | RunnableLambda(lambda x: x), 1, version="v1")
    assert seen and all(e["parent_ids"] == [] for e in seen)


def test_an_async_callable_object_is_an_async_generator() -> None:
    class Counter:
        async def __call__(self, chunks: AsyncIterator[int]) -> AsyncIterator[int]:
            async for n in chunks:
                for i in range(n):
                    yield i

    counting = RunnableGenerator(Counter())
    assert asyncio.run(collect(counting.astream(3))) == [0, 1, 2]
    assert asyncio.run(counting.ainvoke(3)) == 3


def test_the_log_adds_to_a_growing_list_in_final_output() -> None:
    async def lists(_: AsyncIterator[Any]) -> AsyncIterator[AddableDict]:
        for i in range(3):
            yield AddableDict(items=[i])

    async def ops() -> list[list[dict[str, Any]]]:
        return [p.ops async for p in RunnableGenerator(lists).astream_log(None)]

    final = [[op for op in patch if op["path"].startswith("/final_output")] for patch in asyncio.run(ops())]
    assert final[1:] == [
        [{"op": "replace", "path": "/final_output", "value": {"items": [0]}}],
        [{"op": "add", "path": "/final_output/items/1", "value": 1}],
        [{"op": "add", "path": "/final_output/items/2", "value": 2}],
    ]


def test_a_child_that_reuses_its_parents_run_id_drops_their_events() -> None:
    child = RunnableLambda(lambda x: x, name="child")

    async def parent(x: str, config: RunnableConfig) -> str:
        config["run_id"] = uuid.UUID(int=7)
        return await child.ainvoke(x, config)

    seen = events(RunnableLambda(parent), "hi", config={"run_id": uuid.UUID(int=7)})
    assert [(e["event"], e["name"]) for e in seen] == [("on_chain_start", "parent")]


def test_config_defaults_are_filled_in() -> None:
    assert ensure_config(None) == {"tags": [], "metadata": {}, "callbacks": None,
                                   "recursion_limit": 25, "configurable": {}}
    assert ensure_config({"tags": ["t"], "thread": 1})["configurable"] == {"thread": 1}
    seen: list[RunnableConfig] = []
    RunnableLambda(lambda x, config: seen.append(config)).invoke(1, {"tags": ["t"]})
    assert seen[0]["recursion_limit"] == 25 and seen[0]["tags"] == ["t"]


def test_recursion_limit_stops_functions_that_keep_returning_runnables() -> None:
    def deeper(n: int) -> Any:
        return RunnableLambda(lambda x: deeper(n + 1)) if n < 5 else n

    assert RunnableLambda(deeper).invoke(0) == 5
    with pytest.raises(RecursionLimitError, match="recursion limit"):
        RunnableLambda(deeper).invoke(0, {"recursion_limit": 3})
    assert issubclass(RecursionLimitError, RecursionError)


def test_configurable_fields_change_a_copy_per_call() -> None:
    class Greeter(Runnable[str, str]):
        greeting = "hello"

        def _invoke(self, name: str, config: RunnableConfig, **kwargs: Any) -> str:
            return f"{self.greeting} {name}"

    original = Greeter()
    greeter = original.configurable_fields(greeting=ConfigurableField(id="g"))
    assert greeter.invoke("ada", {"configurable": {"g": "hi"}}) == "hi ada"
    assert list(greeter.stream("bo", {"configurable": {"g": "yo"}})) == ["yo bo"]
    assert greeter.invoke("ada") == "hello ada" and original.greeting == "hello"
    with pytest.raises(ValueError, match="no attribute"):
        original.configurable_fields(nope=ConfigurableField(id="n"))


def test_the_log_of_an_invoked_root_streams_its_output() -> None:
    async def states() -> dict[str, Any]:
        state = None
        async for patch in Doubled().astream_log(4):
            state = patch if state is None else state + patch
        assert state is not None
        return state.state  # type: ignore[no-any-return]

    state = asyncio.run(states())
    assert (state["streamed_output"], state["final_output"]) == ([8], 8)
