"""ChatGoogleGenerativeAI against a real HTTP server: streamGenerateContent over SSE."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from chunkwise import OutputParserException
from chunkwise.models import AIMessage, ToolMessage, tool_call
from chunkwise.providers import ChatGoogleGenerativeAI, IncompleteStreamError, ProviderError

from . import streams as s
from .helpers import FAST_RETRIES, collect, total
from .server import JSON, ReplayServer, Reply

PATH = "/v1beta/models/gemini-2.5-flash:streamGenerateContent"


def model(server: ReplayServer, **options: Any) -> ChatGoogleGenerativeAI:
    return ChatGoogleGenerativeAI(model="gemini-2.5-flash", base_url=f"{server.url}/v1beta",
                                  api_key="g-test", retry_policy=FAST_RETRIES, **options)


def text_reply() -> Reply:
    return Reply(s.sse(s.gemini({"text": "Thinking...", "thought": True}, usage=(8, 0)),
                       s.gemini({"text": "Blue"}, usage=(8, 1)),
                       s.gemini({"text": " sky."}, finish="STOP", usage=(8, 3))))


def test_text_usage_deltas_and_reasoning(server: ReplayServer) -> None:
    server.script(PATH, text_reply())
    chunks = list(model(server).stream("sky?"))
    answer = total(chunks).to_message()
    assert answer.content == "Blue sky."
    assert answer.additional_kwargs == {"reasoning_content": "Thinking..."}
    assert answer.usage_metadata == {"input_tokens": 8, "output_tokens": 3, "total_tokens": 11}
    assert answer.response_metadata == {"model_name": "gemini-2.5-flash", "finish_reason": "STOP"}
    assert answer.id == "resp-1"
    request = server.requests[0]
    assert request.path.endswith(":streamGenerateContent?alt=sse")
    assert request.headers["x-goog-api-key"] == "g-test"


def test_the_request(server: ReplayServer) -> None:
    server.script(PATH, text_reply())
    model(server, temperature=0.1, max_tokens=64, stop="X", seed=3).invoke([
        ("system", "Be brief."), ("human", "weather?"),
        AIMessage("", tool_calls=[tool_call(name="weather", args={"city": "Oslo"}, id="c1")],
                  additional_kwargs={"thought_signatures": {"c1": "sig=="}}),
        ToolMessage("sunny", tool_call_id="c1")])
    body = server.requests[0].json()
    assert body["systemInstruction"] == {"parts": [{"text": "Be brief."}]}
    assert body["generationConfig"] == {"temperature": 0.1, "maxOutputTokens": 64,
                                        "stopSequences": ["X"], "seed": 3}
    assert body["contents"] == [
        {"role": "user", "parts": [{"text": "weather?"}]},
        {"role": "model", "parts": [{"functionCall": {"name": "weather", "args": {"city": "Oslo"}},
                                     "thoughtSignature": "sig=="}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "weather",
                                                         "response": {"result": "sunny"}}}]},
    ]


class Weather(BaseModel):
    """The weather in a city."""

    city: str


def test_function_calls_and_structured_output(server: ReplayServer) -> None:
    calls = s.sse(s.gemini({"functionCall": {"name": "Weather", "args": {"city": "Oslo"}},
                            "thoughtSignature": "abc"},
                           {"functionCall": {"name": "Weather", "args": {"city": "Rome"}}}),
                  s.gemini(finish="STOP", usage=(20, 10)))
    server.script(PATH, Reply(calls))
    answer = model(server).bind_tools([Weather], tool_choice="Weather").invoke("x")
    assert answer.tool_calls == [tool_call(name="Weather", args={"city": "Oslo"}, id="resp-1-0"),
                                 tool_call(name="Weather", args={"city": "Rome"}, id="resp-1-1")]
    assert answer.additional_kwargs["thought_signatures"] == {"resp-1-0": "abc"}
    body = server.requests[0].json()
    assert body["tools"][0]["functionDeclarations"][0]["name"] == "Weather"
    assert body["toolConfig"] == {"functionCallingConfig": {
        "mode": "ANY", "allowedFunctionNames": ["Weather"]}}
    server.script(PATH, Reply(s.sse(s.gemini({"text": '{"city": "Li'}),
                                    s.gemini({"text": 'ma"}'}, finish="STOP"))))
    structured = model(server, temperature=0).with_structured_output(Weather)
    assert list(structured.stream("x"))[-1] == Weather(city="Lima")
    config = server.requests[-1].json()["generationConfig"]
    assert config["temperature"] == 0 and config["responseMimeType"] == "application/json"
    assert config["responseJsonSchema"]["required"] == ["city"]


def test_blocked_prompts_and_safety_stops_are_surfaced(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.sse({"promptFeedback": {"blockReason": "SAFETY"},
                                     "modelVersion": "gemini-2.5-flash"})))
    answer = model(server).invoke("x")
    assert answer.response_metadata["block_reason"] == "SAFETY"
    with pytest.raises(OutputParserException, match="refused: the prompt was blocked"):
        model(server).with_structured_output(Weather).invoke("x")
    server.script(PATH, Reply(s.sse(s.gemini({"text": '{"ci'}, finish="SAFETY"))))
    with pytest.raises(OutputParserException, match="refused"):
        model(server).with_structured_output(Weather).invoke("x")


def test_errors(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.sse(s.gemini({"text": "Hi"}))))
    chunks, error = collect(model(server).stream("x"))
    assert [c.text for c in chunks] == ["Hi"]
    assert isinstance(error, IncompleteStreamError) and "finishReason" in str(error)
    server.script(PATH, Reply(s.sse(s.gemini({"text": "Hi"}),
                                    {"error": {"code": 503, "message": "The model is overloaded.",
                                               "status": "UNAVAILABLE"}})))
    chunks, error = collect(model(server).stream("x"))
    assert isinstance(error, ProviderError) and error.type == "UNAVAILABLE"
    server.script(PATH, Reply(json.dumps([{"error": {"code": 400, "message": "API key not valid.",
                                                     "status": "INVALID_ARGUMENT"}}]).encode(),
                              status=400, headers=dict(JSON), chunked=False))
    with pytest.raises(ProviderError) as info:
        model(server).invoke("x")
    assert (info.value.status, info.value.message) == (400, "API key not valid.")
