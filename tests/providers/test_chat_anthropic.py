"""ChatAnthropic against a real HTTP server: Messages events, tools, usage, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from chunkwise.models import AIMessage, ToolMessage, tool_call
from chunkwise.providers import ChatAnthropic, IncompleteStreamError, ProviderError

from . import streams as s
from .helpers import FAST_RETRIES, acollect, collect, total
from .server import JSON, ReplayServer, Reply

PATH = "/v1/messages"


def model(server: ReplayServer, **options: Any) -> ChatAnthropic:
    return ChatAnthropic(model="claude-sonnet-4-5", base_url=server.url, api_key="sk-ant-test",
                         retry_policy=FAST_RETRIES, **options)


def test_text_usage_and_metadata(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.anthropic_text("Hello", ", world")))
    chunks = list(model(server).stream("hi"))
    assert "".join(c.text for c in chunks) == "Hello, world"
    *sent, closing = chunks  # the server's chunks, then the model's closing chunk
    assert all(c.id == "msg_1" for c in sent) and closing.chunk_position == "last"
    answer = total(chunks).to_message()
    assert answer.id == "msg_1"
    assert answer.response_metadata == {"model_name": "claude-sonnet-4-5", "stop_reason": "end_turn"}
    assert answer.usage_metadata == {"input_tokens": 12, "output_tokens": 6, "total_tokens": 18}
    assert model(server).invoke("hi").content == "Hello, world"
    assert "".join(c.text for c in acollect(model(server).astream("hi"))) == "Hello, world"


def test_the_request(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.anthropic_text("ok")))
    model(server, temperature=0.5, stop=["END"], top_k=5).invoke([
        ("system", "Be brief."), ("human", "add 2 and 3"),
        AIMessage("Adding.", tool_calls=[tool_call(name="add", args={"a": 2, "b": 3}, id="t1")]),
        ToolMessage("5", tool_call_id="t1")])
    request = server.requests[0]
    body = request.json()
    assert (body["model"], body["max_tokens"], body["stream"], body["system"]) == (
        "claude-sonnet-4-5", 1024, True, "Be brief.")
    assert (body["temperature"], body["stop_sequences"], body["top_k"]) == (0.5, ["END"], 5)
    assert body["messages"] == [
        {"role": "user", "content": "add 2 and 3"},
        {"role": "assistant", "content": [
            {"type": "text", "text": "Adding."},
            {"type": "tool_use", "id": "t1", "name": "add", "input": {"a": 2, "b": 3}}]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "t1", "content": "5", "is_error": False}]},
    ]
    assert request.headers["x-api-key"] == "sk-ant-test"
    assert request.headers["anthropic-version"] == "2023-06-01"


def test_a_calls_keyword_arguments_are_bound_for_that_call(server: ReplayServer) -> None:
    """``invoke(x, stop=[...])`` as in LangChain: the stop sequences go under Anthropic's
    own name (``bind(stop=...)`` too), other keywords are request fields; the model
    itself keeps its options."""
    server.script(PATH, *[Reply(s.anthropic_text("ok"))] * 4)
    plain = model(server, stop=["END"])
    plain.invoke("hi", stop=["STOP"], top_k=3)
    list(plain.bind(stop="HALT").stream("hi"))
    acollect(plain.astream("hi", stop=["ASYNC"]))
    plain.invoke("hi")
    bodies = [request.json() for request in server.requests]
    assert [body["stop_sequences"] for body in bodies] == [["STOP"], ["HALT"], ["ASYNC"], ["END"]]
    assert bodies[0]["top_k"] == 3 and "stop" not in bodies[0] and "top_k" not in bodies[3]


class Add(BaseModel):
    """Add two integers."""

    a: int
    b: int


def tool_events(*, stop: str = "tool_use", cut: bool = False) -> list[dict[str, Any]]:
    events = [s.message_start(20), s.block_start(0, {"type": "text", "text": ""}),
              s.text_delta(0, "Let me add."), s.block_stop(0),
              s.block_start(1, {"type": "tool_use", "id": "toolu_1", "name": "Add", "input": {}}),
              s.json_delta(1, ""), s.json_delta(1, '{"a": 2'), s.json_delta(1, ', "b": 3}'),
              s.block_stop(1),
              s.block_start(2, {"type": "tool_use", "id": "toolu_2", "name": "Add", "input": {}}),
              s.json_delta(2, '{"a": 7, "b"')]
    if not cut:
        events += [s.json_delta(2, ": 1}"), s.block_stop(2)]
    return events + [s.message_delta(stop, 41), s.MESSAGE_STOP]


def test_tool_use_blocks_stream_as_tool_call_chunks(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.anthropic(*tool_events())))
    bound = model(server).bind_tools([Add], tool_choice="any", parallel_tool_calls=True)
    chunks = list(bound.stream("2+3 and 7+1"))
    pieces = [p for c in chunks for p in c.tool_call_chunks]
    assert pieces[0] == {"name": "Add", "args": "", "id": "toolu_1", "index": 1,
                         "type": "tool_call_chunk"}
    assert all(p["type"] == "tool_call_chunk" for p in pieces)
    answer = total(chunks).to_message()
    assert answer.content == "Let me add."
    assert answer.tool_calls == [tool_call(name="Add", args={"a": 2, "b": 3}, id="toolu_1"),
                                 tool_call(name="Add", args={"a": 7, "b": 1}, id="toolu_2")]
    assert answer.usage_metadata == {"input_tokens": 20, "output_tokens": 41, "total_tokens": 61}
    body = server.requests[0].json()
    assert body["tools"] == [{"name": "Add", "description": "Add two integers.", "input_schema": {
        "properties": {"a": {"title": "A", "type": "integer"},
                       "b": {"title": "B", "type": "integer"}},
        "required": ["a", "b"], "type": "object"}}]
    assert body["tool_choice"] == {"type": "any"}


def test_max_tokens_mid_arguments_gives_an_invalid_call(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.anthropic(*tool_events(stop="max_tokens", cut=True))))
    answer = model(server).invoke("x")
    assert [c["id"] for c in answer.tool_calls] == ["toolu_1"]
    [cut] = answer.invalid_tool_calls
    assert cut["id"] == "toolu_2" and cut["error"].startswith("arguments cut off")


def test_structured_output_defaults_to_a_forced_tool(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.anthropic(*tool_events())))
    values = list(model(server).with_structured_output(Add).stream("2+3"))
    assert values[-1] == Add(a=2, b=3)
    assert server.requests[0].json()["tool_choice"] == {"type": "tool", "name": "Add"}
    server.script(PATH, Reply(s.anthropic_text('{"a": 1,', ' "b": 2}')))
    assert model(server).with_structured_output(Add, method="json_schema").invoke("x") == Add(a=1, b=2)
    assert server.requests[-1].json()["output_config"]["format"]["type"] == "json_schema"
    with pytest.raises(ValueError, match="does not support method='json_mode'"):
        model(server).with_structured_output(Add, method="json_mode")


def test_error_event_ping_and_unknown_events(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.anthropic(
        s.message_start(), s.PING, {"type": "future_event", "x": 1},
        s.block_start(0, {"type": "text", "text": ""}), s.text_delta(0, "Part"),
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})))
    chunks, error = collect(model(server).stream("hi"))
    assert "".join(c.text for c in chunks) == "Part"
    assert isinstance(error, ProviderError) and error.type == "overloaded_error"
    assert error.message == "Overloaded"


def test_a_stream_without_message_stop_is_incomplete(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.anthropic_text("Hel", "lo", stop=False)))
    chunks, error = collect(model(server).stream("hi"))
    assert "".join(c.text for c in chunks) == "Hello"
    assert isinstance(error, IncompleteStreamError) and "message_stop" in str(error)


def test_http_errors_and_529_retries(server: ReplayServer) -> None:
    overloaded = Reply(json.dumps({"type": "error", "error": {
        "type": "overloaded_error", "message": "Overloaded"}}).encode(),
        status=529, headers=dict(JSON), chunked=False)
    server.script(PATH, overloaded, Reply(s.anthropic_text("ok")))
    assert model(server).invoke("hi").content == "ok"
    bad = Reply(json.dumps({"type": "error", "error": {
        "type": "invalid_request_error", "message": "max_tokens: must be positive"}}).encode(),
        status=400, headers=dict(JSON), chunked=False)
    server.script(PATH, bad)
    with pytest.raises(ProviderError) as info:
        model(server).invoke("hi")
    assert (info.value.status, info.value.type) == (400, "invalid_request_error")
    assert info.value.message == "max_tokens: must be positive"
