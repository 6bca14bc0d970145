"""Tool-call parsers over tool-call chunks: partial arguments, diff, linear parsing."""

from __future__ import annotations

import json
from typing import Any

import jsonpatch
import pytest
from pydantic import BaseModel

from chunkwise import (
    AIMessage,
    AIMessageChunk,
    JsonOutputKeyToolsParser,
    JsonOutputToolsParser,
    OutputParserException,
    PydanticToolsParser,
    ScriptedChatModel,
)
from chunkwise.jsonstream import IncrementalJsonParser
from chunkwise.models import tool_call, tool_call_chunk

from .helpers import run_async, run_sync


def piece(args: str | None, index: int = 0, **first: Any) -> AIMessageChunk:
    return AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args=args, index=index, **first)])


CHUNKS = [
    piece(None, name="weather", id="c1"),
    piece('{"city": "Pa'),
    piece('ris", "unit'),
    piece('": "F"}'),
    piece('{"q": ["a"', index=1, name="search", id="c2"),
    piece("]}", index=1),
]
WEATHER = {"city": "Paris", "unit": "F"}


class weather(BaseModel):
    city: str
    unit: str = "C"


def test_json_tools_stream_partial_arguments() -> None:
    outputs = run_sync(JsonOutputToolsParser(), CHUNKS)
    assert outputs == [
        [{"type": "weather", "args": {}}],
        [{"type": "weather", "args": {"city": "Pa"}}],
        [{"type": "weather", "args": {"city": "Paris"}}],
        [{"type": "weather", "args": WEATHER}],
        [{"type": "weather", "args": WEATHER}, {"type": "search", "args": {"q": ["a"]}}],
    ]
    assert run_async(JsonOutputToolsParser(), CHUNKS) == outputs
    model = ScriptedChatModel(streams=[CHUNKS])
    assert (model | JsonOutputToolsParser(return_id=True)).invoke("x") == [
        {"type": "weather", "args": WEATHER, "id": "c1"},
        {"type": "search", "args": {"q": ["a"]}, "id": "c2"},
    ]


def test_key_tools_and_first_tool_only() -> None:
    # [] first, as in LangChain: the parser has seen calls, none of them named "search" yet
    assert run_sync(JsonOutputKeyToolsParser(key_name="search"), CHUNKS) == [[], [{"q": ["a"]}]]
    first = run_sync(JsonOutputKeyToolsParser(key_name="weather", first_tool_only=True), CHUNKS)
    assert first == [{}, {"city": "Pa"}, {"city": "Paris"}, WEATHER]
    assert JsonOutputToolsParser(first_tool_only=True).invoke(AIMessage("")) is None


@pytest.mark.parametrize("parser", [
    JsonOutputToolsParser(), JsonOutputToolsParser(return_id=True, first_tool_only=True),
    JsonOutputKeyToolsParser(key_name="weather"),
    JsonOutputKeyToolsParser(key_name="weather", first_tool_only=True),
])
def test_diff_patches_rebuild_the_values(parser: JsonOutputToolsParser) -> None:
    values = run_sync(parser, CHUNKS)
    parser.diff = True
    try:
        doc: Any = {}
        rebuilt = []
        for patch in run_sync(parser, CHUNKS):
            doc = jsonpatch.apply_patch(doc, patch)
            rebuilt.append(doc)
    finally:
        parser.diff = False
    assert rebuilt == values


def test_pydantic_tools() -> None:
    outputs = run_sync(PydanticToolsParser(tools=[weather]), CHUNKS[:4])
    assert outputs[-1] == [weather(city="Paris", unit="F")]
    partial = outputs[-2][0]
    assert partial.city == "Paris" and partial.model_fields_set == {"city"}
    with pytest.raises(OutputParserException, match="Unknown tool 'search'"):
        run_sync(PydanticToolsParser(tools=[weather]), CHUNKS)


def test_whole_messages_and_bad_input() -> None:
    message = AIMessage("", tool_calls=[tool_call(name="weather", args=WEATHER, id="c1")])
    assert JsonOutputKeyToolsParser(key_name="weather").invoke(message) == [WEATHER]
    with pytest.raises(OutputParserException):
        JsonOutputToolsParser().invoke("just text")
    with pytest.raises(OutputParserException, match="Truncated"):
        run_sync(JsonOutputToolsParser(), CHUNKS[:3])
    with pytest.raises(OutputParserException, match="not a JSON object"):
        run_sync(JsonOutputToolsParser(), [piece("[1]", name="weather")])


def test_long_arguments_are_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    fed: list[int] = []
    engine = type(IncrementalJsonParser())  # the class of the backend in use (native or Python)
    original = engine.feed

    def counting(self: IncrementalJsonParser, chunk: Any) -> bool:
        fed.append(len(chunk))
        return original(self, chunk)

    monkeypatch.setattr(engine, "feed", counting)
    fragments = ['{"text": "'] + ["word " for _ in range(5000)] + ['"}']
    chunks = [piece(fragments[0], name="write")] + [piece(f) for f in fragments[1:]]
    patches = run_sync(JsonOutputToolsParser(diff=True, compact=True), chunks)
    assert sum(fed) == sum(map(len, fragments))  # every character parsed once
    assert all(len(str(p)) < 200 for p in patches)  # each patch carries only the new text


def test_a_number_that_becomes_a_float_is_shown_again() -> None:
    chunks = [piece('{"x": 0', name="f"), piece(".0}")]
    assert run_sync(JsonOutputToolsParser(), chunks)[-1] == [{"type": "f", "args": {"x": 0.0}}]
    assert isinstance(run_sync(JsonOutputToolsParser(), chunks)[-1][0]["args"]["x"], float)


def test_growing_arguments_are_not_compared_deeply_on_every_chunk(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine says when arguments changed: no deep comparison with the last output,
    which would cost the length of a long open array on every chunk (quadratic)."""
    import chunkwise.parsers.tools as tools_module

    compared: list[object] = []
    real = tools_module.same_value
    monkeypatch.setattr(tools_module, "same_value",
                        lambda a, b: compared.append(a) or real(a, b))
    text = json.dumps({"items": [f"item {i}" for i in range(300)]})
    pieces = [piece('', name="f", id="c")] + [piece(text[i:i + 5]) for i in range(0, len(text), 5)]
    outputs = run_sync(JsonOutputToolsParser(), pieces)
    assert outputs[-1] == [{"type": "f", "args": json.loads(text)}]
    assert len(compared) <= 3  # the first value and the end's check, not one per chunk
    assert all(a != b for a, b in zip(outputs, outputs[1:]))  # '{"ite' shows {} once
    compared.clear()
    assert run_sync(JsonOutputKeyToolsParser(key_name="f", first_tool_only=True), pieces)[-1] == \
        json.loads(text)
    assert len(compared) <= 3
