"""Fake models: LangChain-identical splitting, scripted replays, delays, fake LLMs."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from langchain_core.language_models import GenericFakeChatModel as LangChainFake

from chunkwise import (
    AIMessage,
    AIMessageChunk,
    FakeListLLM,
    FakeStreamingListLLM,
    GenericFakeChatModel,
    ScriptedChatModel,
)
from chunkwise.models import tool_call, tool_call_chunk
from chunkwise.samples import COUNTRIES_JSON, COUNTRIES_TOKENS

TEXTS = ["The sky appears blue.", "two  spaces\nand a\ttab ", " leading", "x"]


@pytest.mark.parametrize("text", TEXTS)
def test_generic_fake_splits_like_langchain(text: str) -> None:
    ours = [c.content for c in GenericFakeChatModel(messages=iter([text])).stream("hi")]
    theirs = [c.content for c in LangChainFake(messages=iter([text])).stream("hi")]
    assert ours == theirs


def test_generic_fake_empty_answer_streams_nothing() -> None:
    # LangChain's class raises "No generation chunks were returned" here.
    assert list(GenericFakeChatModel(messages=iter([""])).stream("hi")) == []


def test_generic_fake_word_split_is_the_guides_tokens() -> None:
    model = GenericFakeChatModel(messages=iter(["The sky appears  blue.\n"]), split="words")
    assert [c.content for c in model.stream("hi")] == ["The", " sky", " appears", "  blue.", "\n"]


def test_generic_fake_streams_tool_calls_and_invokes_the_message() -> None:
    call = tool_call(name="search", args={"q": "Paris"}, id="c1")
    message = AIMessage("Looking", tool_calls=[call], id="m1")
    model = GenericFakeChatModel(messages=iter([message, message]))
    chunks = list(model.stream("hi"))
    assert chunks[-2].tool_call_chunks == [
        tool_call_chunk(name="search", args='{"q": "Paris"}', id="c1", index=0)]
    assert (chunks[-1].content, chunks[-1].chunk_position) == ("", "last")
    total = chunks[0] + chunks[1:]
    assert total.to_message() == message
    assert model.invoke("hi") is message  # its own id: returned as given


def test_generic_fake_runs_out_with_a_clear_error() -> None:
    model = GenericFakeChatModel(messages=iter(["only"]))
    model.invoke("a")
    with pytest.raises(ValueError, match="no more messages"):
        list(model.stream("b"))


def test_scripted_model_replays_exact_chunks_in_turn() -> None:
    tool_piece = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", args="{", index=0)])
    model = ScriptedChatModel(streams=[list(COUNTRIES_TOKENS), ["a", tool_piece]])
    assert [c.content for c in model.stream("x")] == [*COUNTRIES_TOKENS, ""]
    second = list(model.stream("x"))
    assert second[0].content == "a" and second[1].tool_call_chunks == tool_piece.tool_call_chunks
    assert tool_piece.id is None  # the scripted chunk was labelled on a copy
    assert model.invoke("x").content == COUNTRIES_JSON  # starts over


def test_delay_is_slept_per_chunk_sync_and_async() -> None:
    model = ScriptedChatModel(streams=[["a", "b", "c", "d"]], delay=0.02)
    start = time.perf_counter()
    list(model.stream("x"))
    assert time.perf_counter() - start >= 0.07

    async def main() -> list[Any]:
        return [c.content async for c in model.astream("x")]

    start = time.perf_counter()
    assert asyncio.run(main()) == ["a", "b", "c", "d", ""]
    assert time.perf_counter() - start >= 0.07


def test_fake_list_llm_cycles_and_streams_one_chunk() -> None:
    llm = FakeListLLM(responses=["one", "two"])
    assert [llm.invoke("q"), llm.invoke("q"), llm.invoke("q")] == ["one", "two", "one"]
    assert list(llm.stream("q")) == ["two"]


def test_fake_streaming_list_llm_streams_characters() -> None:
    llm = FakeStreamingListLLM(responses=["hey"], sleep=0.001)
    assert list(llm.stream("q")) == ["h", "e", "y"]

    async def main() -> list[str]:
        return [c async for c in llm.astream("q")]

    assert asyncio.run(main()) == ["h", "e", "y"]
    assert llm.invoke("q") == "hey"


def test_llm_events_and_prompt_input() -> None:
    from chunkwise import PromptTemplate

    chain = PromptTemplate.from_template("say {word}") | FakeStreamingListLLM(responses=["ok"])

    async def main() -> list[Any]:
        return [e async for e in chain.astream_events({"word": "x"}, version="v2")]

    events = asyncio.run(main())
    llm_events = [e for e in events if e["event"].startswith("on_llm")]
    # as LangChain's: the answer's run ends, then its characters are handed on
    assert [e["event"] for e in llm_events] == ["on_llm_start", "on_llm_end"]
    assert llm_events[0]["data"]["input"] == {"prompts": ["say x"]}
    assert llm_events[-1]["data"]["output"] == {
        "generations": [[{"text": "ok", "generation_info": None, "type": "Generation"}]],
        "llm_output": None}
    assert [e["data"]["chunk"] for e in events if e["event"] == "on_chain_stream"] == ["o", "k"]
    assert FakeListLLM(responses=["r"]).invoke([("human", "hi")]) == "r"
