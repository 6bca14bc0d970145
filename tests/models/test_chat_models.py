"""Chat models: the streaming guide's scenarios on fake models, the hook fallbacks,
run ids, input forms and concurrency."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from chunkwise import (
    AIMessage,
    AIMessageChunk,
    BaseChatModel,
    ChatPromptTemplate,
    GenericFakeChatModel,
    HumanMessage,
    ScriptedChatModel,
    SystemMessage,
)
from chunkwise.models import BaseMessage, StringPromptValue
from chunkwise.samples import COUNTRIES_JSON, COUNTRIES_TOKENS

SKY = "The sky appears blue because of Rayleigh scattering."


def sky_model() -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([SKY] * 4), split="words")


# ---- guide scenario 1: model.stream / astream -----------------------------------

def test_guide_stream_prints_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    model = sky_model()
    chunks = []
    for chunk in model.stream("what color is the sky?"):
        chunks.append(chunk)
        print(chunk.content, end="|", flush=True)
    assert capsys.readouterr().out.startswith("The| sky| appears| blue|")
    assert all(isinstance(c, AIMessageChunk) and c.id == chunks[0].id for c in chunks)
    assert chunks[0].id.startswith("lc_run--")
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    assert total.content == SKY


def test_guide_astream_prints_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    model = sky_model()

    async def main() -> None:
        async for chunk in model.astream("what color is the sky?"):
            print(chunk.content, end="|", flush=True)

    asyncio.run(main())
    assert capsys.readouterr().out == "The| sky| appears| blue| because| of| Rayleigh| scattering.|"


# ---- guide scenario 2: prompt | model | parser ----------------------------------

def str_output_parser(chunks: Iterator[Any]) -> Iterator[str]:
    """Stand-in for the parsers layer's StrOutputParser (issue 5 is not done yet):
    each message chunk's text, chunk for chunk."""
    for chunk in chunks:
        yield chunk if isinstance(chunk, str) else chunk.text


def test_guide_prompt_model_parser_chain() -> None:
    prompt = ChatPromptTemplate.from_template("tell me a joke about {topic}")
    model = GenericFakeChatModel(
        messages=iter(["Why did the parrot talk? Because it could."] * 2), split="words")
    chain = prompt | model | str_output_parser
    pieces = list(chain.stream({"topic": "parrot"}))
    assert pieces[:3] == ["Why", " did", " the"]
    assert "".join(pieces) == "Why did the parrot talk? Because it could."

    async def main() -> list[str]:
        return [piece async for piece in chain.astream({"topic": "parrot"})]

    assert "".join(asyncio.run(main())) == "Why did the parrot talk? Because it could."


# ---- guide scenario 3: astream_events on the model alone -------------------------

def test_guide_events_first_and_last() -> None:
    model = sky_model()

    async def main() -> list[Any]:
        return [event async for event in model.astream_events("hello", version="v2")]

    events = asyncio.run(main())
    first, last = events[0], events[-1]
    assert first["event"] == "on_chat_model_start"
    assert first["data"] == {"input": "hello"}
    assert first["name"] == "GenericFakeChatModel"
    assert last["event"] == "on_chat_model_end"
    output = last["data"]["output"]
    assert isinstance(output, AIMessageChunk) and output.content == SKY
    run_id = first["run_id"]
    assert last["run_id"] == run_id and output.id == f"lc_run--{run_id}"  # chunk id = run id
    streams = events[1:-1]
    assert {e["event"] for e in streams} == {"on_chat_model_stream"}
    assert [e["data"]["chunk"].content for e in streams[:2]] == ["The", " sky"]


def test_events_in_a_chain_nest_under_it() -> None:
    chain = ChatPromptTemplate.from_template("{q}") | sky_model()

    async def main() -> list[Any]:
        return [e async for e in chain.astream_events({"q": "hi"}, version="v2")]

    events = asyncio.run(main())
    names = [e["event"] for e in events]
    assert names[:2] == ["on_chain_start", "on_prompt_start"]
    assert names.index("on_prompt_end") < names.index("on_chat_model_end")
    model_start = events[names.index("on_chat_model_start")]
    assert model_start["parent_ids"] == [events[0]["run_id"]]


# ---- the hooks and their fallbacks -----------------------------------------------

class WholeOnly(BaseChatModel):
    def _generate(self, prompt: list[BaseMessage]) -> AIMessage:
        return AIMessage(f"{len(prompt)} messages, last: {prompt[-1].text}")


