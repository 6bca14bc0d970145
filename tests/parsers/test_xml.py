"""XMLOutputParser: LangChain's outputs (its parser is the oracle), chunk boundaries
anywhere, clear errors for truncated, invalid and refused XML, and the parser in chains."""

from __future__ import annotations

import asyncio
import operator
import re
from functools import reduce
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chunkwise import AIMessageChunk, OutputParserException, RunnableLambda, XMLOutputParser
from chunkwise.parsers.xml import _after_encoding_line, xml_body
from chunkwise.runnables import AddableDict
from chunkwise.testing import check_final_matches, check_no_internal_errors, check_split_invariance, mutated_texts
from jsonstream_props import chunkings

from .helpers import streamed
from .xml_docs import any_documents, flat_documents, leaves_of, outputs, shaped_documents

lc_xml = pytest.importorskip("langchain_core.output_parsers.xml")

POLICIES = ["safe", "defusedxml", "xml"]


def lc_stream(chunks: list[str]) -> list[Any]:
    return list(lc_xml.XMLOutputParser(parser="xml").transform(iter(chunks)))


def lc_parse(text: str) -> Any:
    return lc_xml.XMLOutputParser(parser="xml").parse(text)


def added(outputs: list[Any]) -> Any:
    return reduce(lambda a, b: a + b, outputs, AddableDict())


# ------------------------------------------------------------ langchain-core's own cases
# tests/unit_tests/output_parsers/test_xml_parser.py of the langchain-core sdist, reproduced.

DATA = """
 <foo>
    <bar>
        <baz></baz>
        <baz>slim.shady</baz>
    </bar>
    <baz>tag</baz>
</foo>"""
WITH_XML_HEADER = f'<?xml version="1.0" encoding="UTF-8"?>\n{DATA}'
IN_XML_TAGS_WITH_XML_HEADER = f"\n```xml\n{WITH_XML_HEADER}\n```\n"
IN_XML_TAGS_WITH_HEADER_AND_TRAILING_JUNK = f"\nSome random text\n```xml\n{WITH_XML_HEADER}\n```\nMore random text\n"
EXPECTED = {"foo": [{"bar": [{"baz": None}, {"baz": "slim.shady"}]}, {"baz": "tag"}]}
EXPECTED_STREAM = [
    {"foo": [{"bar": [{"baz": None}]}]},
    {"foo": [{"bar": [{"baz": "slim.shady"}]}]},
    {"foo": [{"baz": "tag"}]},
]
ROOT_LEVEL_ONLY = '<?xml version="1.0" encoding="UTF-8"?>\n<body>Text of the body.</body>\n'
def _laughs() -> str:
    """LangChain's MALICIOUS_XML: lol9 expands to 10**9 "lol"s."""
    names = ["lol", *(f"lol{i}" for i in range(1, 10))]
    entities = "".join(f' <!ENTITY {name} "{f"&{below};" * 10}">\n' for below, name in zip(names, names[1:]))
    return ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ELEMENT lolz (#PCDATA)>\n'
            f"{entities}]>\n<lolz>&lol9;</lolz>")


BILLION_LAUGHS = _laughs()


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("content", [DATA, WITH_XML_HEADER, IN_XML_TAGS_WITH_XML_HEADER,
                                     IN_XML_TAGS_WITH_HEADER_AND_TRAILING_JUNK])
def test_langchain_cases(policy: str, content: str) -> None:
    parser = XMLOutputParser(parser=policy)  # type: ignore[arg-type]
    assert parser.parse(content) == EXPECTED
    assert asyncio.run(parser.aparse(content)) == EXPECTED
    assert streamed(parser, list(content)) == EXPECTED_STREAM  # sync and async, str and messages


def test_langchain_root_only() -> None:
    parser = XMLOutputParser(parser="xml")
    assert parser.parse(ROOT_LEVEL_ONLY) == {"body": "Text of the body."}
    assert streamed(parser, list(ROOT_LEVEL_ONLY)) == [{"body": "Text of the body."}]


@pytest.mark.parametrize("policy", POLICIES)
@pytest.mark.parametrize("text", ["foo></foo>", "<foo></foo", "foo></foo", "foofoo"])
def test_langchain_failures(policy: str, text: str) -> None:
    with pytest.raises(OutputParserException, match="Failed to parse"):
        XMLOutputParser(parser=policy).parse(text)  # type: ignore[arg-type]


