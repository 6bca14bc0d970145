"""Each quirk of real OpenAI-compatible servers, by the name ``openai_stream`` gives it."""

from __future__ import annotations

import json

import pytest

from chunkwise.models import tool_call
from chunkwise.providers import IncompleteStreamError, ProviderError

from . import streams as s
from .helpers import collect, openai_model
from .server import JSON, ReplayServer, Reply

PATH = "/v1/chat/completions"


def test_quirk_empty_choices(server: ReplayServer) -> None:
    """Azure sends content-filter results with empty choices first; usage chunks have none."""
    azure_filter = {"id": "", "object": "", "created": 0, "model": "", "choices": [],
                    "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}]}
    null_choices = {**s.usage_chunk(5, 2), "choices": None}
    server.script(PATH, Reply(s.sse(azure_filter, s.chunk({"content": "Hi"}), s.chunk({}, "stop"),
                                    null_choices, done=True)))
    answer = openai_model(server).invoke("hi")
    assert answer.content == "Hi"
    assert answer.usage_metadata == {"input_tokens": 5, "output_tokens": 2, "total_tokens": 7}


def test_quirk_tool_index_by_id(server: ReplayServer) -> None:
    """Ollama sends each whole call at index 0 (or none): a new id is a new call."""
    server.script(PATH, Reply(s.sse(
        s.chunk({"tool_calls": [s.call(0, id="call_1", name="add", args='{"a": 1, "b": 2}')]}),
        s.chunk({"tool_calls": [s.call(0, id="call_2", name="mul", args='{"a": 3, "b": 4}')]}),
        s.chunk({"tool_calls": [s.call(None, id="call_3", name="neg", args='{"a": 5')]}),
        s.chunk({"tool_calls": [s.call(None, args="}")]}),
        s.chunk({}, "tool_calls"), done=True)))
    answer = openai_model(server).invoke("math")
    assert answer.tool_calls == [tool_call(name="add", args={"a": 1, "b": 2}, id="call_1"),
                                 tool_call(name="mul", args={"a": 3, "b": 4}, id="call_2"),
                                 tool_call(name="neg", args={"a": 5}, id="call_3")]


def test_quirk_arguments_object(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.sse(
        s.chunk({"tool_calls": [s.call(0, id="c", name="f", args={"x": [1, 2]})]}),
        s.chunk({}, "tool_calls"), done=True)))
    assert openai_model(server).invoke("f").tool_calls == [tool_call(name="f", args={"x": [1, 2]},
                                                                     id="c")]


def test_quirk_content_list(server: ReplayServer) -> None:
    """Mistral's magistral models stream content as parts, thinking included."""
    server.script(PATH, Reply(s.sse(
        s.chunk({"content": [{"type": "thinking", "thinking": [{"type": "text", "text": "Hmm."}]}]}),
        s.chunk({"content": [{"type": "text", "text": "Paris"}]}),
        s.chunk({"content": [{"type": "text", "text": "."}]}, "stop"), done=True)))
    answer = openai_model(server).invoke("capital of France?")
    assert answer.content == "Paris."
    assert answer.additional_kwargs == {"reasoning_content": "Hmm."}


def test_quirk_reasoning_content(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.sse(
        s.chunk({"reasoning_content": "Think"}), s.chunk({"reasoning": "ing."}),
        s.chunk({"content": "42"}, "stop"), done=True)))
    answer = openai_model(server).invoke("answer?")
    assert (answer.content, answer.additional_kwargs) == ("42", {"reasoning_content": "Thinking."})


def test_quirk_no_done(server: ReplayServer) -> None:
    """Some servers end after the finish reason without ``[DONE]``: complete."""
    server.script(PATH, Reply(s.openai_text("fine", done=False)))
    assert openai_model(server).invoke("hi").content == "fine"


def test_quirk_cumulative_usage(server: ReplayServer) -> None:
    """vLLM's continuous usage and Groq's ``x_groq`` report running totals."""
    server.script(PATH, Reply(s.sse(
        s.chunk({"content": "a"}, usage={"prompt_tokens": 4, "completion_tokens": 1,
                                         "total_tokens": 5}),
        s.chunk({"content": "b"}, usage={"prompt_tokens": 4, "completion_tokens": 2,
                                         "total_tokens": 6}),
        s.chunk({}, "stop", x_groq={"usage": {"prompt_tokens": 4, "completion_tokens": 3,
                                              "total_tokens": 7}}), done=True)))
    assert openai_model(server).invoke("hi").usage_metadata == {
        "input_tokens": 4, "output_tokens": 3, "total_tokens": 7}


def test_quirk_error_event(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.sse(s.chunk({"content": "x"}),
                                    ("error", {"message": "context overflow", "code": 400}))))
    chunks, error = collect(openai_model(server).stream("hi"))
    assert len(chunks) == 1 and isinstance(error, ProviderError)
    assert error.message == "context overflow" and error.type == "400"


def test_quirk_stream_options_refused(server: ReplayServer) -> None:
    refused = Reply(json.dumps({"object": "error", "message": "Extra inputs are not permitted: "
                                "stream_options", "type": "invalid_request_error"}).encode(),
                    status=422, headers=dict(JSON), chunked=False)
    server.script(PATH, refused, Reply(s.openai_text("ok", usage=None)))
    model = openai_model(server)
    assert model.invoke("hi").content == "ok"
    first, second = (r.json() for r in server.requests)
    assert "stream_options" in first and "stream_options" not in second
    model.invoke("again")  # remembered: not sent again
    assert "stream_options" not in server.requests[2].json()


def test_refusals_are_kept(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.sse(s.chunk({"refusal": "I can't "}), s.chunk({"refusal": "help."}),
                                    s.chunk({}, "stop"), done=True)))
    answer = openai_model(server).invoke("something bad")
    assert answer.additional_kwargs["refusal"] == "I can't help."


def test_cut_off_tool_arguments_become_an_invalid_call(server: ReplayServer) -> None:
    """finish_reason "length" mid-arguments: complete stream, incomplete call."""
    server.script(PATH, Reply(s.sse(*s.WEATHER_CALLS[:3], s.chunk({}, "length"), done=True)))
    answer = openai_model(server).invoke("weather?")
    assert answer.tool_calls == []
    [cut] = answer.invalid_tool_calls
    assert (cut["name"], cut["args"], cut["id"]) == ("get_weather", '{"city": "Pa', "call_a")
    assert cut["error"].startswith("arguments cut off")


def test_events_after_done_are_ignored_and_a_stream_without_events_is_incomplete(
        server: ReplayServer) -> None:
    server.script(PATH, Reply(s.openai_text("a") + s.sse(s.chunk({"content": "late"}))))
    assert openai_model(server).invoke("x").content == "a"
    server.script(PATH, Reply(b": keep-alive\n\n"))
    with pytest.raises(IncompleteStreamError, match="0 event"):
        openai_model(server).invoke("x")
