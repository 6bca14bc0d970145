"""Messages: ``+`` on chunks, tool-call chunks, content blocks, repr, coercion."""

from __future__ import annotations

import json
from functools import reduce
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import chunkwise.models.tool_calls as tool_calls_module
from chunkwise.models import (
    AIMessage,
    AIMessageChunk,
    HumanMessage,
    SystemMessage,
    ToolMessage,
    add_ai_message_chunks,
    content_text,
    convert_to_messages,
    get_buffer_string,
    invalid_tool_call,
    message_chunk_to_message,
    tool_call,
    tool_call_chunk,
)


def test_chunks_add_content_id_and_metadata() -> None:
    total = (AIMessageChunk("The", id="run-1") + AIMessageChunk(" sky")
             + AIMessageChunk("", response_metadata={"finish_reason": "stop"}))
    assert total == AIMessageChunk("The sky", id="run-1",
                                   response_metadata={"finish_reason": "stop"})
    assert total.to_message() == AIMessage("The sky", id="run-1",
                                           response_metadata={"finish_reason": "stop"})


def test_repr_shows_only_what_is_set() -> None:
    assert repr(AIMessageChunk("The", id="run-1")) == "AIMessageChunk(content='The', id='run-1')"
    assert repr(HumanMessage("hi")) == "HumanMessage(content='hi')"
    call = tool_call(name="f", args={}, id="c")
    assert repr(AIMessage("", tool_calls=[call])) == f"AIMessage(content='', tool_calls={[call]!r})"


def test_add_does_not_modify_operands() -> None:
    a = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", args='{"a"', index=0)],
                       response_metadata={"x": "1"})
    b = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args=": 1}", index=0)],
                       response_metadata={"x": "2"})
    before = (repr(a), repr(b))
    total = a + b
    assert (repr(a), repr(b)) == before
    assert total.tool_call_chunks == [tool_call_chunk(name="f", args='{"a": 1}', index=0)]


def test_tool_call_chunks_merge_by_index_and_parse_only_when_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    real = tool_calls_module.parse_partial_json

    def counting(text: str) -> Any:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(tool_calls_module, "parse_partial_json", counting)
    pieces = [
        AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="search", args="", id="c1", index=0)]),
        AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args='{"q": "Par', index=0)]),
        AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="add", args='{"a"', id="c2", index=1)]),
        AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args='is"}', index=0)]),
        AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args=": 2", index=1)]),
    ]
    total = reduce(lambda a, b: a + b, pieces)
    assert calls == []  # adding never parses
    assert total.tool_call_chunks == [
        tool_call_chunk(name="search", args='{"q": "Paris"}', id="c1", index=0),
        tool_call_chunk(name="add", args='{"a": 2', id="c2", index=1),
    ]
    assert total.tool_calls == [tool_call(name="search", args={"q": "Paris"}, id="c1"),
                                tool_call(name="add", args={"a": 2}, id="c2")]
    assert total.tool_calls is total.tool_calls and len(calls) == 2  # parsed once, cached
    final = total.to_message()  # the stream is over: "add" was cut off
    assert final.tool_calls == [tool_call(name="search", args={"q": "Paris"}, id="c1")]
    [cut] = final.invalid_tool_calls
    assert (cut["name"], cut["args"], cut["id"]) == ("add", '{"a": 2', "c2")
    assert cut["error"] is not None and cut["error"].startswith("arguments cut off")


def test_a_finished_message_never_shows_cut_off_or_invalid_arguments_as_valid() -> None:
    def final(args: str | None) -> AIMessage:
        return AIMessageChunk("", tool_call_chunks=[
            tool_call_chunk(name="f", args=args, id="c", index=0)]).to_message()

    assert final('{"x": [1, 2]}').tool_calls == [tool_call(name="f", args={"x": [1, 2]}, id="c")]
    assert final("").tool_calls == final(None).tool_calls == [tool_call(name="f", args={}, id="c")]
    for text, kind in [('{"x": [1, 2', "cut off"), ('{"x": "ab', "cut off"), ("{]", "invalid"),
                       ('{"x": 1} {', "invalid")]:
        message = final(text)
        assert message.tool_calls == [], text
        [bad] = message.invalid_tool_calls
        assert bad["error"] is not None and bad["error"].startswith(f"arguments {kind}"), text
    assert final("[1]").invalid_tool_calls[0]["error"] == "arguments are not a JSON object: '[1]'"


