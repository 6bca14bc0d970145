"""ChatOpenAI against a real HTTP server: streaming, requests, tools, errors and retries."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from chunkwise import JsonOutputToolsParser, tool
from chunkwise.models import AIMessage, AIMessageChunk, ToolMessage, tool_call
from chunkwise.providers import IncompleteStreamError, ProviderError, RetryPolicy

from . import streams as s
from .helpers import acollect, collect, openai_model, total
from .server import JSON, ReplayServer, Reply

PATH = "/v1/chat/completions"


def test_text_streams_as_chunks_with_metadata_and_usage(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.openai_text("The", " sky", " is blue.")))
    chunks = list(openai_model(server).stream("why is the sky blue?"))
    # The server's chunks, then the model's closing chunk (LangChain's placement).
    *sent, closing = chunks
    assert [c.content for c in sent] == ["", "The", " sky", " is blue.", "", ""]
    assert sent[0].response_metadata == {"model_name": "gpt-4o-mini", "system_fingerprint": "fp_1"}
    assert sent[-2].response_metadata == {"finish_reason": "stop"}
    assert sent[-1].usage_metadata == {"input_tokens": 9, "output_tokens": 3, "total_tokens": 12}
    assert all(c.id == "chatcmpl-1" for c in sent)
    assert closing.content == "" and closing.chunk_position == "last"
    assert total(chunks).id == "chatcmpl-1"  # the provider's id wins over the run's
    answer = openai_model(server).invoke("why is the sky blue?")
    assert isinstance(answer, AIMessage) and not isinstance(answer, AIMessageChunk)
    assert answer.content == "The sky is blue."
    assert answer.usage_metadata == sent[-1].usage_metadata
    assert answer.response_metadata["finish_reason"] == "stop"
    assert [c.content for c in acollect(openai_model(server).astream("why?"))] == [
        c.content for c in chunks]


def test_the_request_carries_the_options(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.openai_text("ok")))
    model = openai_model(server, temperature=0.2, max_tokens=50, stop="END", seed=7, top_p=0.9,
                         model_kwargs={"user": "u1"}, extra_body={"top_k": 20},
                         default_headers={"x-team": "docs"})
    model.invoke([("system", "Be brief."), ("human", "hi"),
                  AIMessage("", tool_calls=[tool_call(name="f", args={"a": 1}, id="c1")]),
                  ToolMessage("42", tool_call_id="c1")])
    [request] = server.requests
    body = request.json()
    assert body["model"] == "gpt-4o-mini" and body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert (body["temperature"], body["max_tokens"], body["stop"], body["seed"], body["top_p"],
            body["user"], body["top_k"]) == (0.2, 50, ["END"], 7, 0.9, "u1", 20)
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "42"},
    ]
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.headers["x-team"] == "docs"
    assert request.headers["accept"] == "text/event-stream"


def test_openai_itself_gets_max_completion_tokens() -> None:
    from chunkwise.providers import ChatOpenAI

    body = json.loads(ChatOpenAI(model="gpt-4o", api_key="k", max_tokens=5).request([]).body)
    assert body["max_completion_tokens"] == 5 and "max_tokens" not in body


class GetWeather(BaseModel):
    """Get the weather in a city."""

    city: str


def test_parallel_tool_calls_stream_as_tool_call_chunks(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.sse(*s.WEATHER_CALLS, done=True)))
    model = openai_model(server).bind_tools([GetWeather], tool_choice="any")
    chunks = list(model.stream("weather in Paris and Tokyo?"))
    pieces = [piece for c in chunks for piece in c.tool_call_chunks]
    assert pieces[0] == {"name": "get_weather", "args": "", "id": "call_a", "index": 0,
                         "type": "tool_call_chunk"}  # LangChain's "type" key, as on every piece
    assert all(p["type"] == "tool_call_chunk" for p in pieces)
    assert [p["args"] for p in pieces[1:4]] == ['{"ci', 'ty": "Pa', 'ris"}']
    assert pieces[4]["index"] == 1 and pieces[4]["id"] == "call_b"
    final = total(chunks).to_message()
    assert final.tool_calls == [
        tool_call(name="get_weather", args={"city": "Paris"}, id="call_a"),
        tool_call(name="get_weather", args={"city": "Tokyo"}, id="call_b")]
    assert final.usage_metadata == {"input_tokens": 40, "output_tokens": 25, "total_tokens": 65}
    outputs = list((model | JsonOutputToolsParser()).stream("weather?"))
    assert outputs[1] == [{"type": "get_weather", "args": {"city": "Pa"}}]
    assert outputs[-1][1] == {"type": "get_weather", "args": {"city": "Tokyo"}}


def test_bind_tools_sends_each_kind_of_tool(server: ReplayServer) -> None:
    @tool
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    server.script(PATH, Reply(s.openai_text("ok")))
    schema = {"title": "lookup", "description": "Look a word up.", "type": "object",
              "properties": {"word": {"type": "string"}}}
    model = openai_model(server).bind_tools(
        [GetWeather, add, schema, {"type": "function", "function": {"name": "noop"}}],
        tool_choice="get_weather", parallel_tool_calls=False)
    model.invoke("hi")
    body = server.requests[0].json()
    names = [t["function"]["name"] for t in body["tools"]]
    assert names == ["GetWeather", "add", "lookup", "noop"]
    weather = body["tools"][0]["function"]
    assert weather["description"] == "Get the weather in a city."
    assert weather["parameters"]["required"] == ["city"]
    assert body["tools"][1]["function"]["parameters"]["properties"].keys() == {"a", "b"}
    assert body["tool_choice"] == {"type": "function", "function": {"name": "get_weather"}}
    assert body["parallel_tool_calls"] is False
    with pytest.raises(ValueError, match="exactly one tool"):
        openai_model(server).bind_tools([GetWeather, add], tool_choice=True)


# ---- failures -----------------------------------------------------------------------------

def error_reply(status: int, message: str, **headers: str) -> Reply:
    body = json.dumps({"error": {"message": message, "type": "invalid_request_error"}})
    return Reply(body.encode(), status=status, headers={**JSON, **headers}, chunked=False)


def test_http_errors_carry_status_and_message_and_are_not_retried(server: ReplayServer) -> None:
    server.script(PATH, error_reply(401, "Incorrect API key provided."))
    with pytest.raises(ProviderError) as info:
        openai_model(server).invoke("hi")
    assert (info.value.status, info.value.message) == (401, "Incorrect API key provided.")
    assert info.value.type == "invalid_request_error"
    assert "HTTP 401" in str(info.value) and "Incorrect API key" in str(info.value)
    assert len(server.requests) == 1


def test_429_and_5xx_are_retried_honouring_retry_after(server: ReplayServer) -> None:
    server.script(PATH, error_reply(429, "Rate limit reached", **{"retry-after-ms": "30"}),
                  error_reply(503, "Overloaded"), Reply(s.openai_text("ok")))
    assert openai_model(server).invoke("hi").content == "ok"
    assert len(server.requests) == 3


def test_retries_give_up_after_max_retries(server: ReplayServer) -> None:
    server.script(PATH, error_reply(500, "boom"))
    with pytest.raises(ProviderError, match="HTTP 500.*boom") as info:
        openai_model(server, retry_policy=RetryPolicy(max_retries=1, initial_delay=0.001)).invoke("x")
    assert info.value.status == 500 and len(server.requests) == 2


def test_a_retry_after_longer_than_allowed_is_not_waited_for(server: ReplayServer) -> None:
    server.script(PATH, error_reply(429, "slow down", **{"retry-after": "3600"}))
    with pytest.raises(ProviderError, match="slow down"):
        openai_model(server).invoke("x")
    assert len(server.requests) == 1


def test_a_dropped_connection_before_the_body_is_retried(server: ReplayServer) -> None:
    server.script(PATH, Reply(drop=True), Reply(s.openai_text("ok")))
    assert openai_model(server).invoke("hi").content == "ok"
    assert len(server.requests) == 2


def test_a_2xx_that_breaks_before_its_first_byte_is_retried(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.openai_text("lost"), cut_after=0), Reply(s.openai_text("ok")))
    assert openai_model(server).invoke("hi").content == "ok"
    assert len(server.requests) == 2


def test_no_server_at_all_is_a_provider_error_without_status() -> None:
    from chunkwise.providers import ChatOpenAI

    from .helpers import FAST_RETRIES

    model = ChatOpenAI(model="m", base_url="http://127.0.0.1:9/v1", retry_policy=FAST_RETRIES,
                       connect_timeout=2)
    with pytest.raises(ProviderError, match="no response from .* after 3 attempt") as info:
        model.invoke("hi")
    assert info.value.status is None


def test_a_connection_cut_mid_stream_raises_after_the_partial_chunks(server: ReplayServer) -> None:
    body = s.openai_text("one", " two", " three")
    server.script(PATH, Reply(body, cut_after=body.index(b"three")))
    chunks, error = collect(openai_model(server).stream("count"))
    assert isinstance(error, IncompleteStreamError) and "connection broke" in str(error)
    assert "".join(c.text for c in chunks) == "one two"
    assert len(server.requests) == 1  # never retried mid-stream


def test_a_stream_ending_without_done_or_finish_reason_is_incomplete(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.openai_text("one", " two", finish=None, usage=None, done=False)))
    chunks, error = collect(openai_model(server).stream("count"))
    assert isinstance(error, IncompleteStreamError)
    assert "ended before data: [DONE]" in str(error)
    assert "".join(c.text for c in chunks) == "one two"
    with pytest.raises(IncompleteStreamError):
        openai_model(server).invoke("count")


def test_silence_mid_stream_times_out(server: ReplayServer) -> None:
    body = s.openai_text("one", " two")
    server.script(PATH, Reply(body, pause=(body.index(b" two"), 1.0)))
    chunks, error = collect(openai_model(server, timeout=0.2).stream("count"))
    assert isinstance(error, IncompleteStreamError) and "fell silent" in str(error)
    assert chunks and chunks[-1].text != " two"


def test_an_error_event_mid_stream_raises_after_the_partial_chunks(server: ReplayServer) -> None:
    body = s.sse(s.chunk({"content": "Hel"}),
                 {"error": {"message": "The server had an error", "type": "server_error"}})
    server.script(PATH, Reply(body))
    chunks, error = collect(openai_model(server).stream("hi"))
    assert [c.text for c in chunks] == ["Hel"]
    assert isinstance(error, ProviderError) and not isinstance(error, IncompleteStreamError)
    assert error.message == "The server had an error" and error.type == "server_error"


def test_malformed_event_data_is_a_clear_error(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.sse(s.chunk({"content": "a"})) + b"data: {\"choices\": [\n\n"))
    chunks, error = collect(openai_model(server).stream("hi"))
    assert [c.text for c in chunks] == ["a"]
    assert isinstance(error, ProviderError) and "malformed event: data is not JSON" in str(error)


def test_a_json_body_where_a_stream_was_expected(server: ReplayServer) -> None:
    completion = {"id": "x", "object": "chat.completion", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "hi"}, "finish_reason": "stop"}]}
    server.script(PATH, Reply(json.dumps(completion).encode(), headers=dict(JSON), chunked=False))
    with pytest.raises(ProviderError, match="expected an event stream"):
        openai_model(server).invoke("hi")
    server.script(PATH, Reply(b'{"error": {"message": "streaming is off"}}', headers=dict(JSON)))
    with pytest.raises(ProviderError, match="streaming is off"):
        openai_model(server).invoke("hi")


def test_an_ndjson_body_is_not_an_event_stream(server: ReplayServer) -> None:
    body = b"".join(json.dumps(s.chunk({"content": w})).encode() + b"\n" for w in ("a", "b"))
    server.script(PATH, Reply(body, headers={"content-type": "application/x-ndjson"}))
    with pytest.raises(IncompleteStreamError, match="not an event stream"):
        openai_model(server).invoke("hi")


def test_async_errors_match_the_sync_ones(server: ReplayServer) -> None:
    body = s.openai_text("one", " two", " three")
    server.script(PATH, Reply(drop=True), Reply(body, cut_after=body.index(b"three")))
    chunks: list[AIMessageChunk] = []

    async def run() -> None:
        async for chunk in openai_model(server).astream("count"):
            chunks.append(chunk)

    import asyncio

    with pytest.raises(IncompleteStreamError):
        asyncio.run(run())
    assert "".join(c.text for c in chunks) == "one two" and len(server.requests) == 2
