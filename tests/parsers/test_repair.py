"""``repair=`` on the output parsers: values, records located in the whole output, logging."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from pydantic import BaseModel

from chunkwise import AIMessageChunk, JsonOutputParser, PydanticOutputParser, Repair, parse_partial_json
from chunkwise.parsers import JsonOutputKeyToolsParser, JsonOutputToolsParser, OutputParserException
from chunkwise.models import tool_call_chunk


class Answer(BaseModel):
    names: list[str]
    done: bool


def test_json_output_parser_repairs_while_streaming() -> None:
    parser = JsonOutputParser(repair=True)
    chunks = ["{'names': ['Fr", "ance',", " 'Spain',],", " done: Tr", "ue}"]
    assert list(parser.transform(iter(chunks))) == [
        {"names": ["Fr"]}, {"names": ["France"]}, {"names": ["France", "Spain"]},
        {"names": ["France", "Spain"], "done": True},
    ]


def test_records_are_located_in_the_whole_output_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    output = "Sure:\n```json\n{'names': [],\n done: True}\n```"
    with caplog.at_level(logging.INFO, logger="chunkwise.parsers"):
        value, records = JsonOutputParser(repair=True).parse_with_repairs(output)
    assert value == {"names": [], "done": True}
    assert [(r.kind, r.pos, r.lineno, r.colno) for r in records] == [
        (Repair.SINGLE_QUOTES, 15, 3, 2), (Repair.UNQUOTED_KEY, 29, 4, 2), (Repair.PYTHON_LITERAL, 35, 4, 8)]
    assert [output[r.pos] for r in records] == ["'", "d", "T"]
    assert [message.getMessage() for message in caplog.records] == [str(record) for record in records]


def test_repair_off_is_today_s_behaviour() -> None:
    with pytest.raises(OutputParserException):
        JsonOutputParser().parse("{'a': 1}")
    assert JsonOutputParser().parse_with_repairs('{"a": 1}') == ({"a": 1}, [])


def test_only_the_repairs_named() -> None:
    parser = JsonOutputParser(repair=Repair.TRAILING_COMMA)
    assert parser.parse("[1, 2,]") == [1, 2]
    with pytest.raises(OutputParserException, match="Invalid JSON output"):
        parser.parse("[True]")


def test_allow_incomplete_records_the_truncation() -> None:
    value, records = JsonOutputParser(repair=True, allow_incomplete=True).parse_with_repairs("{'names': ['Fr")
    assert value == {"names": ["Fr"]}
    assert [record.kind for record in records] == [Repair.SINGLE_QUOTES, Repair.SINGLE_QUOTES, Repair.TRUNCATED]
    with pytest.raises(OutputParserException, match="Truncated"):
        JsonOutputParser(repair=True).parse("{'names': ['Fr")


def test_pydantic_output_parser() -> None:
    parser = PydanticOutputParser(Answer, repair=True)
    assert parser.parse("{names: ['a',], done: False,}") == Answer(names=["a"], done=False)


def _calls(*pieces: str) -> list[AIMessageChunk]:
    return [AIMessageChunk(content="", tool_call_chunks=[tool_call_chunk(
        name="answer" if n == 0 else None, args=piece, id="c1" if n == 0 else None, index=0)])
        for n, piece in enumerate(pieces)]


def test_tool_parsers_repair_the_arguments() -> None:
    chunks = _calls("{'names': ['a'", ",], done: None}")
    outputs: list[Any] = list(JsonOutputToolsParser(repair=True).transform(iter(chunks)))
    assert outputs[-1] == [{"type": "answer", "args": {"names": ["a"], "done": None}}]
    keyed = list(JsonOutputKeyToolsParser("answer", first_tool_only=True, repair=True).transform(iter(chunks)))
    assert keyed[-1] == {"names": ["a"], "done": None}
    with pytest.raises(OutputParserException):
        list(JsonOutputToolsParser().transform(iter(chunks)))


def test_parse_partial_json() -> None:
    assert parse_partial_json("{'a': [1, 2,", repair=True) == {"a": [1, 2]}
    assert parse_partial_json("{a: True, b: [None", repair=True) == {"a": True, "b": [None]}
