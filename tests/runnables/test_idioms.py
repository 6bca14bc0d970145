"""bind, assign, pick, map, branch, retry, fallbacks, with_types, @chain (issue 14)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from chunkwise.runnables import (
    AddableDict,
    BaseCallbackHandler,
    Runnable,
    RunnableBinding,
    RunnableBranch,
    RunnableGenerator,
    RunnableLambda,
    RunnableParallel,
    RunnablePassthrough,
    RunnablePick,
    RunnableWithFallbacks,
    chain,
)
from tests.runnables.helpers import collect, events


def scaled(x: int, *, factor: int = 1) -> int:
    return x * factor


def test_bind_passes_keyword_arguments_and_binds_merge() -> None:
    bound = RunnableLambda(scaled).bind(factor=3)
    assert bound.invoke(2) == 6
    assert list(bound.stream(2)) == [6]
    assert asyncio.run(bound.ainvoke(2)) == 6
    twice = bound.bind(factor=5)
    assert isinstance(twice, RunnableBinding) and twice.kwargs == {"factor": 5}
    assert twice.bound is bound.bound  # one binding, not a binding of a binding
    assert twice.invoke(2) == 10


def test_bound_keyword_arguments_reach_only_the_first_step_of_a_sequence() -> None:
    seen: list[tuple[Any, dict[str, Any]]] = []

    def first(x: int, **kwargs: Any) -> int:
        seen.append((x, kwargs))
        return x + 1

    def second(x: int, **kwargs: Any) -> int:
        seen.append((x, kwargs))
        return x

    (RunnableLambda(first) | RunnableLambda(second)).invoke(1, tag="t")
    assert seen == [(1, {"tag": "t"}), (2, {})]


def test_binding_reads_attributes_of_the_bound_runnable() -> None:
    lam = RunnableLambda(scaled, name="scaler")
    assert lam.with_config(tags=["x"]).func is scaled
    assert lam.with_config(tags=["x"]).get_name() == "scaler"
    with pytest.raises(AttributeError):
        lam.bind(factor=1).no_such_attribute  # noqa: B018


def test_passthrough_tap_sees_the_whole_input_once() -> None:
    taps: list[Any] = []
    tap = RunnablePassthrough(lambda x, **kw: taps.append((x, kw)))
    assert tap.invoke("ab", extra=1) == "ab"
    assert list((RunnableGenerator(lambda xs: iter("abc")) | tap).stream(None)) == ["a", "b", "c"]
    assert taps == [("ab", {"extra": 1}), ("abc", {})]


def test_passthrough_with_an_async_tap() -> None:
    taps: list[Any] = []

    async def record(x: Any) -> None:
        taps.append(x)

    tap = RunnablePassthrough(record)
    assert asyncio.run(tap.ainvoke(3)) == 3
    assert tap.invoke(4) == 4
    assert taps == [3, 4]


def test_assign_adds_keys_and_streams_the_input_first() -> None:
    def letters(chunks: Iterator[Any]) -> Iterator[str]:
        for chunk in chunks:
            yield from chunk["word"]

    source = RunnableGenerator(lambda _: iter([AddableDict(word="ab"), AddableDict(n=1)]))
    chain_ = source.assign(upper=lambda d: d["word"].upper())
    chunks = list(chain_.stream(None))
    assert chunks == [{"word": "ab"}, {"n": 1}, {"upper": "AB"}]
    assert chain_.invoke(None) == {"word": "ab", "n": 1, "upper": "AB"}
    assert asyncio.run(collect(chain_.astream(None))) == chunks
    assert RunnablePassthrough.assign().invoke({"a": 1}) == {"a": 1}
    assert list(RunnablePassthrough.assign().stream({"a": 1})) == [{"a": 1}]
    assert RunnablePassthrough.assign(x=lambda d: 1).get_name() == "RunnableAssign<x>"
    with pytest.raises(TypeError, match="must be a dict"):
        RunnablePassthrough.assign(x=lambda d: 1).invoke(5)
    _ = letters  # a generator that keeps streaming works as an assigned step too
    assert list(RunnablePassthrough.assign(ch=letters).stream({"word": "hi"}))[-2:] == [
        {"ch": "h"}, {"ch": "i"}]


def test_pick_one_key_or_several() -> None:
    data = {"a": 1, "b": 2, "c": 3}
    assert RunnablePick("a").invoke(data) == 1
    assert RunnablePick(["a", "c"]).invoke(data) == {"a": 1, "c": 3}
    chunks = [AddableDict(a="x"), AddableDict(b="y"), AddableDict(a="z")]
    picked = RunnableGenerator(lambda _: iter(chunks)).pick("a")
    assert list(picked.stream(None)) == ["x", "z"]


def test_map_applies_to_each_item_and_has_no_events() -> None:
    doubled = RunnableLambda(lambda x: x * 2).map()
    assert doubled.invoke([1, 2]) == [2, 4]
    assert asyncio.run(doubled.ainvoke([3])) == [6]
    with pytest.raises(NotImplementedError):
        doubled.astream_events([1])


def test_branch_runs_the_first_true_condition_and_streams_it() -> None:
    calls: list[str] = []

    def positive(x: int) -> bool:
        calls.append("positive?")
        return x > 0

    branch = RunnableBranch(
        (positive, RunnableGenerator(lambda xs: iter(["p", "o", "s"]))),
        (lambda x: x < 0, lambda x: "neg"),
        lambda x: "zero",
    )
    assert list(branch.stream(1)) == ["p", "o", "s"]
    assert calls == ["positive?"]
    assert branch.batch([-1, 0]) == ["neg", "zero"]
    assert asyncio.run(branch.ainvoke(5)) == "pos"
    starts = [(e["name"], e["tags"]) for e in events(branch, -4) if e["event"].endswith("_start")]
    assert starts == [("RunnableBranch", []), ("positive", ["condition:1"]),
                      ("RunnableLambda", ["condition:2"]), ("RunnableLambda", ["branch:2"])]
    with pytest.raises(ValueError, match="at least two branches"):
        RunnableBranch(lambda x: x)
    with pytest.raises(TypeError, match="pair"):
        RunnableBranch(lambda x: True, lambda x: x)


def test_retry_retries_the_listed_errors_only() -> None:
    attempts: list[int] = []

    def flaky(x: int) -> int:
        attempts.append(x)
        if len(attempts) < 3:
            raise ConnectionError("again")
        return x

    retrying = RunnableLambda(flaky).with_retry(stop_after_attempt=3,
                                                wait_exponential_jitter=False)
    assert retrying.invoke(1) == 1 and attempts == [1, 1, 1]
    attempts.clear()
    with pytest.raises(ConnectionError):
        RunnableLambda(flaky).with_retry(stop_after_attempt=2,
                                         wait_exponential_jitter=False).invoke(2)
    attempts.clear()
    strict = RunnableLambda(flaky).with_retry(retry_if_exception_type=(ValueError,),
                                              wait_exponential_jitter=False)
    with pytest.raises(ConnectionError):
        strict.invoke(3)
    assert attempts == [3]


def test_retry_tags_later_attempts_and_batches_in_order() -> None:
    failed: set[int] = set()

    def once(x: int) -> int:
        if x not in failed:
            failed.add(x)
            raise ValueError("first time")
        return x

    retrying = RunnableLambda(once).with_retry(wait_exponential_jitter=False)
    assert retrying.batch([0, 1, 2]) == [0, 1, 2]
    failed.clear()

    class Tags(BaseCallbackHandler):
        def __init__(self) -> None:
            self.tags: list[list[str]] = []

        def on_chain_start(self, serialized: Any, inputs: Any, **kwargs: Any) -> None:
            self.tags.append(kwargs["tags"])

    recorder = Tags()
    assert retrying.invoke(5, {"callbacks": [recorder]}) == 5
    assert recorder.tags == [[], [], ["retry:attempt:2"]]  # the retry's run, then each try


def test_fallbacks_handle_the_listed_errors_and_pass_the_error_on() -> None:
    def broken(x: Any) -> Any:
        raise ValueError("no")

    def uses_error(x: dict[str, Any]) -> str:
        return f"after {type(x['error']).__name__}"

    safe = RunnableLambda(broken).with_fallbacks([RunnableLambda(lambda x: "ok")])
    assert safe.invoke(1) == "ok" and safe.batch([1, 2]) == ["ok", "ok"]
    keyed = RunnableLambda(broken).with_fallbacks([RunnableLambda(uses_error)],
                                                  exception_key="error")
    assert keyed.invoke({"x": 1}) == "after ValueError"
    narrow = RunnableLambda(broken).with_fallbacks([RunnableLambda(lambda x: "ok")],
                                                   exceptions_to_handle=(KeyError,))
    with pytest.raises(ValueError):
        narrow.invoke(1)
    with pytest.raises(TypeError, match="must be a dict"):
        keyed.invoke(1)


def test_fallbacks_stream_takes_over_only_before_the_first_chunk() -> None:
    def early(_: Iterator[Any]) -> Iterator[str]:
        raise ValueError("early")
        yield ""  # pragma: no cover

    def late(_: Iterator[Any]) -> Iterator[str]:
        yield "a"
        raise ValueError("late")

    backup = RunnableGenerator(lambda _: iter(["b", "c"]))
    assert list(RunnableGenerator(early).with_fallbacks([backup]).stream(0)) == ["b", "c"]
    with pytest.raises(ValueError, match="late"):
        list(RunnableGenerator(late).with_fallbacks([backup]).stream(0))

    async def aearly(_: AsyncIterator[Any]) -> AsyncIterator[str]:
        raise ValueError("early")
        yield ""  # pragma: no cover

    assert asyncio.run(collect(RunnableGenerator(aearly).with_fallbacks([backup]).astream(0))) == [
        "b", "c"]


class Scaler(Runnable[int, int]):
    def __init__(self, factor: int) -> None:
        self.factor = factor

    def _invoke(self, input: int, config: Any) -> int:
        if self.factor < 0:
            raise ValueError("negative")
        return input * self.factor

    def times(self, factor: int) -> Runnable[int, int]:
        return Scaler(self.factor * factor)


def test_fallbacks_apply_runnable_returning_methods_to_every_fallback() -> None:
    with_fallbacks = Scaler(-1).with_fallbacks([Scaler(1)])
    assert with_fallbacks.factor == -1  # plain attributes: the runnable's
    tripled = with_fallbacks.times(3)
    assert isinstance(tripled, RunnableWithFallbacks)
    assert [r.factor for r in tripled.runnables] == [-3, 3]  # type: ignore[attr-defined]
    assert tripled.invoke(2) == 6


def test_with_types_records_the_types() -> None:
    typed = RunnableLambda(lambda x: x).with_types(input_type=int, output_type=str)
    assert (typed.custom_input_type, typed.custom_output_type) == (int, str)
    assert typed.invoke(1) == 1


def test_chain_decorator_and_generator_functions_stream() -> None:
    @chain
    def words(text: str) -> Iterator[str]:
        yield from text.split()

    assert list(words.stream("a b c")) == ["a", "b", "c"]
    assert words.invoke("a b") == "ab"

    @chain
    async def awords(text: str) -> AsyncIterator[str]:
        for word in text.split():
            yield word

    assert asyncio.run(collect(awords.astream("x y"))) == ["x", "y"]
    assert list(awords.stream("x y")) == ["x", "y"]
    assert RunnableParallel(w=words).invoke("p q") == {"w": "pq"}
