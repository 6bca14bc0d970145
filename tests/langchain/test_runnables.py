"""``to_langchain`` / ``from_langchain``: streaming both ways, events, config, cancellation."""

from __future__ import annotations

import asyncio
import functools
import operator
from collections.abc import AsyncIterator, Iterator
from typing import Any

import langchain_core.messages as lc_messages
import langchain_core.runnables as lc
import pytest
from langchain_core.language_models import GenericFakeChatModel

import chunkwise
from chunkwise.langchain import from_langchain, to_langchain, to_langchain_message

TEXT = '{"a": [1, 22, "x y"]}'


def lc_model(text: str = TEXT, times: int = 4) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([lc_messages.AIMessage(content=text)] * times))


def test_a_chunkwise_parser_streams_inside_lcel() -> None:
    chain = lc_model() | to_langchain(chunkwise.JsonOutputParser())
    assert isinstance(chain, lc.Runnable)
    values = list(chain.stream("hi"))
    assert values == [{}, {"a": [1]}, {"a": [1, 22]}, {"a": [1, 22, "x"]}, {"a": [1, 22, "x "]},
                      {"a": [1, 22, "x y"]}]
    assert chain.invoke("hi") == {"a": [1, 22, "x y"]}
    assert asyncio.run(chain.ainvoke("hi")) == {"a": [1, 22, "x y"]}


def test_a_chunkwise_chain_becomes_a_langchain_sequence_of_its_steps() -> None:
    upper = chunkwise.RunnableLambda(lambda message: message.content.upper())
    ours = chunkwise.RunnableLambda(lambda message: message) | chunkwise.JsonOutputParser()
    adapted = to_langchain(ours)
    assert isinstance(adapted, lc.RunnableSequence) and len(adapted.steps) == 2
    assert (lc_model() | adapted).invoke("hi") == {"a": [1, 22, "x y"]}
    assert to_langchain(upper).invoke(lc_messages.AIMessage(content="ab")) == "AB"


def test_langchains_astream_events_show_the_chunkwise_parsers_stream() -> None:
    chain = lc_model() | to_langchain(chunkwise.JsonOutputParser().with_config(run_name="mine"))

    async def main() -> list[Any]:
        return [(e["event"], e["name"], e["data"].get("chunk"))
                async for e in chain.astream_events("hi", version="v2")
                if e["event"].startswith("on_parser")]

    events = asyncio.run(main())
    assert events[0][:2] == ("on_parser_start", "mine")
    assert [chunk for kind, _, chunk in events if kind == "on_parser_stream"][-1] == {
        "a": [1, 22, "x y"]}
    assert events[-1][:2] == ("on_parser_end", "mine")


def test_a_langchain_chat_model_feeds_a_chunkwise_chain() -> None:
    chain = from_langchain(lc_model()) | chunkwise.JsonOutputParser()
    assert list(chain.stream("hi"))[-1] == {"a": [1, 22, "x y"]}

    async def main() -> list[Any]:
        return [value async for value in chain.astream("hi")]

    assert asyncio.run(main())[-1] == {"a": [1, 22, "x y"]}
    chunks = list(from_langchain(lc_model()).stream("hi"))
    assert all(isinstance(c, chunkwise.AIMessageChunk) for c in chunks)
    assert "".join(c.content for c in chunks) == TEXT


def test_chunkwise_events_show_the_langchain_model_as_a_chat_model() -> None:
    chain = from_langchain(lc_model()) | chunkwise.JsonOutputParser()

    async def main() -> list[str]:
        return [e["event"] async for e in chain.astream_events("hi", version="v2")]

    events = asyncio.run(main())
    assert "on_chat_model_stream" in events and "on_parser_stream" in events


def test_a_chunkwise_prompt_feeds_a_langchain_model() -> None:
    prompt = chunkwise.ChatPromptTemplate.from_messages([("system", "be brief"),
                                                         ("human", "tell me about {topic}")])
    seen: list[Any] = []

    def record(value: Any) -> str:
        seen.append(value)
        return "ok"

    assert (prompt | from_langchain(lc.RunnableLambda(record))).invoke({"topic": "bears"}) == "ok"
    assert [m.content for m in seen[0].to_messages()] == ["be brief", "tell me about bears"]
    assert isinstance(seen[0].to_messages()[0], lc_messages.SystemMessage)
    answer = (prompt | from_langchain(lc_model())).invoke({"topic": "bears"})
    assert isinstance(answer, chunkwise.AIMessage) and answer.content == TEXT