def test_the_final_parse_also_holds_for_message_chunk_to_message_and_every_chunk_path() -> None:
    """Chunks from ``+``, from ``add_ai_message_chunks`` and from OpenAI's
    ``additional_kwargs`` all finish with the final parse, even after their streaming
    ``tool_calls`` (auto-completed) were read."""
    head = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", args='{"a": ', index=0)])
    tail = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args="[1", index=0)])
    openai = AIMessageChunk("", additional_kwargs={"tool_calls": [
        {"index": 0, "id": "c", "function": {"name": "f", "arguments": '{"a": [1'}}]})
    for chunk in (head + tail, add_ai_message_chunks(head, tail), openai):
        assert chunk.tool_calls[0]["args"] == {"a": [1]}  # while streaming: auto-completed
        finished = message_chunk_to_message(chunk)
        assert isinstance(finished, AIMessage) and finished.tool_calls == []
        assert finished.invalid_tool_calls[0]["error"].startswith("arguments cut off")


def test_calls_given_whole_or_assigned_stay_as_they_are() -> None:
    given = invalid_tool_call(name="f", args='{"a": 1}', id="c", error="rejected by policy")
    chunk = AIMessageChunk("", tool_calls=[tool_call(name="g", args={"b": 2}, id="d")],
                           invalid_tool_calls=[given])
    finished = chunk.to_message()
    assert finished.tool_calls == [tool_call(name="g", args={"b": 2}, id="d")]
    assert finished.invalid_tool_calls == [given]
    streamed = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", args="{", index=0)])
    streamed.tool_calls = [tool_call(name="f", args={"fixed": True})]
    assert streamed.to_message().tool_calls == [tool_call(name="f", args={"fixed": True})]
    assert streamed.to_message().invalid_tool_calls == []


def test_usage_metadata_adds_up_and_reaches_the_final_message() -> None:
    start = AIMessageChunk("", usage_metadata={"input_tokens": 10, "output_tokens": 0,
                                               "total_tokens": 10})
    text = AIMessageChunk("hi")
    end = AIMessageChunk("", usage_metadata={
        "input_tokens": 0, "output_tokens": 3, "total_tokens": 3,
        "output_token_details": {"reasoning": 1}})
    expected = {"input_tokens": 10, "output_tokens": 3, "total_tokens": 13,
                "output_token_details": {"reasoning": 1}}
    assert (start + text + end).usage_metadata == expected
    assert add_ai_message_chunks(start, text, end).usage_metadata == expected
    assert (start + text + end).to_message().usage_metadata == expected
    assert (text + text).usage_metadata is None
    assert "usage_metadata" in repr(start) and "usage_metadata" not in repr(text)


def test_partial_and_invalid_tool_call_arguments() -> None:
    partial = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", args='{"x": [1, 2', index=0)])
    assert partial.tool_calls[0]["args"] == {"x": [1, 2]}
    empty = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", index=0)])
    assert empty.tool_calls == [tool_call(name="f", args={})]
    broken = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", args="{]", id="c", index=0)])
    assert broken.tool_calls == []
    [invalid] = broken.invalid_tool_calls
    assert (invalid["name"], invalid["args"], invalid["type"]) == ("f", "{]", "invalid_tool_call")
    not_object = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", args="[1]", index=0)])
    assert not_object.tool_calls == [] and len(not_object.invalid_tool_calls) == 1


def test_chunks_without_index_or_with_other_ids_are_separate_calls() -> None:
    a = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", args="{}", id="1", index=0)])
    b = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="g", args="{}", id="2", index=0)])
    c = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="h", args="{}")])
    assert [t["name"] for t in (a + b + c).tool_call_chunks] == ["f", "g", "h"]


def test_content_blocks_merge_by_index_and_text_helper() -> None:
    a = AIMessageChunk([{"type": "text", "text": "Hel", "index": 0}])
    b = AIMessageChunk([{"type": "text", "text": "lo", "index": 0}])
    c = AIMessageChunk([{"type": "image", "url": "u", "index": 1}, "!"])
    total = a + b + c
    assert total.content == [{"type": "text", "text": "Hello", "index": 0},
                             {"type": "image", "url": "u", "index": 1}, "!"]
    assert total.text == content_text(total.content) == "Hello!"
    assert (AIMessageChunk("a") + AIMessageChunk(["b"])).content == ["a", "b"]
    assert (AIMessageChunk(["a"]) + AIMessageChunk("b")).content == ["ab"]


def test_add_many_is_add_pairwise() -> None:
    chunks = [AIMessageChunk("a", id="x"), AIMessageChunk("b", name="n"), AIMessageChunk("c")]
    assert chunks[0] + chunks[1:] == add_ai_message_chunks(*chunks) == chunks[0] + chunks[1] + chunks[2]
    with pytest.raises(TypeError):
        chunks[0] + "text"  # type: ignore[operator]