@pytest.mark.parametrize("policy", POLICIES)
def test_billion_laughs_refused(policy: str) -> None:
    assert BILLION_LAUGHS.count("ENTITY") == 10
    with pytest.raises(OutputParserException, match="Failed to parse XML: (a document type|an entity|limit)"):
        XMLOutputParser(parser=policy).parse(BILLION_LAUGHS)  # type: ignore[arg-type]
    with pytest.raises(OutputParserException):
        asyncio.run(XMLOutputParser(parser=policy).aparse(BILLION_LAUGHS))  # type: ignore[arg-type]


# ------------------------------------------------------------ LangChain as the oracle


@settings(max_examples=60)
@given(text=outputs(), data=st.data())
def test_same_stream_as_langchain(text: str, data: st.DataObject) -> None:
    """On the same chunks, the same outputs as LangChain's stream; where LangChain's
    stream ends silently (no XML, or cut off), chunkwise's raises after them."""
    chunks = data.draw(chunkings(text))
    theirs = lc_stream(chunks)
    parser = XMLOutputParser()
    session = parser.session()
    ours = [out for chunk in chunks for out in session.feed(chunk)]
    assert ours == theirs
    assert all(type(out) is AddableDict for out in ours)
    session.end()  # the generated documents are complete: no error


@settings(max_examples=60)
@given(text=outputs(), policy=st.sampled_from(["defusedxml", "xml"]))
def test_same_parse_as_langchain(text: str, policy: str) -> None:
    """The same value, or both raise (for the text LangChain rejects)."""
    try:
        expected = lc_xml.XMLOutputParser(parser=policy).parse(text)
    except (lc_xml.OutputParserException, ValueError):  # defusedxml raises EntitiesForbidden
        with pytest.raises(OutputParserException, match="Failed to parse XML"):
            XMLOutputParser(parser=policy).parse(text)  # type: ignore[arg-type]
    else:
        assert XMLOutputParser(parser=policy).parse(text) == expected  # type: ignore[arg-type]


@settings(max_examples=50)
@given(document=shaped_documents)
def test_stream_has_the_leaves_of_parse(document: str) -> None:
    """Each streamed chunk is one leaf's path: in order, they are the leaves of ``parse``'s
    value. (Added with ``+`` they merge only the root's list, as in LangChain: chunks do
    not say where a parent ends, so deeper levels are not rebuilt.)"""
    parser = XMLOutputParser()
    chunks = parser.stream_all(document)
    assert [leaf for chunk in chunks for leaf in leaves_of(chunk)] == leaves_of(parser.parse(document))
    assert parser.parse(document) == lc_parse(document)


@settings(max_examples=50)
@given(document=flat_documents)
def test_flat_stream_adds_up_to_parse(document: str) -> None:
    parser = XMLOutputParser()
    assert added(parser.stream_all(document)) == parser.parse(document) == lc_parse(document)


@pytest.mark.parametrize(
    "document, parsed, stream",
    [
        ("<a></a>", {"a": []}, [{"a": None}]),
        ("<a> </a>", {"a": []}, [{"a": " "}]),
        ("<a>hello <b>x</b></a>", {"a": "hello "}, [{"a": [{"b": "x"}]}]),
        ("<a><b>x</b> tail</a>", {"a": [{"b": "x"}]}, [{"a": [{"b": "x"}]}]),
    ],
)
def test_where_langchain_stream_and_parse_differ(document: str, parsed: Any, stream: list[Any]) -> None:
    """LangChain's own shapes, kept for compatibility (docs/parsers.md names them)."""
    parser = XMLOutputParser()
    assert parser.parse(document) == lc_parse(document) == parsed
    assert parser.stream_all(document) == lc_stream([document]) == stream


# ------------------------------------------------------------ chunk boundaries


@pytest.mark.parametrize("text", [IN_XML_TAGS_WITH_HEADER_AND_TRAILING_JUNK, "Sure <x:a xmlns:x='u'><b>&amp;&#65;"
                                  "<![CDATA[<c>]]>é😀</b><c/></x:a> <d>"])
