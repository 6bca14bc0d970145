"""Texts delivered as chat-message chunks: content pieces, or a tool call's argument fragments."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chunkwise import AIMessageChunk, JsonOutputKeyToolsParser, JsonOutputParser
from chunkwise.testing import (
    PropertyFailure,
    check_final_matches,
    check_split_invariance,
    json_texts,
    message_chunks,
    token_streams,
    tool_call_deltas,
)

QUICK = settings(max_examples=30, database=None)
OBJECTS = json_texts(values=st.dictionaries(st.text(max_size=4), st.integers() | st.text(max_size=4), max_size=3))


@given(st.data(), st.text(max_size=20))
def test_message_chunks_carry_the_pieces_as_content(data: st.DataObject, text: str) -> None:
    chunks = data.draw(message_chunks()(text))
    assert all(isinstance(c, AIMessageChunk) for c in chunks)
    assert "".join(c.content for c in chunks) == text
    blocks = data.draw(message_chunks(blocks=True)(text))
    assert "".join(c.content[0]["text"] for c in blocks) == text


@given(st.data(), st.text(max_size=20))
def test_tool_call_deltas_name_the_call_first_then_send_fragments(data: st.DataObject, text: str) -> None:
    head, *rest = data.draw(tool_call_deltas(name="lookup", id="call_9")(text))
    assert head.tool_call_chunks == [{"name": "lookup", "args": "", "id": "call_9", "index": 0,
                                      "type": "tool_call_chunk"}]
    assert "".join(c.tool_call_chunks[0]["args"] for c in rest) == text
    assert all(c.tool_call_chunks[0]["name"] is None and c.tool_call_chunks[0]["index"] == 0 for c in rest)


def test_a_parser_of_messages_is_fuzzed_like_one_of_str() -> None:
    check_split_invariance(JsonOutputParser(), OBJECTS, chunkings=message_chunks(), settings=QUICK)
    check_final_matches(JsonOutputParser(), OBJECTS, json.loads, chunkings=message_chunks(token_streams),
                        settings=QUICK)
    check_final_matches(JsonOutputKeyToolsParser(key_name="f", first_tool_only=True), OBJECTS, json.loads,
                        chunkings=tool_call_deltas(name="f"), settings=QUICK)


def first_chunk_only(messages: Iterator[Any]) -> Iterator[Any]:
    """Reads only the first message's content: a bug only a message stream shows."""
    first = next(iter(messages), None)
    if first is not None:
        yield json.loads(first.content)


def test_failures_report_the_text_pieces() -> None:
    with pytest.raises(PropertyFailure) as caught:
        check_final_matches(first_chunk_only, json_texts(values=st.lists(st.integers())), json.loads,
                            chunkings=message_chunks(), settings=QUICK)
    failure = caught.value
    assert all(isinstance(p, str) for p in failure.pieces) and len(failure.pieces) == len(failure.chunks) == 2
    assert "pieces:" in str(failure) and "".join(failure.pieces) == failure.text


def test_another_message_class() -> None:
    messages = pytest.importorskip("langchain_core.messages", reason="langchain-core is in the test extra")
    from langchain_core.output_parsers import JsonOutputParser as LangChainJsonOutputParser

    check_final_matches(LangChainJsonOutputParser(), ['{"a": [1, "x"]}'], json.loads,
                        chunkings=message_chunks(message=messages.AIMessageChunk), settings=QUICK)
    chunks = tool_call_deltas(message=messages.AIMessageChunk).deliver(['{"a"', ": 1}"])
    assert (chunks[0] + chunks[1] + chunks[2]).tool_calls[0]["args"] == {"a": 1}