def test_streamed_tool_calls_cross_into_chunkwise_tool_parsers() -> None:
    def calls(_: Any) -> Iterator[lc_messages.AIMessageChunk]:
        for i, piece in enumerate(['{"city": "Pa', 'ris"}']):
            yield lc_messages.AIMessageChunk(content="", tool_call_chunks=[
                {"name": "weather" if i == 0 else None, "args": piece,
                 "id": "c1" if i == 0 else None, "index": 0}])

    chain = from_langchain(lc.RunnableLambda(calls)) | chunkwise.JsonOutputToolsParser()
    assert list(chain.stream(""))[-1] == [{"type": "weather", "args": {"city": "Paris"}}]


def test_config_tags_and_metadata_cross() -> None:
    def tags(_: Any, config: lc.RunnableConfig) -> Any:
        return config["tags"], config["metadata"].get("user")

    adapted = from_langchain(lc.RunnableLambda(tags))
    assert adapted.invoke(1, {"tags": ["t1"], "metadata": {"user": "u"}}) == (["t1"], "u")


def test_round_trips_give_back_the_original() -> None:
    parser = chunkwise.JsonOutputParser()
    model = lc_model()
    assert from_langchain(to_langchain(parser)) is parser
    assert to_langchain(from_langchain(model)) is model


# ---------------------------------------------------------------- cancellation

#: A generator function across the bridge: run by chunkwise inside LangChain, and the reverse.
ACROSS = {
    "chunkwise-in-langchain": lambda gen: to_langchain(chunkwise.RunnableGenerator(gen)),
    "langchain-in-chunkwise": lambda gen: from_langchain(lc.RunnableGenerator(gen)),
}


def _sync_counting(closed: list[bool], inputs: Iterator[int]) -> Iterator[int]:
    (n,) = inputs  # one input: the count
    try:
        yield from range(n)
    finally:
        closed.append(True)


@pytest.mark.parametrize("across", ACROSS.values(), ids=list(ACROSS))
def test_closing_the_stream_closes_the_generator_across(across: Any) -> None:
    closed: list[bool] = []
    stream = across(functools.partial(_sync_counting, closed)).stream(1_000_000)
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    stream.close()
    assert closed == [True]


async def _counting(closed: list[bool], inputs: AsyncIterator[int]) -> AsyncIterator[int]:
    n = await anext(inputs)  # one input: the count
    i = 0
    try:
        while i < n:  # yielding to the loop after each number, so it can be cancelled
            yield i
            i += 1
            await asyncio.sleep(0)
    finally:
        closed.append(True)


@pytest.mark.parametrize("across", ACROSS.values(), ids=list(ACROSS))
def test_cancelling_the_astream_closes_the_generator_across(across: Any) -> None:
    closed: list[bool] = []
    adapted = across(functools.partial(_counting, closed))

    async def main() -> list[int]:
        got: list[int] = []

        async def consume() -> None:
            async for i in adapted.astream(10 ** 9):
                got.append(i)

        task = asyncio.create_task(consume())
        while len(got) < 3:
            await asyncio.sleep(0)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return got

    assert asyncio.run(main())[:3] == [0, 1, 2]
    assert closed == [True]


@pytest.mark.parametrize("across", ACROSS.values(), ids=list(ACROSS))
def test_leaving_the_astream_closes_the_generator_across(across: Any) -> None:
    closed: list[bool] = []
    adapted = across(functools.partial(_counting, closed))

    async def main() -> list[int]:
        stream = adapted.astream(10 ** 9)
        got = [await anext(stream) for _ in range(3)]
        await stream.aclose()
        return got

    assert asyncio.run(main()) == [0, 1, 2]
    assert closed == [True]


def test_a_chat_models_stream_adds_up_to_langchains_message() -> None:
    theirs = list(lc_model().stream("hi"))
    ours = list(from_langchain(lc_model()).stream("hi"))
    assert len(ours) == len(theirs)
    assert [c.content for c in ours] == [c.content for c in theirs]
    total_theirs = functools.reduce(operator.add, theirs)
    total_ours = functools.reduce(operator.add, ours)
    assert total_ours.content == total_theirs.content
    assert total_ours.chunk_position == total_theirs.chunk_position
    assert to_langchain_message(total_ours).response_metadata == total_theirs.response_metadata
