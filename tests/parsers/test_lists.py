"""List parsers: streamed items, checked against grammars/lists.lark and on edge cases."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from chunkwise import (
    AIMessageChunk,
    CommaSeparatedListOutputParser,
    MarkdownListOutputParser,
    NumberedListOutputParser,
)
from chunkwise.parsers import ListOutputParser
from jsonstream_props import chunkings

from .helpers import streamed

GRAMMAR = Path(__file__).resolve().parents[2] / "grammars" / "lists.lark"
PARSERS: dict[str, type[ListOutputParser]] = {
    "comma_list": CommaSeparatedListOutputParser,
    "numbered_list": NumberedListOutputParser,
    "markdown_list": MarkdownListOutputParser,
}


@lru_cache(maxsize=None)
def lark(start: str) -> Lark:
    return Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer="contextual", start=start)


def oracle(start: str, text: str) -> list[str]:
    """The items of ``text`` by the grammar (see the rules at the top of lists.lark)."""
    items = []
    for node in lark(start).parse(text).children:
        if not isinstance(node, Tree):
            continue  # a line that is not an item
        tokens: list[Token] = node.children  # type: ignore[assignment]
        if node.data == "quoted_item":
            item = tokens[0][1:-1].replace('""', '"')
            items.append(item + (tokens[1].rstrip() if len(tokens) > 1 else ""))
        elif node.data == "bare_item":
            if tokens[0].strip():
                items.append(tokens[0].strip())
        else:
            items.append(tokens[1].rstrip())
    return items


def check(start: str, text: str, chunks: list[str]) -> None:
    parser = PARSERS[start]()
    expected = oracle(start, text)
    assert parser.parse(text) == expected
    assert parser.invoke(text) == expected
    outputs = streamed(parser, chunks)
    assert all(isinstance(o, list) and len(o) == 1 for o in outputs)
    assert [item for [item] in outputs] == expected


def grammar_texts(start: str) -> st.SearchStrategy[str]:
    from hypothesis.extra.lark import from_lark

    return from_lark(lark(start), start=start).filter(lambda t: len(t) <= 400)


@pytest.mark.parametrize("start", list(PARSERS))
@given(data=st.data())
def test_grammar_texts_any_chunking(start: str, data: st.DataObject) -> None:
    text = data.draw(grammar_texts(start))
    check(start, text, data.draw(chunkings(text)))


EXAMPLES = {
    "comma_list": [
        "foo, bar, baz", "foo,bar,baz", 'a, "b, c", d', '"say ""hi""", x', "a,,b,", "a, b,\n",
        "red, green\r\nblue\rpink", "  padded  ,  also  ", '"quoted" tail , z', "", " , ,",
        'x "not quoted" y, z', '"", a', '""""', '"a""" x, y', '"a""b"c',
    ],
    "numbered_list": [
        "1. foo\n2. bar\n3. baz", "Here you go:\r\n\r\n1. foo\r\n2) bar  \r\n", "1.  \n2. x",
        "10. ten\n  11. eleven\nnot 12. this", "1.foo\n2. bar",
    ],
    "markdown_list": [
        "- foo\n- bar", "* a\n  + b\n---\n**bold**\n-c\n- d\r\n", "intro\n\n- x\n\n- y\n",
    ],
}


@pytest.mark.parametrize(("start", "text"), [(s, t) for s, ts in EXAMPLES.items() for t in ts])
def test_examples_split_everywhere(start: str, text: str) -> None:
    for i in range(len(text) + 1):
        check(start, text, [text[:i], text[i:]])
    check(start, text, list(text))


def test_expected_values() -> None:
    assert CommaSeparatedListOutputParser().parse('a, "b, c", d,') == ["a", "b, c", "d"]
    assert CommaSeparatedListOutputParser().parse('"say ""hi"""') == ['say "hi"']
    assert NumberedListOutputParser().parse("Intro\r\n1. foo\r\n\r\n2) bar\r\n") == ["foo", "bar"]
    assert MarkdownListOutputParser().parse("- a\n* b\n---\n+ c") == ["a", "b", "c"]


def test_quoted_item_split_across_chunks_comes_out_whole() -> None:
    chunks = ['apples, "pears,', " plums", '", kiwis']
    assert streamed(CommaSeparatedListOutputParser(), chunks) == [
        ["apples"], ["pears, plums"], ["kiwis"]]


def test_items_stream_as_soon_as_complete() -> None:
    parser = CommaSeparatedListOutputParser()
    session = parser.session()
    assert session.feed("a, b") == [["a"]]
    assert session.feed("c") == []
    assert session.feed(",") == [["bc"]]
    assert session.end() == []


def test_unterminated_quote_keeps_its_text() -> None:
    assert CommaSeparatedListOutputParser().parse('a, "b, c') == ["a", "b, c"]


# Inside quotes two quotes are one quote, never a closing quote and a tail starting with a
# quote. The grammar used to read the text 3 quotes + comma as an empty quoted item with the
# tail '"', the parser as csv does (the item '",'), and the grammar texts test failed when
# Hypothesis drew it. Now the grammar, like csv, leaves such quotes open: outside the grammar,
# and the parser keeps the text after the open quote (as csv.reader(skipinitialspace=True)).
@pytest.mark.parametrize(("text", "items"), [
    ('""",', ['",']), ('"a""b, c', ['a"b, c']), ('x, "', ["x", ""]), ('"""', ['"']),
])
def test_a_quote_left_open_is_outside_the_grammar_and_read_as_csv_does(text: str, items: list[str]) -> None:
    with pytest.raises(LarkError):
        lark("comma_list").parse(text)
    assert [item for row in csv.reader([text], skipinitialspace=True) for item in row] == items
    for i in range(len(text) + 1):
        assert [item for [item] in streamed(CommaSeparatedListOutputParser(), [text[:i], text[i:]])] == items


def test_block_content_is_read() -> None:
    chunk = AIMessageChunk([{"type": "text", "text": "- a\n- b"}, {"type": "image_url", "url": "x"}])
    assert MarkdownListOutputParser().invoke(chunk) == ["a", "b"]


def test_format_instructions() -> None:
    for parser_class in PARSERS.values():
        assert "list" in parser_class().get_format_instructions()


