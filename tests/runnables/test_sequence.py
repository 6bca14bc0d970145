"""RunnableSequence: invoke vs stream, where streaming stops and resumes, properties."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from chunkwise.runnables import RunnableGenerator, RunnableLambda, RunnableSequence

from .helpers import awords, collect, words


def upper(chunks: Iterator[str]) -> Iterator[str]:
    for chunk in chunks:
        yield chunk.upper()


async def aupper(chunks: AsyncIterator[str]) -> AsyncIterator[str]:
    async for chunk in chunks:
        yield chunk.upper()


def test_streaming_chain_streams_chunk_by_chunk() -> None:
    chain = RunnableGenerator(words) | upper
    assert list(chain.stream("a b c")) == ["A", "B", "C"]
    assert chain.invoke("a b c") == "ABC"


def test_non_streaming_step_aggregates_then_streaming_resumes() -> None:
    seen: list[str] = []

    def whole(text: str) -> str:
        seen.append(text)
        return text + " d"

    chain = RunnableGenerator(words) | whole | words
    assert list(chain.stream("a b c")) == ["abc", "d"]
    assert seen == ["abc"]  # the three chunks added with +


def test_unaddable_chunks_keep_the_last() -> None:
    def objects(it: Iterator[int]) -> Iterator[object]:
        for n in it:
            for i in range(n):
                yield {"i": i}

    chain = RunnableGenerator(objects) | (lambda d: d)
    assert list(chain.stream(3)) == [{"i": 2}]


def test_first_chunk_arrives_before_the_input_is_exhausted() -> None:
    produced: list[str] = []

    def source(it: Iterator[int]) -> Iterator[str]:
        for n in it:
            for i in range(n):
                produced.append(str(i))
                yield str(i)

    stream = (RunnableGenerator(source) | upper).stream(1000)
    assert next(stream) == "0"
    assert len(produced) == 1


def test_async_chain_and_mixed_steps() -> None:
    chain = RunnableGenerator(awords) | upper | aupper
    assert asyncio.run(collect(chain.astream("x y"))) == ["X", "Y"]
    assert list(chain.stream("x y")) == ["X", "Y"]
    assert asyncio.run(chain.ainvoke("x y")) == "XY"


def test_sequence_name_and_repr() -> None:
    chain = RunnableSequence(words, upper, name="pipeline")
    assert chain.get_name() == "pipeline"
    assert RunnableSequence(words, upper).get_name() == "RunnableSequence"
    assert chain.first.get_name() == "words" and chain.last.get_name() == "upper"
    assert "RunnableGenerator(words)" in repr(chain)


texts = st.lists(st.text(alphabet="ab ", max_size=8), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(texts)
def test_stream_chunks_add_up_to_invoke(text: str) -> None:
    chain = RunnableGenerator(words) | upper | RunnableLambda(lambda s: s + "!") | words
    assert "".join(chain.stream(text)) == chain.invoke(text)


@settings(max_examples=20, deadline=None)
@given(texts)
def test_astream_chunks_add_up_to_ainvoke(text: str) -> None:
    chain = RunnableGenerator(awords) | aupper | {"w": RunnablePassthroughProxy()}

    async def main() -> object:
        chunks = await collect(chain.astream(text))
        total = chunks[0]
        for chunk in chunks[1:]:
            total = total + chunk
        assert total == await chain.ainvoke(text)
        return total

    assert asyncio.run(main()) == chain.invoke(text)


def RunnablePassthroughProxy() -> RunnableGenerator[str, str]:  # noqa: N802
    """A streaming identity built from a generator function."""

    def same(it: Iterator[str]) -> Iterator[str]:
        yield from it

    return RunnableGenerator(same)