def test_every_cut(text: str) -> None:
    """Cut at every position, into two and into three: the outputs are the one-shot ones."""
    parser = XMLOutputParser()
    whole = parser.stream_all(text)
    assert whole
    for i in range(len(text) + 1):
        session = parser.session()
        assert [*session.feed(text[:i]), *session.feed(text[i:]), *session.end()] == whole, i
        j = (i * 7) % (len(text) + 1)
        a, b = sorted((i, j))
        assert streamed(parser, [text[:a], text[a:b], text[b:]]) == whole


def test_split_invariance_and_final_value() -> None:
    parser = XMLOutputParser()
    few = settings(max_examples=30)
    check_split_invariance(parser, outputs(shaped_documents), combine="sum", start=AddableDict(), settings=few)
    check_final_matches(parser, flat_documents, XMLOutputParser().parse, combine="sum", start=AddableDict(),
                        equal=operator.eq, settings=few)  # AddableDicts against parse's dicts


# ------------------------------------------------------------ errors


def error_of(text: str, chunks: list[str] | None = None) -> OutputParserException:
    session = XMLOutputParser().session()
    with pytest.raises(OutputParserException) as caught:
        for chunk in chunks or [text]:
            session.feed(chunk)
        session.end()
    return caught.value


def test_truncated_at_every_position() -> None:
    text = "Here: <foo><bar>1</bar><baz>two</baz></foo>"
    whole = XMLOutputParser().stream_all(text)
    for i in range(len(text)):
        prefix = text[:i]
        session = XMLOutputParser().session()
        shown = list(session.feed(prefix))
        assert shown == lc_stream([prefix]) and whole[: len(shown)] == shown
        with pytest.raises(OutputParserException, match="Failed to parse XML: (truncated|no XML)") as caught:
            session.end()
        assert caught.value.pos == len(prefix) and caught.value.llm_output == prefix


def test_errors_say_what_and_where() -> None:
    error = error_of("ok\n<a>\n  <b>1</c>\n</a>", ["ok\n<a>\n  <b", ">1</c>\n</a>"])
    assert str(error) == "Failed to parse XML: mismatched tag: line 3 column 9 (char 15), at /a/b"
    assert (error.lineno, error.colno, error.path) == (3, 9, "/a/b")
    assert error.excerpt == "ok\n<a>\n  <b>1</>>>c>\n</a>"
    assert str(error_of("<a>1")) == "Failed to parse XML: truncated output: <a> is not closed: line 1 column 5 (char 4), at /a"
    assert str(error_of("no xml")) == "Failed to parse XML: no XML element in the output: line 1 column 7 (char 6)"
    assert "undefined entity" in str(error_of("<a>&lol;</a>"))
    assert "not well-formed" in str(error_of("<a>\ud800</a>"))  # a lone surrogate: invalid, not UnicodeError


def test_leaves_before_an_error_are_kept() -> None:
    """An error inside a chunk is raised at the next call, after what the chunk completed."""
    session = XMLOutputParser().session()
    assert session.feed("<a><b>1</b><c>2</d>") == [{"a": [{"b": "1"}]}]
    with pytest.raises(OutputParserException, match="mismatched tag") as caught:
        session.feed("more")
    with pytest.raises(OutputParserException) as again:
        session.end()
    assert again.value is caught.value


def test_a_root_named_with_any_letter() -> None:
    """LangChain's stream skips ``<é>`` (it looks for ``<[a-zA-Z:_]``) and takes its
    first child for the root; chunkwise's takes any XML name."""
    text = "<é><b>1</b></é>"
    assert XMLOutputParser().stream_all(text) == [{"é": [{"b": "1"}]}]
    assert lc_stream([text]) == [{"b": "1"}]
    assert XMLOutputParser().parse(text) == lc_parse(text)


def test_after_the_root_anything_goes() -> None:
    parser = XMLOutputParser()
    for text in ["<a>1</a><b>2</b>", "<a>1</a>junk</a>", "<a>1</a> <"]:
        assert parser.stream_all(text) == lc_stream([text]) == [{"a": "1"}]
    with pytest.raises(OutputParserException, match="junk after document element"):
        parser.parse("<a>1</a><b>2</b>")  # as LangChain's parse


@pytest.mark.parametrize("policy, refused", [
    ("safe", "a document type declaration"), ("defusedxml", "an entity declaration"), ("xml", None)])
