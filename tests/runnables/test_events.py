"""astream_events: order, nesting, tags, filters, versions, errors."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from chunkwise.runnables import Runnable, RunnableConfig, RunnableGenerator, RunnableLambda

from .helpers import awords, collect, events, words


def double(x: int) -> int:
    return x * 2


async def plus_one(it: AsyncIterator[int]) -> AsyncIterator[int]:
    async for x in it:
        yield x + 1


CHAIN = (RunnableLambda(double) | RunnableGenerator(plus_one)).with_config(tags=["T"], run_name="top")


def test_matches_langchain_v2_shape_for_a_chain() -> None:
    evs = events(CHAIN, 1)
    simple = [(e["event"], e["name"], e["tags"], e["data"]) for e in evs]
    assert simple == [
        ("on_chain_start", "top", ["T"], {"input": 1}),
        ("on_chain_start", "double", ["seq:step:1", "T"], {}),
        ("on_chain_stream", "double", ["seq:step:1", "T"], {"chunk": 2}),
        ("on_chain_start", "plus_one", ["seq:step:2", "T"], {}),
        ("on_chain_stream", "plus_one", ["seq:step:2", "T"], {"chunk": 3}),
        ("on_chain_stream", "top", ["T"], {"chunk": 3}),
        ("on_chain_end", "double", ["seq:step:1", "T"], {"output": 2, "input": 1}),
        ("on_chain_end", "plus_one", ["seq:step:2", "T"], {"output": 3, "input": 2}),
        ("on_chain_end", "top", ["T"], {"output": 3}),
    ]
    root = evs[0]["run_id"]
    assert all(set(e) == {"event", "name", "run_id", "parent_ids", "tags", "metadata", "data"} for e in evs)
    assert evs[0]["parent_ids"] == []
    assert all(e["parent_ids"] == [root] for e in evs[1:-1] if e["name"] != "top")


def test_start_before_stream_before_end_and_parents_around_children() -> None:
    chain = RunnableGenerator(awords) | {"a": RunnableGenerator(awords), "b": lambda s: s} | (lambda d: d)
    evs = events(chain, "x y z")
    by_run: dict[str, list[str]] = {}
    position: dict[tuple[str, str], int] = {}
    for i, e in enumerate(evs):
        kind = e["event"].rsplit("_", 1)[1]
        by_run.setdefault(e["run_id"], []).append(kind)
        position.setdefault((e["run_id"], kind), i)
    for kinds in by_run.values():
        assert kinds[0] == "start" and kinds[-1] == "end"
        assert set(kinds[1:-1]) <= {"stream"}
    for e in evs:
        for parent in e["parent_ids"]:
            assert position[(parent, "start")] < position[(e["run_id"], "start")]
            assert position[(e["run_id"], "end")] < position[(parent, "end")]
    depth = {e["name"]: len(e["parent_ids"]) for e in evs}
    assert depth["RunnableSequence"] == 0 and depth["RunnableParallel<a,b>"] == 1


def test_metadata_is_inherited_and_run_ids_unique_per_call() -> None:
    evs = events(CHAIN, 1, config={"metadata": {"user": "u1"}})
    assert all(e["metadata"] == {"user": "u1"} for e in evs)
    again = events(CHAIN, 1)
    assert {e["run_id"] for e in evs}.isdisjoint({e["run_id"] for e in again})


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"include_names": ["double"]}, {"double"}),
        ({"include_tags": ["seq:step:2"]}, {"plus_one"}),
        ({"include_types": ["chain"], "exclude_names": ["top"]}, {"double", "plus_one"}),
        ({"exclude_tags": ["seq:step:1"]}, {"top", "plus_one"}),
        ({"exclude_types": ["chain"]}, set()),
        ({"include_names": ["double"], "include_tags": ["seq:step:2"]}, {"double", "plus_one"}),
    ],
)
def test_filters(kwargs: dict[str, Any], names: set[str]) -> None:
    assert {e["name"] for e in events(CHAIN, 1, **kwargs)} == names


def test_v1_has_empty_parent_ids_and_unknown_versions_fail() -> None:
    evs = events(CHAIN, 1, version="v1")
    assert [e["event"] for e in evs] == [e["event"] for e in events(CHAIN, 1)]
    assert all(e["parent_ids"] == [] for e in evs)  # LangChain's v1 has the key, always empty
    with pytest.raises(NotImplementedError):
        CHAIN.astream_events(1, version="v3")  # type: ignore[arg-type]


class FakeChatModel(Runnable[str, str]):
    """What the models layer does: its own run type and a native async stream."""

    run_type = "chat_model"

    def _transform(self, input: Iterator[str], config: RunnableConfig) -> Iterator[str]:
        for prompt in input:
            yield from prompt

    async def _atransform(self, input: AsyncIterator[str], config: RunnableConfig) -> AsyncIterator[str]:
        async for prompt in input:
            for char in prompt:
                yield char


def test_subclass_run_types_name_their_events() -> None:
    evs = events(FakeChatModel() | words, "hi")
    kinds = [e["event"] for e in evs if e["name"] == "FakeChatModel"]
    assert kinds == ["on_chat_model_start", "on_chat_model_stream", "on_chat_model_stream", "on_chat_model_end"]
    end = next(e for e in evs if e["event"] == "on_chat_model_end")
    assert end["data"] == {"input": "hi", "output": "hi"}


def test_error_propagates_unchanged_without_error_event() -> None:
    error = ValueError("boom")

    def fail(x: int) -> int:
        raise error

    seen: list[str] = []

    async def main() -> None:
        with pytest.raises(ValueError) as info:
            async for e in (CHAIN | fail).astream_events(1):
                seen.append(e["event"])
        assert info.value is error

    asyncio.run(main())
    assert "on_chain_start" in seen and not any("error" in s for s in seen)


def test_events_from_sync_step_in_thread_arrive_live() -> None:
    inner = RunnableLambda(lambda x: x).with_config(run_name="inner")

    def outer(x: int) -> int:
        return inner.invoke(x)  # runs in the executor thread under astream_events

    evs = events(RunnableLambda(outer), 1)
    assert [(e["event"], e["name"]) for e in evs][:3] == [
        ("on_chain_start", "outer"), ("on_chain_start", "inner"), ("on_chain_end", "inner")]


def test_no_listener_no_runs() -> None:
    calls: list[str] = []

    class Spy(RunnableLambda[int, int]):
        def get_name(self, suffix: str | None = None, *, name: str | None = None) -> str:
            calls.append("named")
            return "spy"

    chain = Spy(double) | Spy(double)
    chain.invoke(1)
    list(chain.stream(1))
    asyncio.run(collect(chain.astream(1)))
    assert calls == []  # names are only computed for runs someone listens to
