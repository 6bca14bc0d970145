"""``chunkwise parse --sse``: the JSON in a provider's raw event stream (as ``curl -N`` gives it).

Real bodies: the streams recorded from llama-server (tests/providers/recordings), and
bodies built from the providers' documented formats (tests/providers/streams.py).
"""

from __future__ import annotations

import json

from chunkwise.models import AIMessageChunk, add_ai_message_chunks
from chunkwise.providers.openai_stream import OpenAIStream
from chunkwise.providers.wire import SSEDecoder
from tests.providers import streams as s
from tests.providers.recordings import recorded

from .helpers import run_cli


def recording(name: str) -> bytes:
    return next(rec.body for rec in recorded() if rec.name == name)


def test_openai_recording_the_answers_json() -> None:
    result = run_cli("parse", "--sse", "openai", data=recording("llamacpp_json_schema"))
    assert result.status == 0 and result.err == ""
    assert result.records[-1] == {"name": " but only by", "population": 358, "languages": [" fish live"]}
    items = run_cli("parse", "--sse", "openai", "--items", "/languages/*",
                    data=recording("llamacpp_json_schema"))
    assert items.records == [" fish live"]


def message(body: bytes) -> AIMessageChunk:
    """What ``ChatOpenAI`` makes of the body: the oracle."""
    decoder, state = SSEDecoder(), OpenAIStream()
    return add_ai_message_chunks(*[chunk for event in decoder.feed(body) for chunk in state.event(event)])


def test_tool_call_arguments_by_their_order() -> None:
    body = recording("llamacpp_tool_calls")
    calls = [run_cli("parse", "--sse", "openai", "--tool-call", str(n), data=body) for n in range(3)]
    assert [call.status for call in calls] == [0, 0, 0]
    assert [call.records[-1] for call in calls] == [call["args"] for call in message(body).tool_calls]


def test_text_without_json_points_at_the_tool_calls() -> None:
    result = run_cli("parse", "--sse", "openai", data=recording("llamacpp_tool_calls"))
    assert result.status == 2  # "<tool_call>" is all the text: no JSON value began
    assert "No JSON value" in result.err
    assert "(the stream carried 3 tool call(s): read their arguments with --tool-call 0)" in result.err
    missing = run_cli("parse", "--sse", "openai", "--tool-call", "3", data=recording("llamacpp_tool_calls"))
    assert missing.status == 2 and "(the stream carried 3 tool call(s))" in missing.err


def test_answer_cut_off_by_the_token_limit() -> None:
    result = run_cli("parse", "--sse", "openai", "--tool-call", "0",
                     data=recording("llamacpp_tool_calls_length"))
    assert result.status == 2 and "input cut off" in result.err


def test_anthropic_text_and_tool_use_blocks() -> None:
    body = s.anthropic(
        s.message_start(), s.block_start(0, {"type": "text", "text": ""}),
        s.text_delta(0, 'Here: ```json\n{"a": [1, '), s.text_delta(0, '2]}\n```'), s.block_stop(0),
        s.block_start(1, {"type": "tool_use", "id": "t1", "name": "f", "input": {}}),
        s.json_delta(1, '{"city": "Pa'), s.json_delta(1, 'ris"}'), s.block_stop(1),
        s.message_delta("tool_use"), s.MESSAGE_STOP)
    assert run_cli("parse", "--sse", "anthropic", data=body).records[-1] == {"a": [1, 2]}
    call = run_cli("parse", "--sse", "anthropic", "--tool-call", "0", "--items", "/city", data=body)
    assert (call.status, call.records) == (0, ["Paris"])  # the first call, though its block is 1


def test_gemini() -> None:
    body = s.sse(s.gemini({"text": '{"ok": tr'}), s.gemini({"text": "ue}"}, finish="STOP"))
    result = run_cli("parse", "--sse", "gemini", data=body)
    assert (result.status, result.records) == (0, [{"ok": True}])  # one read: one change


def test_a_stream_cut_off_before_its_terminator_exits_2() -> None:
    body = s.openai_text('{"a": ', "1}", finish=None, usage=None, done=False)
    result = run_cli("parse", "--sse", "openai", data=body)
    assert result.status == 2 and result.records == [{"a": 1}]
    assert "the stream ended before data: [DONE] or a finish_reason" in result.err
    cut_json = run_cli("parse", "--sse", "openai", data=body[: body.index(b"1}")])
    assert cut_json.status == 2
    assert "input cut off" in cut_json.err and "the stream ended before" in cut_json.err


def test_an_error_event_exits_1_after_the_values() -> None:
    body = s.sse(s.chunk({"content": '{"a": [1,'}), {"error": {"message": "overloaded", "type": "server_error"}})
    result = run_cli("parse", "--sse", "openai", data=body)
    assert result.status == 1 and result.records == [{"a": [1]}]
    assert "error event mid-stream: overloaded" in result.err


def test_input_that_is_not_an_event_stream() -> None:
    body = json.dumps({"error": {"message": "bad key"}}).encode()  # curl without --fail
    result = run_cli("parse", "--sse", "openai", data=body + b"\n")
    assert result.status == 2 and "the body is not an event stream" in result.err
    unfinished = run_cli("parse", "--sse", "openai", data=body)
    assert unfinished.status == 2 and "(0 event(s) received)" in unfinished.err
    malformed = run_cli("parse", "--sse", "openai", data=b"data: {oops\n\n")
    assert malformed.status == 1 and "malformed event" in malformed.err