def test_policies(policy: str, refused: str | None) -> None:
    parser = XMLOutputParser(parser=policy)  # type: ignore[arg-type]
    dtd = '<!DOCTYPE a [<!ENTITY e "E">]>\n<a>&e;</a>'
    if refused is None:
        assert parser.parse(dtd) == lc_xml.XMLOutputParser(parser="xml").parse(dtd) == {"a": "E"}
    else:
        with pytest.raises(OutputParserException, match=f"Failed to parse XML: {refused}") as caught:
            parser.parse(dtd)
        assert caught.value.pos == dtd.index("<!DOCTYPE" if policy == "safe" else "<!ENTITY")
    plain_dtd = "<!DOCTYPE a>\n<a>1</a>"
    if policy == "safe":
        with pytest.raises(OutputParserException, match="DTD"):
            parser.parse(plain_dtd)
    else:
        assert parser.parse(plain_dtd) == {"a": "1"}
    external = '<!DOCTYPE a SYSTEM "file:///etc/passwd">\n<a>&x;</a>'
    with pytest.raises(OutputParserException):
        parser.parse(external)


def test_deep_nesting_never_recurses() -> None:
    deep = "<a>" * 5000 + "x" + "</a>" * 5000
    parser = XMLOutputParser()
    (chunk,) = parser.stream_all(deep)
    assert parser.parse(deep)["a"][0]["a"][0]["a"][0] is not None
    for _ in range(4999):
        (chunk,) = chunk["a"]
    assert chunk == {"a": "x"}
    too_deep = "<a>" * 10_001
    for run in (parser.parse, parser.stream_all):
        with pytest.raises(OutputParserException, match="deeper than max_depth=10000"):
            run(too_deep)


def test_no_internal_errors_on_junk() -> None:
    parser = XMLOutputParser()
    pieces = ["<", ">", "</", "&", "]]>", "<!DOCTYPE a>", "\ud800"]
    check_no_internal_errors(parser, mutated_texts(outputs(), pieces=pieces), settings=settings(max_examples=60))


@given(text=st.text(alphabet="<>\nencodig x", max_size=40))
def test_encoding_line_as_langchain_finds_it(text: str) -> None:
    found = re.compile(r"<([^>]*encoding[^>]*)>\n(.*)", re.MULTILINE | re.DOTALL).search(text)
    assert _after_encoding_line(text) == (found.start(2) if found else 0)


@settings(max_examples=30)
@given(text=outputs())
def test_body_positions(text: str) -> None:
    body, start = xml_body(text)
    assert text[start : start + len(body)] == body


# ------------------------------------------------------------ as a runnable


def test_in_a_chain_and_events() -> None:
    chain = RunnableLambda(lambda text: AIMessageChunk(text)) | XMLOutputParser()
    assert chain.invoke(DATA) == EXPECTED

    def chunks(_: Any) -> Any:
        yield from (AIMessageChunk(c) for c in DATA)

    stream_chain = RunnableLambda(chunks) | XMLOutputParser()
    assert list(stream_chain.stream(None)) == EXPECTED_STREAM

    async def events() -> list[Any]:
        return [e async for e in stream_chain.astream_events(None, version="v2")
                if e["event"] == "on_parser_stream"]

    assert [e["data"]["chunk"] for e in asyncio.run(events())] == EXPECTED_STREAM


def test_block_content_is_read() -> None:
    blocks = [AIMessageChunk([{"type": "text", "text": c}]) for c in DATA]
    assert list(XMLOutputParser().transform(iter(blocks))) == EXPECTED_STREAM


def test_format_instructions_and_options() -> None:
    parser = XMLOutputParser(tags=["foo", "bar"])
    lc = lc_xml.XMLOutputParser(tags=["foo", "bar"])
    assert parser.get_format_instructions() == lc.get_format_instructions()
    assert XMLOutputParser().get_format_instructions() == lc_xml.XMLOutputParser().get_format_instructions()
    assert repr(parser) == "XMLOutputParser(tags=['foo', 'bar'])"
    with pytest.raises(ValueError, match="parser must be one of"):
        XMLOutputParser(parser="lxml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_depth"):
        XMLOutputParser(max_depth=0)


@settings(max_examples=50)
@given(document=any_documents)
def test_any_document_streams_as_langchain_in_one_chunk(document: str) -> None:
    assert XMLOutputParser().stream_all(document) == lc_stream([document])