class StreamOnly(BaseChatModel):
    def _stream(self, prompt: list[BaseMessage]) -> Iterator[AIMessageChunk | str]:
        yield "a"
        yield AIMessageChunk("b", response_metadata={"finish_reason": "stop"})


class AsyncStreamOnly(BaseChatModel):
    async def _astream(self, prompt: list[BaseMessage]) -> AsyncIterator[AIMessageChunk | str]:
        for token in ("x", "y"):
            await asyncio.sleep(0)
            yield token


def collect_async(model: BaseChatModel, input: Any) -> list[Any]:
    async def main() -> list[Any]:
        return [chunk async for chunk in model.astream(input)]

    return asyncio.run(main())


def test_whole_answer_only_streams_one_chunk() -> None:
    model = WholeOnly()
    [chunk] = list(model.stream("hi"))
    assert type(chunk) is AIMessageChunk and chunk.content == "1 messages, last: hi"
    assert chunk.id is not None and chunk.id.startswith("lc_run--")
    [achunk] = collect_async(model, "hi")
    assert achunk.content == chunk.content
    answer = model.invoke("hi")
    assert type(answer) is AIMessage and answer.id is not None
    assert asyncio.run(model.ainvoke("hi")).content == answer.content


def test_stream_only_model_invokes_by_combining() -> None:
    model = StreamOnly()
    chunks = list(model.stream("hi"))
    # LangChain's end marker: a last empty chunk, since the model did not mark its own
    assert [(c.content, c.chunk_position) for c in chunks] == [("a", None), ("b", None), ("", "last")]
    assert len({c.id for c in chunks}) == 1
    answer = model.invoke("hi")
    assert type(answer) is AIMessage
    assert (answer.content, answer.response_metadata) == ("ab", {"finish_reason": "stop"})
    assert [c.content for c in collect_async(model, "hi")] == ["a", "b", ""]  # bridged
    assert asyncio.run(model.ainvoke("hi")).content == "ab"


def test_async_stream_only_model() -> None:
    model = AsyncStreamOnly()
    assert [c.content for c in collect_async(model, "hi")] == ["x", "y", ""]
    assert asyncio.run(model.ainvoke("hi")).content == "xy"
    assert model.invoke("hi").content == "xy"  # async hooks on a private loop
    assert [c.content for c in model.stream("hi")] == ["xy"]  # no sync stream: one chunk


def test_no_hook_is_a_clear_error() -> None:
    with pytest.raises(NotImplementedError, match="must implement _generate"):
        BaseChatModel().invoke("hi")


def test_input_forms() -> None:
    model = WholeOnly()
    assert model.invoke("q").content == "1 messages, last: q"
    assert model.invoke(StringPromptValue("p")).content == "1 messages, last: p"
    assert model.invoke([("system", "s"), ("human", "h")]).content == "2 messages, last: h"
    assert model.invoke([SystemMessage("s"), HumanMessage("h")]).content == "2 messages, last: h"
    prompt = ChatPromptTemplate.from_messages([("system", "s"), ("human", "{q}")])
    assert (prompt | model).invoke({"q": "z"}).content == "2 messages, last: z"


def test_provider_ids_are_kept() -> None:
    model = ScriptedChatModel(streams=[[AIMessageChunk("a", id="msg-1"), "b"]])
    chunks = list(model.stream("x"))
    assert chunks[0].id == "msg-1" and chunks[1].id.startswith("lc_run--")
    assert (chunks[0] + chunks[1]).id == "msg-1"
    assert model.invoke("x").id == "msg-1"


# ---- concurrency ---------------------------------------------------------------------

def test_one_model_streamed_50_times_concurrently() -> None:
    model = ScriptedChatModel(streams=[list(COUNTRIES_TOKENS)], delay=0.001)

    async def one() -> tuple[str, set[str | None]]:
        chunks = [chunk async for chunk in model.astream("countries")]
        return "".join(c.content for c in chunks), {c.id for c in chunks}

    async def main() -> list[tuple[str, set[str | None]]]:
        return await asyncio.gather(*(one() for _ in range(50)))

    results = asyncio.run(main())
    assert all(text == COUNTRIES_JSON for text, _ in results)
    ids = [ids for _, ids in results]
    assert all(len(i) == 1 for i in ids) and len(set().union(*ids)) == 50  # one id per call


def test_generic_fake_shared_by_threads_answers_each_message_once() -> None:
    messages = [f"answer {n}" for n in range(50)]
    model = GenericFakeChatModel(messages=iter(messages))
    answers = model.batch(["q"] * 50, {"max_concurrency": 8})
    assert sorted(a.content for a in answers) == sorted(messages)
