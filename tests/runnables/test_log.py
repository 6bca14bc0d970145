"""astream_log: patches add up to the run state; filters; patch application."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import jsonpatch
import pytest

from chunkwise.runnables import RunLog, RunLogPatch, RunnableGenerator, RunnableLambda
from chunkwise.runnables.log import apply_ops

from .helpers import collect


async def tokens(it: AsyncIterator[str]) -> AsyncIterator[str]:
    async for text in it:
        for word in text.split():
            yield word + " "


CHAIN = RunnableLambda(lambda s: s.lower()).with_config(run_name="lower") | RunnableGenerator(tokens)


def run_log(**kwargs: Any) -> list[Any]:
    return asyncio.run(collect(CHAIN.astream_log("A B", **kwargs)))  # type: ignore[arg-type]


def test_patches_add_up_to_the_run_state() -> None:
    patches = run_log()
    assert all(isinstance(p, RunLogPatch) for p in patches)
    total = patches[0]
    for p in patches[1:]:
        total = total + p
    assert isinstance(total, RunLog)
    state = total.state
    assert state["name"] == "RunnableSequence" and state["type"] == "chain"
    assert state["streamed_output"] == ["a ", "b "]
    assert state["final_output"] == "a b "
    assert set(state["logs"]) == {"lower", "tokens"}
    tok = state["logs"]["tokens"]
    assert tok["streamed_output"] == ["a ", "b "]
    assert tok["final_output"] == {"output": "a b "}
    assert tok["tags"] == ["seq:step:2"] and tok["end_time"] is not None
    # any JSON-patch library agrees
    ops = [op for p in patches for op in p.ops]
    assert jsonpatch.apply_patch(None, ops) == state


def test_diff_false_yields_growing_states_and_filters_apply() -> None:
    states = run_log(diff=False, include_names=["tokens"])
    assert all(isinstance(s, RunLog) for s in states)
    assert set(states[-1].state["logs"]) == {"tokens"}
    assert states[-1].state["final_output"] == "a b "
    assert run_log(with_streamed_output_list=False, diff=False)[-1].state["streamed_output"] == []


def test_duplicate_names_are_numbered() -> None:
    chain = RunnableLambda(lambda x: x + 1) | RunnableLambda(lambda x: x + 1)
    patches = asyncio.run(collect(chain.astream_log(0)))  # type: ignore[arg-type]
    total = patches[0]
    for p in patches[1:]:
        total = total + p
    assert set(total.state["logs"]) == {"RunnableLambda", "RunnableLambda:2"}
    assert total.state["final_output"] == 2


def test_errors_propagate_from_astream_log() -> None:
    def fail(x: int) -> int:
        raise KeyError("x")

    with pytest.raises(KeyError):
        asyncio.run(collect((RunnableLambda(fail) | (lambda x: x)).astream_log(1)))  # type: ignore[arg-type]


def test_apply_ops_never_mutates_earlier_states_or_op_values() -> None:
    entry = {"streamed_output": []}
    first = apply_ops(None, [{"op": "replace", "path": "", "value": {"logs": {}, "l": [1]}},
                             {"op": "add", "path": "/logs/a~1b", "value": entry}])
    second = apply_ops(first, [{"op": "add", "path": "/logs/a~1b/streamed_output/-", "value": 1},
                               {"op": "add", "path": "/l/0", "value": 0},
                               {"op": "replace", "path": "/l/1", "value": 9}])
    assert first == {"logs": {"a/b": {"streamed_output": []}}, "l": [1]}
    assert entry == {"streamed_output": []}
    assert second == {"logs": {"a/b": {"streamed_output": [1]}}, "l": [0, 9]}
    assert apply_ops(first, [{"op": "remove", "path": "/l"}]) == {"logs": first["logs"]}
    assert first["l"] == [1]
    with pytest.raises(ValueError):
        apply_ops(first, [{"op": "move", "path": "/l", "from": "/x"}])
    assert repr(RunLogPatch({"op": "add", "path": "/x", "value": 1})).startswith("RunLogPatch(")
    assert RunLog(state={"a": 1}) == RunLog(state={"a": 1})
