"""The official openai and anthropic SDKs, pointed at the same server, agree with
chunkwise's models; from_openai_stream / from_anthropic_stream read their streams."""

from __future__ import annotations

import asyncio

import anthropic
import openai
import pytest

from chunkwise import JsonOutputParser
from chunkwise.models import add_ai_message_chunks
from chunkwise.providers import (
    ChatAnthropic,
    IncompleteStreamError,
    from_anthropic_stream,
    from_openai_stream,
)

from . import streams as s
from .helpers import FAST_RETRIES, openai_model
from .recordings import recorded
from .sdk_clients import (
    anthropic_assembled,
    anthropic_client,
    chunkwise_assembled,
    openai_assembled,
    openai_client,
)
from .server import ReplayServer, Reply

OPENAI = "/v1/chat/completions"
ANTHROPIC = "/v1/messages"

OPENAI_CASES = {
    "text": s.openai_text("The", " sky", " is", " blue."),
    "parallel_tool_calls": s.sse(*s.WEATHER_CALLS, done=True),
    "empty_choices": s.sse({"id": "", "object": "", "created": 0, "model": "", "choices": []},
                           s.chunk({"content": "Hi"}), s.chunk({}, "stop"), s.usage_chunk(3, 1),
                           done=True),
    **{rec.name: rec.body for rec in recorded("/v1/chat/completions")},
}

ANTHROPIC_CASES = {
    "text": s.anthropic_text("Hello", ", world"),
    "tool_use": s.anthropic(
        s.message_start(20), s.block_start(0, {"type": "text", "text": ""}),
        s.text_delta(0, "Adding."), s.block_stop(0),
        s.block_start(1, {"type": "tool_use", "id": "toolu_1", "name": "add", "input": {}}),
        s.json_delta(1, '{"a": 2,'), s.json_delta(1, ' "b": 3}'), s.block_stop(1),
        s.message_delta("tool_use", 30), s.MESSAGE_STOP),
    **{rec.name: rec.body for rec in recorded("/v1/messages")},
}


@pytest.mark.parametrize("case", sorted(OPENAI_CASES))
def test_the_openai_sdk_and_chat_openai_agree(server: ReplayServer, case: str) -> None:
    server.script(OPENAI, Reply(OPENAI_CASES[case]))
    client = openai_client(f"{server.url}/v1")
    sdk = openai_assembled(client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True,
        stream_options={"include_usage": True}))
    ours = chunkwise_assembled(openai_model(server).invoke("hi"))
    assert ours == sdk
    wrapped = from_openai_stream(client.chat.completions.create(
        model="m", messages=[{"role": "user", "content": "hi"}], stream=True))
    assert chunkwise_assembled(add_ai_message_chunks(*wrapped).to_message()) == sdk


@pytest.mark.parametrize("case", sorted(ANTHROPIC_CASES))
def test_the_anthropic_sdk_and_chat_anthropic_agree(server: ReplayServer, case: str) -> None:
    server.script(ANTHROPIC, Reply(ANTHROPIC_CASES[case]))
    client = anthropic_client(server.url)
    with client.messages.stream(model="m", max_tokens=100,
                                messages=[{"role": "user", "content": "hi"}]) as stream:
        sdk = anthropic_assembled(stream.get_final_message())
    model = ChatAnthropic(model="m", base_url=server.url, api_key="k", retry_policy=FAST_RETRIES)
    assert chunkwise_assembled(model.invoke("hi")) == sdk
    raw = client.messages.create(model="m", max_tokens=100, stream=True,
                                 messages=[{"role": "user", "content": "hi"}])
    assert chunkwise_assembled(add_ai_message_chunks(*from_anthropic_stream(raw)).to_message()) == sdk
    with client.messages.stream(model="m", max_tokens=100,
                                messages=[{"role": "user", "content": "hi"}]) as events:
        helper = add_ai_message_chunks(*from_anthropic_stream(events)).to_message()
    assert chunkwise_assembled(helper) == sdk  # the helper's extra events are skipped


def test_parsers_read_sdk_streams_sync_and_async(server: ReplayServer) -> None:
    server.script(OPENAI, Reply(s.openai_text('{"a": [1', ", 2]", "}")))
    client = openai_client(f"{server.url}/v1")
    stream = client.chat.completions.create(model="m", messages=[], stream=True)
    assert list(JsonOutputParser().transform(from_openai_stream(stream))) == [
        {"a": [1]}, {"a": [1, 2]}]

    async def run() -> list[object]:
        async_client = openai.AsyncOpenAI(base_url=f"{server.url}/v1", api_key="k", max_retries=0)
        stream = await async_client.chat.completions.create(model="m", messages=[], stream=True)
        return [v async for v in JsonOutputParser().atransform(from_openai_stream(stream))]

    assert asyncio.run(run())[-1] == {"a": [1, 2]}


def test_a_cut_off_stream_the_sdk_hands_out_as_whole_raises_here(server: ReplayServer) -> None:
    body = s.openai_text("one", " two", finish=None, usage=None, done=False)
    server.script(OPENAI, Reply(body))
    client = openai_client(f"{server.url}/v1")
    sdk = openai_assembled(client.chat.completions.create(model="m", messages=[], stream=True))
    assert sdk["content"] == "one two"  # the SDK: no error at all
    chunks = []
    with pytest.raises(IncompleteStreamError, match="SDK stream ended before"):
        for chunk in from_openai_stream(client.chat.completions.create(model="m", messages=[],
                                                                       stream=True)):
            chunks.append(chunk)
    assert "".join(c.text for c in chunks) == "one two"
    server.script(ANTHROPIC, Reply(s.anthropic_text("Hel", "lo", stop=False)))
    raw = anthropic_client(server.url).messages.create(
        model="m", max_tokens=10, stream=True, messages=[{"role": "user", "content": "hi"}])
    with pytest.raises(IncompleteStreamError):
        list(from_anthropic_stream(raw))


def test_items_that_are_not_sdk_objects_are_a_clear_error() -> None:
    from chunkwise.providers import ProviderError

    with pytest.raises(ProviderError, match="cannot read a stream item of type int"):
        list(from_openai_stream([1]))
    assert [c.text for c in from_openai_stream([s.chunk({"content": "x"}, "stop")])] == ["x"]
    _ = anthropic.Anthropic  # the SDKs are imported by the tests only
