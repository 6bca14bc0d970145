"""Messages cross between chunkwise and langchain_core with nothing lost, both ways."""

from __future__ import annotations

from typing import Any

import langchain_core.messages as lc
import pytest

import chunkwise.models as cw
from chunkwise.langchain import from_langchain_message, to_langchain_message

BLOCKS = [{"type": "text", "text": "Hel", "index": 0},
          {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]
USAGE = {"input_tokens": 3, "output_tokens": 5, "total_tokens": 8,
         "input_token_details": {"cache_read": 1}, "output_token_details": {"reasoning": 2}}
COMMON: dict[str, Any] = {"id": "msg_1", "name": "bot", "additional_kwargs": {"refusal": None},
                          "response_metadata": {"model_name": "m", "finish_reason": "stop"}}
CALL = {"name": "weather", "args": {"city": "Paris", "deep": [[{"n": 10 ** 30}]]}, "id": "call_1",
        "type": "tool_call"}
INVALID = {"name": "weather", "args": '{"city": ', "id": "call_2", "error": "cut off",
           "type": "invalid_tool_call"}
PIECES = [{"name": "weather", "args": '{"city": "Pa', "id": "call_1", "index": 0,
           "type": "tool_call_chunk"},
          {"name": "clock", "args": "{}", "id": "call_3", "index": 1, "type": "tool_call_chunk"}]

LANGCHAIN = [
    lc.HumanMessage(content=BLOCKS, **COMMON),
    lc.HumanMessageChunk(content="hi", **COMMON),
    lc.SystemMessage(content="be brief", **COMMON),
    lc.SystemMessageChunk(content="be", **COMMON),
    lc.AIMessage(content=BLOCKS, tool_calls=[CALL], invalid_tool_calls=[INVALID],
                 usage_metadata=USAGE, **COMMON),
    lc.AIMessage(content="plain"),
    lc.AIMessageChunk(content=BLOCKS, tool_call_chunks=PIECES, usage_metadata=USAGE,
                      chunk_position="last", **COMMON),
    lc.AIMessageChunk(content="", tool_calls=[CALL]),
    lc.ToolMessage(content="22 C", tool_call_id="call_1", status="error", **COMMON),
    lc.ToolMessage(content="22 C", tool_call_id="call_1", artifact={"raw": [22.4, {"unit": "C"}]}),
    lc.ToolMessageChunk(content="22", tool_call_id="call_1", **COMMON),
    lc.ToolMessageChunk(content="22", tool_call_id="call_1", artifact=["reading"]),
    lc.ChatMessage(content="x", role="critic", **COMMON),
    lc.ChatMessageChunk(content="x", role="critic", **COMMON),
    lc.FunctionMessage(content="r", name="f"),
    lc.FunctionMessageChunk(content="r", name="f"),
]


@pytest.mark.parametrize("message", LANGCHAIN, ids=lambda m: type(m).__name__)
def test_langchain_to_chunkwise_and_back_is_the_same_message(message: lc.BaseMessage) -> None:
    ours = from_langchain_message(message)
    assert type(ours).__name__ == type(message).__name__
    assert ours.content == message.content and ours.id == message.id
    assert ours.additional_kwargs == message.additional_kwargs
    assert ours.response_metadata == message.response_metadata
    back = to_langchain_message(ours)
    assert type(back) is type(message)
    assert back == message


@pytest.mark.parametrize("message", LANGCHAIN, ids=lambda m: type(m).__name__)
def test_chunkwise_to_langchain_and_back_is_the_same_message(message: lc.BaseMessage) -> None:
    ours = from_langchain_message(message)
    assert from_langchain_message(to_langchain_message(ours)) == ours


def test_ai_fields_arrive_as_they_were() -> None:
    ours = from_langchain_message(LANGCHAIN[4])
    assert isinstance(ours, cw.AIMessage)
    assert ours.tool_calls == [CALL]
    assert ours.invalid_tool_calls == [INVALID]
    assert ours.usage_metadata == USAGE


def test_chunk_fields_arrive_as_they_were() -> None:
    ours = from_langchain_message(LANGCHAIN[6])
    assert isinstance(ours, cw.AIMessageChunk)
    assert ours.tool_call_chunks == PIECES
    assert ours.chunk_position == "last"
    assert ours.tool_calls == LANGCHAIN[6].tool_calls  # both parse the pieces the same way


def test_adding_converted_chunks_is_converting_the_sum() -> None:
    parts = [lc.AIMessageChunk(content="a", id="lc_run-1", tool_call_chunks=[PIECES[0]]),
             lc.AIMessageChunk(content="b", id="msg_7", tool_call_chunks=[
                 {"name": None, "args": 'ris"}', "id": None, "index": 0}],
                 usage_metadata=USAGE, chunk_position="last")]
    theirs = parts[0] + parts[1]
    ours = from_langchain_message(parts[0]) + from_langchain_message(parts[1])
    assert to_langchain_message(ours) == theirs
    assert ours.tool_calls[0]["args"] == {"city": "Paris"}


def test_openai_tool_calls_in_additional_kwargs_survive() -> None:
    raw = {"tool_calls": [{"id": "c1", "type": "function",
                           "function": {"name": "weather", "arguments": '{"city": "Paris"}'}}]}
    theirs = lc.AIMessage(content="", additional_kwargs=raw)
    ours = from_langchain_message(theirs)
    assert ours.additional_kwargs == raw
    assert ours.tool_calls == theirs.tool_calls  # LangChain filled them from the raw calls


def test_a_message_without_counterpart_is_refused_clearly() -> None:
    with pytest.raises(TypeError, match="no chunkwise counterpart of langchain's RemoveMessage"):
        from_langchain_message(lc.RemoveMessage(id="1"))


def test_tool_chunks_add_their_artifacts_as_langchain_does() -> None:
    pieces = [({"a": "x"}, {"b": 1}), ("ab", "c"), ([1], [2]), (None, 5), (7, 7)]
    for left, right in pieces:
        theirs = (lc.ToolMessageChunk(content="", tool_call_id="c", artifact=left)
                  + lc.ToolMessageChunk(content="", tool_call_id="c", artifact=right))
        ours = (cw.ToolMessageChunk(content="", tool_call_id="c", artifact=left)
                + cw.ToolMessageChunk(content="", tool_call_id="c", artifact=right))
        assert ours.artifact == theirs.artifact
        assert to_langchain_message(ours) == theirs
    for left, right, error in [("a", 1, TypeError), (1, 2, ValueError)]:
        with pytest.raises(error):
            cw.ToolMessageChunk(content="", tool_call_id="c", artifact=left) + cw.ToolMessageChunk(
                content="", tool_call_id="c", artifact=right)