def test_coercion() -> None:
    messages = convert_to_messages([
        "hi", ("system", "be brief"), ("ai", "ok"), ("assistant", "sure"),
        {"role": "user", "content": "q"}, {"role": "tool", "content": "4", "tool_call_id": "c"},
        HumanMessage("kept"),
    ])
    assert messages == [
        HumanMessage("hi"), SystemMessage("be brief"), AIMessage("ok"), AIMessage("sure"),
        HumanMessage("q"), ToolMessage("4", tool_call_id="c"), HumanMessage("kept"),
    ]
    assert convert_to_messages("one") == [HumanMessage("one")]
    with pytest.raises(ValueError, match="unknown message role 'robot'"):
        convert_to_messages([("robot", "x")])
    with pytest.raises(ValueError, match="tool_call_id"):
        convert_to_messages([("tool", "x")])
    with pytest.raises(TypeError):
        convert_to_messages([42])  # type: ignore[list-item]
    assert get_buffer_string(messages[:3]) == "Human: hi\nSystem: be brief\nAI: ok"


def test_equality_is_by_type_and_fields() -> None:
    assert AIMessage("a") != AIMessageChunk("a")
    assert HumanMessage("a") != HumanMessage("a", id="1")
    assert HumanMessage("a") == HumanMessage("a")


# ---- property: any split of a message's pieces adds up to the message -------------

@st.composite
def split_text(draw: st.DrawFn, text: str) -> list[str]:
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=6)))
    edges = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(edges, edges[1:])]


@st.composite
def message_and_chunks(draw: st.DrawFn) -> tuple[AIMessageChunk, list[AIMessageChunk]]:
    """A whole chunk and a stream of chunks for it: content, tool-call arguments and
    metadata each cut at random places, interleaved at random."""
    text = draw(st.text(max_size=40))
    calls = draw(st.lists(
        st.dictionaries(st.text("abc", min_size=1, max_size=3), st.integers() | st.text(max_size=5),
                        max_size=3),
        max_size=3,
    ))
    metadata = draw(st.dictionaries(st.sampled_from(["model", "finish", "extra"]),
                                    st.text(min_size=1, max_size=5), max_size=3))
    # streams of pieces, one per source; their relative order is kept
    sources: list[list[AIMessageChunk]] = [[AIMessageChunk(t) for t in draw(split_text(text))]]
    whole_calls = []
    for index, args in enumerate(calls):
        arg_text = json.dumps(args)
        fragments = draw(split_text(arg_text))
        sources.append([
            AIMessageChunk("", tool_call_chunks=[tool_call_chunk(
                name=f"tool{index}" if i == 0 else None, id=f"id{index}" if i == 0 else None,
                args=fragment, index=index)])
            for i, fragment in enumerate(fragments)
        ])
        whole_calls.append(tool_call_chunk(name=f"tool{index}", id=f"id{index}", args=arg_text,
                                           index=index))
    sources.append([AIMessageChunk("", response_metadata={key: value})
                    for key, value in metadata.items()])
    order = draw(st.permutations([i for i, s in enumerate(sources) for _ in s]))
    positions = [0] * len(sources)
    stream = [AIMessageChunk("", id="run-1")]
    for source in order:
        stream.append(sources[source][positions[source]])
        positions[source] += 1
    # The index order of calls follows their first piece in the stream.
    first_seen = {c.tool_call_chunks[0]["index"]: n for n, c in enumerate(stream)
                  if c.tool_call_chunks and c.tool_call_chunks[0]["name"]}
    whole_calls.sort(key=lambda call: first_seen[call["index"]])
    whole = AIMessageChunk(text, id="run-1", tool_call_chunks=whole_calls, response_metadata=metadata)
    return whole, stream


@given(message_and_chunks(), st.data())
def test_any_split_adds_up_to_the_whole_message(
    case: tuple[AIMessageChunk, list[AIMessageChunk]], data: st.DataObject,
) -> None:
    whole, stream = case
    left = reduce(lambda a, b: a + b, stream)
    assert left == whole
    assert add_ai_message_chunks(*stream) == whole
    # associativity: add two halves separately, then together
    cut = data.draw(st.integers(1, len(stream)))
    head, tail = stream[:cut], stream[cut:]
    grouped = reduce(lambda a, b: a + b, head)
    if tail:
        grouped = grouped + reduce(lambda a, b: a + b, tail)
    assert grouped == whole
    assert whole.tool_calls == [
        tool_call(name=c["name"] or "", args=json.loads(c["args"] or "{}"), id=c["id"])
        for c in whole.tool_call_chunks
    ]
