"""Nesting in the parsers: a low default limit (the cost of a chunk grows with it), and no
recursion on the data at any depth the engine allows (issues 13 and 19)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from chunkwise import (
    AIMessage,
    AIMessageChunk,
    JsonOutputKeyToolsParser,
    JsonOutputParser,
    JsonOutputToolsParser,
    OutputParserException,
    PydanticOutputParser,
    PydanticToolsParser,
)
from chunkwise.jsonstream.dumping import dumps
from chunkwise.models import tool_call, tool_call_chunk
from chunkwise.parsers import DEFAULT_MAX_DEPTH

DEEP = 3_000  # far past CPython's recursion limit, well within the engine's max_depth


class Holder(BaseModel):
    value: Any = None
    note: str = "none"


def nested(depth: int) -> Any:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_the_parsers_default_depth_limit_is_128() -> None:
    assert DEFAULT_MAX_DEPTH == 128
    assert JsonOutputParser().invoke("[" * 128 + "]" * 128) == nested(128)
    with pytest.raises(OutputParserException, match="deep"):
        JsonOutputParser().invoke("[" * 129 + "]" * 129)
    with pytest.raises(OutputParserException, match="deep"):
        list(JsonOutputParser().transform(iter("[" * 20_000)))  # issue 19: 43 s of CPU before


@pytest.mark.parametrize("make", [
    lambda: JsonOutputParser(max_depth=None),
    lambda: JsonOutputParser(diff=True, max_depth=None),
    lambda: PydanticOutputParser(Holder, max_depth=None),
])
def test_no_recursion_error_within_the_engine_depth(make: Any) -> None:
    """The last value shown and the final one differ at every level: the old recursive
    comparison (and pydantic's default-forgetting walk) went down them all."""
    text = '{"value": ' + "[" * DEEP + "]" * DEEP + "}"
    split = len(text) // 2
    parser = make()
    final = list(parser.transform(iter([text[:split], text[split:]])))[-1]
    if parser.diff:  # patches: the stream ended with the closing operations
        assert final
        return
    shown = final.value if isinstance(final, Holder) else final["value"]
    assert dumps(shown) == dumps(nested(DEEP))


def _deep_call(index: int = 0, **first: Any) -> list[AIMessageChunk]:
    args = '{"value": ' + "[" * DEEP + "]" * DEEP + "}"
    half = len(args) // 2
    return [AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args=args[:half], index=index, **first)]),
            AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args=args[half:], index=index)])]


@pytest.mark.parametrize("make", [
    lambda: JsonOutputToolsParser(max_depth=None),
    lambda: JsonOutputKeyToolsParser("Holder", max_depth=None),
    lambda: PydanticToolsParser([Holder], max_depth=None),
])
def test_tool_parsers_no_recursion_on_deep_arguments(make: Any) -> None:
    outputs = list(make().transform(iter(_deep_call(name="Holder", id="c1"))))
    assert outputs[-1]


@pytest.mark.parametrize("make", [JsonOutputToolsParser, lambda: PydanticToolsParser([Holder])])
def test_tool_parsers_use_a_whole_message_s_arguments_as_they_are(make: Any) -> None:
    """The arguments were parsed already: not written out with json.dumps (which raises on
    5000-digit integers and deep nesting) and read again."""
    args = {"value": {"n": 10**5000, "deep": nested(DEEP)}}
    message = AIMessage("", tool_calls=[tool_call(name="Holder", args=args, id="c1")])
    [call] = make().invoke(message)
    got = call.value if isinstance(call, Holder) else call["args"]["value"]
    assert got["n"] == 10**5000 and got["deep"] is args["value"]["deep"]


def test_tool_error_messages_write_arguments_without_recursion() -> None:
    class Strict(BaseModel):
        value: int

    message = AIMessage("", tool_calls=[tool_call(name="Strict", args={"value": nested(DEEP)}, id="c1")])
    with pytest.raises(OutputParserException) as caught:
        PydanticToolsParser([Strict]).invoke(message)
    assert caught.value.llm_output.startswith('{"value": [[[')
