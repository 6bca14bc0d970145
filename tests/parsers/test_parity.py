"""Parity with LangChain's own parsers (langchain-core, the ``test`` extra) on generated
token streams: the same values where LangChain is right; each difference by design is
a test of its own that names it."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import chunkwise
from jsonstream_props import chunkings, json_values, random_chunks

lc_parsers = pytest.importorskip("langchain_core.output_parsers")
lc_messages = pytest.importorskip("langchain_core.messages")
lc_exceptions = pytest.importorskip("langchain_core.exceptions")
lc_tools = pytest.importorskip("langchain_core.output_parsers.openai_tools")

from chunkwise.samples import COUNTRIES_TOKENS  # noqa: E402

from .helpers import run_sync  # noqa: E402


def lc_stream(parser: Any, chunks: list[Any]) -> list[Any]:
    return list(parser.transform(iter(chunks)))


def lc_chunks(chunks: list[str]) -> list[Any]:
    return [lc_messages.AIMessageChunk(content=c) for c in chunks]


# ------------------------------------------------------------------ JSON

containers = st.one_of(st.lists(json_values, max_size=5), st.dictionaries(st.text(max_size=6), json_values, max_size=5))


@settings(max_examples=40)
@given(value=containers, data=st.data())
def test_json_same_values_as_langchain(value: Any, data: st.DataObject) -> None:
    text = json.dumps(value, indent=data.draw(st.sampled_from([None, 2])))
    fence = data.draw(st.booleans())
    output = f"```json\n{text}\n```" if fence else text
    assume(len(output) <= 400)  # LangChain re-parses the whole text per chunk: keep it short
    chunks = data.draw(chunkings(output))
    ours = run_sync(chunkwise.JsonOutputParser(), chunks)
    theirs = lc_stream(lc_parsers.JsonOutputParser(), lc_chunks(chunks))
    assert ours[-1] == theirs[-1] == value
    assert chunkwise.JsonOutputParser().invoke(output) == lc_parsers.JsonOutputParser().invoke(output)
    # Never an unchanged repeat. By design a number that gains a fraction is shown
    # again (0 then 0.0: the type changed); LangChain compares with == and skips it.
    assert all(json.dumps(a) != json.dumps(b) for a, b in zip(ours, ours[1:]))


def test_countries_stream_identical() -> None:
    chunks = list(COUNTRIES_TOKENS)
    assert run_sync(chunkwise.JsonOutputParser(), chunks) == lc_stream(
        lc_parsers.JsonOutputParser(), lc_chunks(chunks))


def test_json_diff_applies_to_the_same_values() -> None:
    import jsonpatch

    chunks = list(COUNTRIES_TOKENS)
    doc: Any = {}
    for patch in run_sync(chunkwise.JsonOutputParser(diff=True), chunks):
        doc = jsonpatch.apply_patch(doc, patch)
    assert doc == lc_stream(lc_parsers.JsonOutputParser(), lc_chunks(chunks))[-1]


def test_difference_truncated_output_is_an_error_not_a_shorter_value() -> None:
    text = '{"countries": [{"name": "France"}, {"name": "Sp'
    assert lc_parsers.JsonOutputParser().invoke(text) == {
        "countries": [{"name": "France"}, {"name": "Sp"}]}  # LangChain: silently shortened
    with pytest.raises(chunkwise.OutputParserException):
        chunkwise.JsonOutputParser().invoke(text)
    assert chunkwise.JsonOutputParser(allow_incomplete=True).invoke(text) == {
        "countries": [{"name": "France"}, {"name": "Sp"}]}


def test_difference_garbage_is_an_error_at_the_end_of_the_stream() -> None:
    chunks = ["I'm sorry, ", "I can't do that."]
    assert lc_stream(lc_parsers.JsonOutputParser(), lc_chunks(chunks)) == []  # LangChain: nothing
    with pytest.raises(chunkwise.OutputParserException):
        run_sync(chunkwise.JsonOutputParser(), chunks)


def test_difference_prose_before_the_json_is_skipped() -> None:
    text = 'Here is the JSON: {"a": 1}'
    with pytest.raises(lc_exceptions.OutputParserException):  # LangChain: not JSON
        lc_parsers.JsonOutputParser().invoke(text)
    assert chunkwise.JsonOutputParser().invoke(text) == {"a": 1}


# ------------------------------------------------------------------ lists

words = st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,8}[A-Za-z0-9]", fullmatch=True), min_size=1, max_size=8)
FORMATS = {
    "comma": (chunkwise.CommaSeparatedListOutputParser, lc_parsers.CommaSeparatedListOutputParser,
              lambda items: ", ".join(items)),
    "numbered": (chunkwise.NumberedListOutputParser, lc_parsers.NumberedListOutputParser,
                 lambda items: "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))),
    "markdown": (chunkwise.MarkdownListOutputParser, lc_parsers.MarkdownListOutputParser,
                 lambda items: "\n".join(f"- {item}" for item in items)),
}


@pytest.mark.parametrize("kind", list(FORMATS))
@settings(max_examples=40)
@given(items=words, data=st.data())
def test_lists_same_items_as_langchain(kind: str, items: list[str], data: st.DataObject) -> None:
    ours_class, theirs_class, render = FORMATS[kind]
    text = render(items)
    chunks = data.draw(chunkings(text))
    ours = run_sync(ours_class(), chunks)
    assert ours == lc_stream(theirs_class(), lc_chunks(chunks)) == [[item] for item in items]
    assert ours_class().invoke(text) == theirs_class().invoke(text) == items


def test_difference_quoted_item_split_across_chunks() -> None:
    chunks = ['apples, "pears,', ' plums", kiwis']
    theirs = lc_stream(lc_parsers.CommaSeparatedListOutputParser(), chunks)
    assert ["pears, plums"] not in theirs  # LangChain loses the quote and splits the item
    assert run_sync(chunkwise.CommaSeparatedListOutputParser(), chunks) == [
        ["apples"], ["pears, plums"], ["kiwis"]]


def test_difference_block_content_is_read() -> None:
    blocks = [[{"type": "text", "text": "- a\n- b", "index": 0}]]
    theirs = lc_stream(lc_parsers.MarkdownListOutputParser(),
                       [lc_messages.AIMessageChunk(content=b) for b in blocks])
    assert theirs == []  # LangChain skips block content in its list parsers
    ours = run_sync(chunkwise.MarkdownListOutputParser(),
                    [chunkwise.AIMessageChunk(b) for b in blocks])
    assert ours == [["a"], ["b"]]


def test_difference_empty_items_and_blank_space() -> None:
    text = "a , b,,c,"
    assert lc_parsers.CommaSeparatedListOutputParser().parse(text) == ["a ", "b", "", "c", ""]
    assert chunkwise.CommaSeparatedListOutputParser().parse(text) == ["a", "b", "c"]
    text = "1. a\r\n2. b\r\nSee step 3. here"
    assert lc_parsers.NumberedListOutputParser().parse(text) == ["a\r", "b\r", "here"]
    assert chunkwise.NumberedListOutputParser().parse(text) == ["a", "b"]  # items start lines


# ------------------------------------------------------------------ tool calls


@settings(max_examples=40)
@given(args=st.dictionaries(st.text(max_size=5), json_values, max_size=4), seed=st.integers(0, 99))
def test_tool_call_arguments_same_as_langchain(args: dict[str, Any], seed: int) -> None:
    text = json.dumps(args)
    fragments = random_chunks(text, random.Random(seed)) or [""]

    def ours_piece(i: int, fragment: str) -> Any:
        first = {"name": "f", "id": "c1"} if i == 0 else {}
        return chunkwise.AIMessageChunk("", tool_call_chunks=[
            {"name": first.get("name"), "args": fragment, "id": first.get("id"), "index": 0}])

    theirs_chunks = [lc_messages.AIMessageChunk(content="", tool_call_chunks=[
        {"name": "f" if i == 0 else None, "args": f, "id": "c1" if i == 0 else None, "index": 0}])
        for i, f in enumerate(fragments)]
    ours = run_sync(chunkwise.JsonOutputToolsParser(), [ours_piece(i, f) for i, f in enumerate(fragments)])
    theirs = lc_stream(lc_tools.JsonOutputToolsParser(), theirs_chunks)
    assert ours[-1] == theirs[-1] == [{"type": "f", "args": args}]
