"""with_structured_output: partial pydantic instances and dicts streamed from a real server."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel, Field

from chunkwise import OutputParserException
from chunkwise.models import AIMessageChunk

from . import streams as s
from .helpers import acollect, openai_model
from .server import ReplayServer, Reply

PATH = "/v1/chat/completions"


class Country(BaseModel):
    """A country and its population in millions."""

    name: str
    population: int = Field(description="millions")
    languages: list[str] = []


ANSWER = '{"name": "France", "population": 68, "languages": ["French", "Breton"]}'


def text_stream(text: str, size: int = 7, finish: str = "stop") -> bytes:
    pieces = [text[i:i + size] for i in range(0, len(text), size)]
    return s.openai_text(*pieces, finish=finish)


def tool_stream(text: str, name: str, size: int = 7, finish: str = "tool_calls") -> bytes:
    first = s.chunk({"tool_calls": [s.call(0, id="call_1", name=name, args="")]})
    rest = [s.chunk({"tool_calls": [s.call(0, args=text[i:i + size])]})
            for i in range(0, len(text), size)]
    return s.sse(first, *rest, s.chunk({}, finish), s.usage_chunk(30, 20), done=True)


def test_json_schema_streams_partial_pydantic_instances(server: ReplayServer) -> None:
    server.script(PATH, Reply(text_stream(ANSWER)))
    structured = openai_model(server).with_structured_output(Country)
    values = list(structured.stream("France?"))
    assert all(isinstance(v, Country) for v in values)
    # valid so far means both required fields, and complete scalars only (never "Fra" or 6)
    assert values[0].model_dump(exclude_unset=True) == {"name": "France", "population": 68}
    assert values[-1] == Country(name="France", population=68, languages=["French", "Breton"])
    assert any(v.model_dump(exclude_unset=True).get("languages") == ["French"] for v in values)
    body = server.requests[0].json()
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "Country"
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["name", "population"]
    assert structured.invoke("France?") == values[-1]
    assert acollect(structured.astream("France?"))[-1] == values[-1]


def test_dict_schemas_stream_partial_dicts(server: ReplayServer) -> None:
    server.script(PATH, Reply(text_stream(ANSWER)))
    schema = {"title": "country", "type": "object", "properties": {
        "name": {"type": "string"}, "population": {"type": "integer"}}}
    values = list(openai_model(server).with_structured_output(schema, strict=True).stream("x"))
    assert values[0] == {}
    assert values[1] == {"name": "Fran"}  # strings grow: the first piece ends in "Fran"
    assert values[-1] == json.loads(ANSWER)
    sent = server.requests[0].json()["response_format"]["json_schema"]
    assert sent["strict"] is True and sent["name"] == "country"


def test_function_calling_streams_the_forced_calls_arguments(server: ReplayServer) -> None:
    server.script(PATH, Reply(tool_stream(ANSWER, "Country")))
    values = list(openai_model(server).with_structured_output(Country, method="function_calling")
                  .stream("France?"))
    assert values[0].model_dump(exclude_unset=True) == {"name": "France", "population": 68}
    assert values[-1] == Country.model_validate_json(ANSWER)
    body = server.requests[0].json()
    assert body["tool_choice"] == {"type": "function", "function": {"name": "Country"}}
    assert body["tools"][0]["function"]["description"] == "A country and its population in millions."


def test_arguments_that_have_not_started_show_nothing(server: ReplayServer) -> None:
    server.script(PATH, Reply(tool_stream('{"name": "Fr', "country", size=4, finish="stop")))
    schema = {"title": "country", "type": "object", "properties": {"name": {"type": "string"}}}
    structured = openai_model(server).with_structured_output(schema, method="function_calling")
    values, error = [], None
    try:
        for value in structured.stream("x"):
            values.append(value)
    except OutputParserException as exc:
        error = exc
    # '' shows nothing (LangChain shows {}); '{"na' shows {}
    assert values == [{}, {"name": "Fr"}]
    assert error is not None and "Truncated" in str(error)


def test_json_mode_asks_for_a_json_object(server: ReplayServer) -> None:
    server.script(PATH, Reply(text_stream("```json\n" + ANSWER + "\n```")))
    value = openai_model(server).with_structured_output(
        {"title": "any", "type": "object"}, method="json_mode").invoke("x")
    assert value == json.loads(ANSWER)
    assert server.requests[0].json()["response_format"] == {"type": "json_object"}


def test_the_token_limit_is_named_when_it_cut_the_value_off(server: ReplayServer) -> None:
    server.script(PATH, Reply(text_stream(ANSWER[:30], finish="length")))
    structured = openai_model(server, max_tokens=8).with_structured_output(Country)
    with pytest.raises(OutputParserException, match="cut off by the token limit .*'length'"):
        list(structured.stream("x"))
    with pytest.raises(OutputParserException, match="token limit"):
        structured.invoke("x")
    server.script(PATH, Reply(tool_stream(ANSWER[:30], "Country", finish="length")))
    with pytest.raises(OutputParserException, match="token limit"):
        openai_model(server).with_structured_output(Country, method="function_calling").invoke("x")


def test_a_refusal_is_raised_not_swallowed(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.sse(s.chunk({"refusal": "I can't help with that."}),
                                    s.chunk({}, "stop"), done=True)))
    with pytest.raises(OutputParserException, match="The model refused: I can't help"):
        openai_model(server).with_structured_output(Country).invoke("x")


def test_an_answer_without_the_forced_call_is_an_error(server: ReplayServer) -> None:
    server.script(PATH, Reply(s.openai_text("I would rather chat.")))
    with pytest.raises(OutputParserException, match="without calling 'Country'"):
        list(openai_model(server).with_structured_output(Country, method="function_calling")
             .stream("x"))


def test_include_raw_streams_raw_chunks_and_never_raises(server: ReplayServer) -> None:
    server.script(PATH, Reply(text_stream(ANSWER)))
    structured = openai_model(server).with_structured_output(Country, include_raw=True)
    outputs = list(structured.stream("x"))
    assert all(isinstance(o["raw"], AIMessageChunk) for o in outputs[:-1])
    assert outputs[-1] == {"parsed": Country.model_validate_json(ANSWER), "parsing_error": None}
    assert [o["parsed"] for o in outputs if "raw" in o and "parsed" in o][0].name == "France"
    result = structured.invoke("x")
    assert result["parsed"] == outputs[-1]["parsed"] and result["parsing_error"] is None
    assert result["raw"].usage_metadata == {"input_tokens": 9, "output_tokens": 3,
                                            "total_tokens": 12}
    server.script(PATH, Reply(text_stream(ANSWER[:30], finish="length")))
    broken = structured.invoke("x")
    assert broken["parsed"] is None and "token limit" in str(broken["parsing_error"])
    assert list(structured.stream("x"))[-1]["parsed"] is None


def test_nothing_shows_until_the_arguments_begin() -> None:
    from chunkwise.models import tool_call_chunk
    from chunkwise.parsers import JsonOutputKeyToolsParser
    from chunkwise.providers.structured import StructuredOutputParser

    def piece(args: str, **first: str) -> AIMessageChunk:
        return AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args=args, index=0, **first)])

    parser = StructuredOutputParser(JsonOutputKeyToolsParser(key_name="f", first_tool_only=True),
                                    tool_name="f", include_raw=False)
    seen: list[int] = []
    outputs: list[object] = []

    def chunks():  # records how many outputs came before each chunk is pulled
        for chunk in (piece("", name="f", id="c"), piece('{"a"'), piece(": 1}")):
            seen.append(len(outputs))
            yield chunk

    for output in parser.transform(chunks()):
        outputs.append(output)
    assert seen == [0, 0, 1] and outputs == [{}, {"a": 1}]  # no {} before '{"a"' arrived
    assert list(parser.transform(iter([piece("", name="f", id="c")]))) == [{}]  # no arguments
