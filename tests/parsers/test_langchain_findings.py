"""What LangChain's own tests found in chunkwise's parsers (issue 13): one regression test each,
compared with langchain-core (the test extra installs it) where it defines the behaviour."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from pydantic import BaseModel

import chunkwise
from chunkwise import (
    AIMessage,
    AIMessageChunk,
    BaseTransformOutputParser,
    JsonOutputKeyToolsParser,
    JsonOutputParser,
    JsonOutputToolsParser,
    OutputParserException,
    PromptTemplate,
    PydanticOutputParser,
    PydanticToolsParser,
    parse_and_check_json_markdown,
    parse_json_markdown,
)
from chunkwise.models import tool_call_chunk

lc_messages = pytest.importorskip("langchain_core.messages", reason="langchain-core (the test extra) is absent")

RAW_CALLS = [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}},
             {"id": "c2", "type": "function", "function": {"name": "g", "arguments": '{"a": '}}]


def test_openai_tool_calls_in_additional_kwargs_fill_tool_calls() -> None:
    mine = AIMessage("", additional_kwargs={"tool_calls": RAW_CALLS})
    theirs = lc_messages.AIMessage("", additional_kwargs={"tool_calls": RAW_CALLS})
    assert mine.tool_calls == theirs.tool_calls
    assert [c["name"] for c in mine.invalid_tool_calls] == [c["name"] for c in theirs.invalid_tool_calls]
    chunk = AIMessageChunk("", additional_kwargs={"tool_calls": RAW_CALLS[:1]})
    assert chunk.tool_call_chunks[0]["args"] == '{"a": 1}'
    whole = AIMessage("", additional_kwargs={"tool_calls": RAW_CALLS[:1]})
    assert JsonOutputToolsParser().invoke(whole) == [{"type": "f", "args": {"a": 1}}]


def test_tool_parsers_stream_starts_with_an_empty_list() -> None:
    from langchain_core.output_parsers.openai_tools import JsonOutputToolsParser as LcTools

    chunks = [AIMessageChunk("Let me look."),
              AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name="f", args='{"a": 1}', id="1", index=0)])]
    lc_chunks = [lc_messages.AIMessageChunk("Let me look."),
                 lc_messages.AIMessageChunk("", tool_call_chunks=[
                     {"name": "f", "args": '{"a": 1}', "id": "1", "index": 0}])]
    assert list(JsonOutputToolsParser().transform(iter(chunks)))[0] == []
    assert list(LcTools().transform(iter(lc_chunks)))[0] == []
    assert list(JsonOutputKeyToolsParser("x").transform(iter(chunks))) == [[]]
    assert list(JsonOutputToolsParser(diff=True).transform(iter(chunks)))[0] == [
        {"op": "add", "path": "", "value": []}]


def test_a_transform_parser_defining_only_parse_streams_parse_of_each_chunk() -> None:
    class Upper(BaseTransformOutputParser[str]):
        def parse(self, text: str) -> str:
            return text.upper()

    assert list(Upper().transform(iter(["ab", AIMessageChunk("cd")]))) == ["AB", "CD"]
    assert Upper().invoke("xy") == "XY"


def test_pydantic_v1_models_are_refused_at_construction() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pydantic import v1

    class Old(v1.BaseModel):
        a: int

    for make in (lambda: PydanticOutputParser(Old), lambda: PydanticToolsParser([Old]),
                 lambda: JsonOutputParser(pydantic_object=Old)):
        with pytest.raises(TypeError, match="pydantic v1 model"):
            make()


def test_prompt_template_takes_input_variables() -> None:
    from langchain_core.prompts import PromptTemplate as LcPrompt

    mine = PromptTemplate(template="{a} and {b}", input_variables=["a", "b"])
    theirs = LcPrompt(template="{a} and {b}", input_variables=["a", "b"])
    assert mine.input_variables == theirs.input_variables
    assert mine.format(a=1, b=2) == theirs.format(a=1, b=2)
    assert PromptTemplate(template="{a}", input_variables=["a", "c"]).input_variables == ["a"]
    with pytest.raises(ValueError, match="do not match"):
        PromptTemplate(template="{a} {b}", input_variables=["a"], validate_template=True)


@pytest.mark.parametrize("text", ['```\n{"a": 1\n```', '```json\n{"a": [1,\n  ```  \nthanks', '```{"a": 1\n```'])
def test_json_cut_off_in_a_fence_that_closes_is_truncated(text: str) -> None:
    for chunks in ([text], list(text)):
        with pytest.raises(OutputParserException, match="Truncated JSON output"):
            list(JsonOutputParser().transform(iter(chunks)))
    assert JsonOutputParser(allow_incomplete=True).invoke(text)["a"] in (1, [1])


def test_a_fence_line_that_is_not_the_closing_one_is_json_text() -> None:
    parser = JsonOutputParser()
    assert parser.invoke('```\n{"a": "x\n```py\ny"}\n```') == {"a": "x\n```py\ny"}  # an info string
    with pytest.raises(OutputParserException, match="Invalid"):
        parser.invoke("````\n[1,\n```\n2]\n````")  # fewer backticks than the opening fence
    with pytest.raises(OutputParserException, match="No JSON value"):
        parser.invoke("```\n```")


class Pet(BaseModel):
    name: str
    age: int = 0


def test_pydantic_parse_result_partial_gives_instances() -> None:
    parser = PydanticOutputParser(Pet)
    complete = parser.parse_result(['{"name": "Rex", "age": 3}'], partial=True)
    assert isinstance(complete, Pet) and complete == Pet(name="Rex", age=3)
    cut = parser.parse_result(['{"name": "Rex", "age": 3'], partial=True)
    assert isinstance(cut, Pet) and cut.name == "Rex"
    assert parser.parse_result(['{"age": 3'], partial=True) is None


def test_the_missing_names_exist() -> None:
    for name in ("SimpleJsonOutputParser", "parse_json_markdown", "parse_and_check_json_markdown",
                 "BaseOutputParser", "BaseTransformOutputParser", "ListOutputParser"):
        assert name in chunkwise.__all__ and hasattr(chunkwise, name)
    assert chunkwise.SimpleJsonOutputParser is JsonOutputParser


def test_parse_json_markdown_as_langchain_for_complete_output() -> None:
    from langchain_core.utils.json import parse_and_check_json_markdown as lc_check
    from langchain_core.utils.json import parse_json_markdown as lc_parse

    for text in ['```json\n{"a": [1, 2]}\n```', '{"a": "b"}', 'Sure: ```\n{"a": null}\n```']:
        assert parse_json_markdown(text) == lc_parse(text)
        assert parse_and_check_json_markdown(text, ["a"]) == lc_check(text, ["a"])
    with pytest.raises(OutputParserException, match="Expected key `b`"):
        parse_and_check_json_markdown('{"a": 1}', ["b"])
    with pytest.raises(OutputParserException, match="Truncated"):  # LangChain gives {"a": 1} here
        parse_json_markdown('{"a": 1')
    assert parse_json_markdown('{"a": 1', allow_incomplete=True) == {"a": 1}


def test_message_to_chunk_writes_arguments_without_json_dumps() -> None:
    from chunkwise.models.chat_models import message_to_chunk

    deep: Any = []
    for _ in range(3_000):
        deep = [deep]
    chunk = message_to_chunk(AIMessage("", tool_calls=[
        {"name": "f", "args": {"n": 10**5000, "d": deep}, "id": "1", "type": "tool_call"}]))
    assert chunk.tool_call_chunks[0]["args"].startswith('{"n": 1' + "0" * 5000 + ', "d": [[[')
