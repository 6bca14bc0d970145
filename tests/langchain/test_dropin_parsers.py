"""The drop-in parsers: LangChain's classes, chunkwise's parsing, LangChain's outputs.

Each is checked against LangChain's own parser of the same name as the oracle (and
``json.loads``), with the output cut at every position, sync and async, as strings
and as message chunks, inside LangChain chains.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import jsonpatch
import langchain_core.exceptions as lc_exceptions
import langchain_core.output_parsers as lc
import pydantic.v1
import pytest
from hypothesis import given
from hypothesis import strategies as st
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.outputs import ChatGeneration, Generation
from pydantic import BaseModel

import chunkwise
import chunkwise.langchain as ours
from chunkwise.testing import json_values
from tests.parsers.helpers import run_async
from tests.parsers.test_json import WRAPPED

DROP_INS = ["JsonOutputParser", "SimpleJsonOutputParser", "PydanticOutputParser",
            "JsonOutputToolsParser", "JsonOutputKeyToolsParser", "PydanticToolsParser",
            "CommaSeparatedListOutputParser", "NumberedListOutputParser", "MarkdownListOutputParser",
            "XMLOutputParser"]


class Country(BaseModel):
    name: str
    population: int
    capital: str = "unknown"


class CountryV1(pydantic.v1.BaseModel):
    name: str
    population: int


def two_cuts(text: str) -> list[list[str]]:
    """``text`` in two chunks, cut at every position (and whole)."""
    return [[text[:i], text[i:]] for i in range(len(text) + 1)]


@pytest.mark.parametrize("name", DROP_INS)
def test_each_drop_in_is_langchains_class(name: str) -> None:
    assert issubclass(getattr(ours, name), getattr(lc, name))
    assert issubclass(getattr(ours, name), lc.BaseOutputParser)


TEXTS = ['{"a": [1, 2.5, {"b": "x\\"y"}], "c": null, "d": "\\u00e9\\ud83d\\ude00"}', *WRAPPED]


@pytest.mark.parametrize("text", TEXTS)
def test_json_split_anywhere_ends_with_langchains_value(text: str) -> None:
    try:
        expected = lc.JsonOutputParser().invoke(text)
    except lc_exceptions.OutputParserException:  # prose before, or <think>: docs/langchain.md
        expected = {"a": [1, 2]}
    parser = ours.JsonOutputParser()
    assert parser.invoke(text) == expected
    for chunks in two_cuts(text):
        assert list(parser.transform(iter(chunks)))[-1] == expected
    one_by_one = [AIMessageChunk(content=c) for c in text]
    assert run_async(parser, one_by_one)[-1] == expected


@given(json_values(), st.integers(min_value=1, max_value=7))
def test_any_json_value_streams_to_json_loads(value: Any, size: int) -> None:
    text = json.dumps(value)
    chunks = [text[i:i + size] for i in range(0, len(text), size)]
    streamed = list(ours.JsonOutputParser().transform(iter(chunks)))
    assert (streamed[-1] if streamed else None) == json.loads(text)  # null streams nothing


@pytest.mark.parametrize("text", TEXTS[:2])
def test_streamed_values_are_langchains_through_a_chat_model(text: str) -> None:
    def chain(parser: Any) -> Any:
        return GenericFakeChatModel(messages=iter([AIMessage(content=text)])) | parser

    assert list(chain(ours.JsonOutputParser()).stream("")) == list(
        chain(lc.JsonOutputParser()).stream(""))


def test_diff_patches_are_langchains_and_rebuild_the_values() -> None:
    text = TEXTS[1]
    patches = list(ours.JsonOutputParser(diff=True).transform(iter(text)))
    assert patches[0] == [{"op": "replace", "path": "", "value": {}}]  # as LangChain's first
    doc: Any = None
    values = []
    for patch in patches:
        doc = jsonpatch.apply_patch(doc, patch)
        values.append(doc)
    assert values == list(ours.JsonOutputParser().transform(iter(text)))


def test_chunkwise_options_are_extra_fields() -> None:
    text = '{"countries": [{"name": "France"}, {"name": "Spain"}], "note": "ab"}'
    assert list(ours.JsonOutputParser(items="/countries/*").transform(iter(text))) == [
        {"name": "France"}, {"name": "Spain"}]
    compact = list(ours.JsonOutputParser(diff=True, compact=True).transform(iter(text)))
    assert {"op": "append", "path": "/note", "value": "b"} in [op for p in compact for op in p]
    with pytest.raises(ours.OutputParserException):
        ours.JsonOutputParser(strict=True).invoke('{"a": NaN}')
    assert ours.JsonOutputParser().invoke('{"a": NaN}')["a"] != 0


def test_errors_are_both_libraries_exception_and_say_where() -> None:
    for bad in ('{"a": [1, 2', "hi", '{"a": 1,, }'):
        with pytest.raises(lc_exceptions.OutputParserException) as caught:
            ours.JsonOutputParser().invoke(bad)
        assert isinstance(caught.value, chunkwise.OutputParserException)
        assert caught.value.llm_output == bad
    streamed: list[Any] = []
    with pytest.raises(ours.OutputParserException) as caught:
        for value in ours.JsonOutputParser().transform(iter(['Here: {"a": [1', ', 2'])):
            streamed.append(value)
    assert streamed == [{"a": [1]}, {"a": [1, 2]}]
    assert (caught.value.lineno, caught.value.colno, caught.value.path) == (1, 18, "/a/1")


def test_langchains_fallbacks_and_retries_catch_the_errors() -> None:
    attempts = []

    def flaky(text: str) -> str:
        attempts.append(text)
        return text if len(attempts) > 1 else text[:-1]

    from langchain_core.runnables import RunnableLambda

    chain = (RunnableLambda(flaky) | ours.JsonOutputParser()).with_retry(
        retry_if_exception_type=(lc_exceptions.OutputParserException,), stop_after_attempt=2)
    assert chain.invoke('{"a": 1}') == {"a": 1}
    fallback = ours.JsonOutputParser().with_fallbacks([ours.JsonOutputParser(allow_incomplete=True)])
    assert fallback.invoke('{"a": [1') == {"a": [1]}


def test_one_parser_many_concurrent_streams() -> None:
    parser = ours.JsonOutputParser()

    async def one(n: int) -> Any:
        model = GenericFakeChatModel(messages=iter([AIMessage(content=json.dumps({"n": [n] * n}))]))
        return [v async for v in (model | parser).astream("")][-1]

    async def main() -> list[Any]:
        return await asyncio.gather(*(one(n) for n in range(1, 9)))

    assert asyncio.run(main()) == [{"n": [n] * n} for n in range(1, 9)]


def test_astream_events_show_the_parser_stream() -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(content='{"a": "b c"}')]))
    chain = model | ours.JsonOutputParser()

    async def main() -> list[Any]:
        return [e["data"]["chunk"] async for e in chain.astream_events("", version="v2")
                if e["event"] == "on_parser_stream"]

    assert asyncio.run(main()) == [{}, {"a": "b"}, {"a": "b "}, {"a": "b c"}]


def test_a_refusal_raises_langchains_refusal_error_while_streaming() -> None:
    refusal = AIMessageChunk(content=[{"type": "refusal", "refusal": "no"}])
    with pytest.raises(lc_exceptions.ModelRefusalError):
        list(ours.JsonOutputParser().transform(iter([refusal])))


# ---------------------------------------------------------------- pydantic


COUNTRY = '{"name": "France", "population": 67413000}'


@pytest.mark.parametrize("model", [Country, CountryV1])
def test_pydantic_split_anywhere_gives_langchains_instance(model: Any) -> None:
    expected = lc.PydanticOutputParser(pydantic_object=model).invoke(COUNTRY)
    parser = ours.PydanticOutputParser(pydantic_object=model)
    assert parser.invoke(COUNTRY) == expected
    for chunks in two_cuts(COUNTRY):
        assert list(parser.transform(iter(chunks)))[-1] == expected
    assert run_async(parser, list(COUNTRY))[-1] == expected


@pytest.mark.parametrize("model", [Country, CountryV1])
def test_pydantic_validation_errors_in_langchains_words(model: Any) -> None:
    bad = '{"name": "France", "population": "many"}'
    with pytest.raises(ours.OutputParserException, match="Failed to parse Country"):
        ours.PydanticOutputParser(pydantic_object=model).invoke(bad)
    with pytest.raises(ours.OutputParserException):
        list(ours.PydanticOutputParser(pydantic_object=model).transform(iter(bad)))


def test_pydantic_partial_parse_result_is_an_instance_or_none() -> None:
    parser = ours.PydanticOutputParser(pydantic_object=Country)
    cut = [Generation(text='{"name": "France", "population": 5, "capital": "Pa')]
    shown = parser.parse_result(cut, partial=True)
    assert isinstance(shown, Country)
    assert shown.model_dump() == {"name": "France", "population": 5}  # no default yet
    assert parser.parse_result([Generation(text='{"name": "France", "population": 5')],
                               partial=True) is None  # the number may go on: not complete


def test_pydantic_partial_instances_hold_what_arrived() -> None:
    shown = list(ours.PydanticOutputParser(pydantic_object=Country).transform(iter(COUNTRY)))
    assert [c.model_dump() for c in shown] == [
        {"name": "France", "population": 67413000},
        {"name": "France", "population": 67413000, "capital": "unknown"}]  # the final one


# ---------------------------------------------------------------- tool calls


def pieces(args: str, size: int) -> list[AIMessageChunk]:
    """A tool call streamed ``size`` characters of arguments at a time (text first)."""
    first = AIMessageChunk(content="Let me look.")
    calls = [AIMessageChunk(content="", tool_call_chunks=[
        {"name": "Country" if i == 0 else None, "args": args[i:i + size],
         "id": "call_1" if i == 0 else None, "index": 0}]) for i in range(0, len(args), size)]
    return [first, *calls]


@pytest.mark.parametrize("size", [1, 3, 50])
@pytest.mark.parametrize("name", ["JsonOutputToolsParser", "JsonOutputKeyToolsParser",
                                  "PydanticToolsParser"])
def test_tool_parsers_stream_langchains_outputs(name: str, size: int) -> None:
    options: dict[str, Any] = {"key_name": "Country"} if name == "JsonOutputKeyToolsParser" else {}
    if name == "PydanticToolsParser":
        options = {"tools": [Country]}
    mine = list(getattr(ours, name)(**options).transform(iter(pieces(COUNTRY, size))))
    theirs = list(getattr(lc, name)(**options).transform(iter(pieces(COUNTRY, size))))
    assert mine[0] == theirs[0] == []  # the text chunk: no call yet
    assert mine[-1] == theirs[-1]
    if name != "PydanticToolsParser":  # (partial instances differ: docs/langchain.md)
        assert mine == theirs


def test_tool_parsers_read_finished_messages_and_openai_raw_calls() -> None:
    raw = {"tool_calls": [{"id": "c1", "type": "function",
                           "function": {"name": "Country", "arguments": COUNTRY}}]}
    for message in (AIMessage(content="", additional_kwargs=raw),
                    AIMessage(content="", tool_calls=[{"name": "Country", "id": "c1",
                                                       "args": json.loads(COUNTRY)}])):
        generation = [ChatGeneration(message=message)]
        for name, options in (("JsonOutputToolsParser", {"return_id": True}),
                              ("JsonOutputKeyToolsParser", {"key_name": "Country",
                                                            "first_tool_only": True}),
                              ("PydanticToolsParser", {"tools": [Country, CountryV1]})):
            assert (getattr(ours, name)(**options).parse_result(generation)
                    == getattr(lc, name)(**options).parse_result(generation))


def test_pydantic_tools_take_v1_models_and_name_unknown_tools() -> None:
    call = AIMessage(content="", tool_calls=[{"name": "CountryV1", "id": "1",
                                              "args": json.loads(COUNTRY)}])
    assert ours.PydanticToolsParser(tools=[CountryV1]).invoke(call) == [
        CountryV1(name="France", population=67413000)]
    with pytest.raises(ours.OutputParserException, match="Unknown tool type: 'CountryV1'"):
        ours.PydanticToolsParser(tools=[Country]).invoke(call)


def test_cut_off_tool_arguments_raise() -> None:
    with pytest.raises(ours.OutputParserException):
        list(ours.JsonOutputToolsParser().transform(iter(pieces(COUNTRY[:-3], 4))))


# ---------------------------------------------------------------- lists


LISTS = {
    "CommaSeparatedListOutputParser": "apples, pears,plums, kiwis",
    "NumberedListOutputParser": "Sure:\n1. foo\n2. bar baz\n\n3. qux\n",
    "MarkdownListOutputParser": "Here:\n- foo\n* bar baz\n- qux",
}


@pytest.mark.parametrize("name", list(LISTS))
def test_lists_split_anywhere_give_langchains_items(name: str) -> None:
    text = LISTS[name]
    expected = getattr(lc, name)().invoke(text)
    parser = getattr(ours, name)()
    assert parser.invoke(text) == expected
    for chunks in two_cuts(text):
        assert [item for [item] in parser.transform(iter(chunks))] == expected
    assert [item for [item] in run_async(parser, list(text))] == expected
    assert parser.get_format_instructions() == getattr(lc, name)().get_format_instructions()


@pytest.mark.parametrize("name", ["NumberedListOutputParser", "MarkdownListOutputParser"])
def test_a_custom_line_pattern_is_refused_not_ignored(name: str) -> None:
    with pytest.raises(ValueError, match="custom pattern"):
        getattr(ours, name)(pattern=r"(\w+)")


# ---------------------------------------------------------------- XML


XML = 'Here:\n```xml\n<?xml version="1.0"?>\n<foo><bar><baz>x &amp; y</baz><baz/></bar><q>é</q></foo>\n```'


@pytest.mark.parametrize("policy", ["defusedxml", "xml"])
def test_xml_split_anywhere_gives_langchains_outputs(policy: str) -> None:
    theirs = lc.XMLOutputParser(parser=policy)
    mine = ours.XMLOutputParser(parser=policy)
    assert mine.invoke(XML) == theirs.invoke(XML)
    expected = list(theirs.transform(iter(XML)))
    for chunks in two_cuts(XML):
        assert list(mine.transform(iter(chunks))) == expected
    assert run_async(mine, [AIMessageChunk(content=c) for c in XML]) == expected
    assert mine.get_format_instructions() == theirs.get_format_instructions()


def test_truncated_xml_raises_after_the_elements_it_completed() -> None:
    shown: list[Any] = []
    with pytest.raises(ours.OutputParserException, match="not closed"):
        for value in ours.XMLOutputParser().transform(iter("<foo><bar>x</bar><baz>y")):
            shown.append(value)
    assert shown == [{"foo": [{"bar": "x"}]}]


def test_xml_entities_are_refused_under_the_default_policy() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><d>&e;</d>'
    with pytest.raises(ours.OutputParserException):
        ours.XMLOutputParser().invoke(bomb)
    with pytest.raises(ValueError, match="encoding_matcher"):
        ours.XMLOutputParser(encoding_matcher=re.compile("x"))
