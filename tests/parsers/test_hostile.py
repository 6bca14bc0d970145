"""Every parser under hostile model output: the only exception that escapes is the documented one.

Model output is untrusted (a prompt injection can make a model emit anything), so
each parser, with each strictness setting and each of its views, is fed garbage and
near-miss texts cut at random places, as strings and as message chunks (tool-call
argument fragments for the tool parsers). Whatever happens, what escapes is an
:class:`OutputParserException` (docs/parsers.md, "Errors") whose cause is not an
internal error; issue 19 found a bare ``NaN`` under ``strict=True`` leaking the
engine's ``JsonStreamError``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

import chunkwise.parsers as parsers
from chunkwise import AIMessage, AIMessageChunk
from chunkwise.models import tool_call_chunk
from chunkwise.parsers import BaseOutputParser, OutputParserException
from chunkwise.testing import INTERNAL_ERRORS, cut, llm_wrapped, mutated_texts

from .helpers import run_async


class Item(BaseModel):
    name: str
    size: int = 0


# Bare literals and framing pieces models get wrong, whole and with something after them.
_HOSTILE = ["NaN", "Infinity", "-Infinity", "-NaN", "nan", "Infinit", "true", "nul", "```", "```json\n",
            "```\n{\"a\": 1\n```", "<think>", "<think>x</think>NaN", "[NaN]", '{"a": NaN}', "1e999999",
            "-", "\ufeffNaN", "\x00", "\ud800", '"\\ud800"', "[" * 50, '{"a":' * 30]
GARBAGE = (st.sampled_from(_HOSTILE) | st.text(max_size=40) | mutated_texts()
           | llm_wrapped(mutated_texts(), prose=False).map(str))  # (plain str: Hypothesis replays it)

_JSON_VIEWS: list[dict[str, Any]] = [
    {}, {"diff": True}, {"diff": True, "compact": True}, {"items": "/*"}, {"items": "/a/*"},
    {"completion": "atomic"}, {"completion": "complete"}, {"allow_incomplete": True},
]
_TOOL_VIEWS: list[dict[str, Any]] = [{}, {"diff": True}, {"first_tool_only": True}, {"return_id": True}]

Make = Callable[[dict[str, Any]], BaseOutputParser[Any]]

#: (parser name, its factory from options, the option sets to draw from, whether it reads tool calls)
TEXT_PARSERS: list[tuple[str, Make, list[dict[str, Any]]]] = [
    ("StrOutputParser", lambda o: parsers.StrOutputParser(), [{}]),
    ("CommaSeparatedListOutputParser", lambda o: parsers.CommaSeparatedListOutputParser(), [{}]),
    ("NumberedListOutputParser", lambda o: parsers.NumberedListOutputParser(), [{}]),
    ("MarkdownListOutputParser", lambda o: parsers.MarkdownListOutputParser(), [{}]),
    ("XMLOutputParser", lambda o: parsers.XMLOutputParser(**o),
     [{}, {"parser": "defusedxml"}, {"parser": "xml"}]),
    *[(f"JsonOutputParser(strict={strict})",
       lambda o, strict=strict: parsers.JsonOutputParser(strict=strict, **o), _JSON_VIEWS)
      for strict in (False, True)],
    *[(f"PydanticOutputParser(strict={strict})",
       lambda o, strict=strict: parsers.PydanticOutputParser(Item, strict=strict, **o),
       [{}, {"completion": "atomic"}, {"allow_incomplete": True}])
      for strict in (False, True)],
]
TOOL_PARSERS: list[tuple[str, Make, list[dict[str, Any]]]] = [
    *[(f"JsonOutputToolsParser(strict={strict})",
       lambda o, strict=strict: parsers.JsonOutputToolsParser(strict=strict, **o), _TOOL_VIEWS)
      for strict in (False, True)],
    *[(f"JsonOutputKeyToolsParser(strict={strict})",
       lambda o, strict=strict: parsers.JsonOutputKeyToolsParser("Item", strict=strict, **o), _TOOL_VIEWS)
      for strict in (False, True)],
    *[(f"PydanticToolsParser(strict={strict})",
       lambda o, strict=strict: parsers.PydanticToolsParser([Item], strict=strict, **o),
       [{}, {"first_tool_only": True}])
      for strict in (False, True)],
]


def documented_only(action: Callable[[], object]) -> None:
    """Run ``action``; only an OutputParserException may escape, with no internal error behind it."""
    try:
        action()
    except OutputParserException as error:
        cause = error.__cause__ or error.__context__
        assert not isinstance(cause, INTERNAL_ERRORS), f"internal error behind the documented one: {cause!r}"
    # any other exception escapes and fails the test, with its traceback


def _pieces(data: st.DataObject, text: str) -> list[str]:
    positions = data.draw(st.lists(st.integers(0, len(text)), max_size=8), label="cuts")
    return cut(text, positions)


@pytest.mark.parametrize(("name", "make", "views"), TEXT_PARSERS, ids=[p[0] for p in TEXT_PARSERS])
@given(data=st.data(), text=GARBAGE)
def test_text_parsers_raise_only_output_parser_exception(
    name: str, make: Make, views: list[dict[str, Any]], data: st.DataObject, text: str
) -> None:
    parser = make(data.draw(st.sampled_from(views), label="options"))
    pieces = _pieces(data, text)
    documented_only(lambda: parser.invoke(text))
    documented_only(lambda: parser.parse_result([text], partial=True))
    documented_only(lambda: list(parser.transform(iter(pieces))))
    documented_only(lambda: run_async(parser, [AIMessageChunk(piece) for piece in pieces]))


@pytest.mark.parametrize(("name", "make", "views"), TOOL_PARSERS, ids=[p[0] for p in TOOL_PARSERS])
@given(data=st.data(), text=GARBAGE)
def test_tool_parsers_raise_only_output_parser_exception(
    name: str, make: Make, views: list[dict[str, Any]], data: st.DataObject, text: str
) -> None:
    parser = make(data.draw(st.sampled_from(views), label="options"))
    tool = data.draw(st.sampled_from(["Item", "other", ""]), label="tool name")
    head = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name=tool, id="call_1", args="", index=0)])
    chunks = [head, *(AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args=piece, index=0)])
                      for piece in _pieces(data, text))]
    documented_only(lambda: parser.invoke(text))  # text is not a tool call
    documented_only(lambda: list(parser.transform(iter(chunks))))
    documented_only(lambda: run_async(parser, chunks))
    whole = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name=tool, id="c", args=text, index=0)])
    documented_only(lambda: parser.invoke(whole))
    documented_only(lambda: parser.invoke(AIMessage(whole.content, tool_calls=whole.tool_calls,
                                                    invalid_tool_calls=whole.invalid_tool_calls)))


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize("text", ["NaN", "Infinity", "-Infinity", "  NaN \n", "<think>x</think>Infinity"])
def test_bare_non_finite_literal_is_an_output_parser_exception(text: str, strict: bool) -> None:
    """Issue 19: the framer holds a bare literal until the end; under strict=True the engine
    rejected it outside the reader's error handling."""
    parser = parsers.JsonOutputParser(strict=strict)
    if not strict:
        assert str(parser.invoke(text)) == str(float(text.split(">")[-1].strip()))
        return
    with pytest.raises(OutputParserException, match="Invalid JSON output") as caught:
        parser.invoke(text)
    assert caught.value.llm_output == text
    assert text[caught.value.pos:].lstrip("-").startswith(("NaN", "Infinity"))
    with pytest.raises(OutputParserException):
        list(parser.transform(iter(text)))


def test_every_parser_is_covered() -> None:
    """Each concrete parser class of chunkwise.parsers is in the hostile tests, both strictness settings."""
    concrete = {name for name in parsers.__all__
                if isinstance(getattr(parsers, name), type) and issubclass(getattr(parsers, name), BaseOutputParser)
                and not getattr(parsers, name).__abstractmethods__
                and name not in ("ListOutputParser", "BaseTransformOutputParser", "SimpleJsonOutputParser")}
    entries = TEXT_PARSERS + TOOL_PARSERS
    covered = {name.split("(")[0] for name, _, _ in entries}
    assert concrete <= covered, f"not covered: {concrete - covered}"
    names = {name for name, _, _ in entries}
    for name, make, _ in entries:
        if hasattr(make({}), "strict"):
            base = name.split("(")[0]
            assert {f"{base}(strict=False)", f"{base}(strict=True)"} <= names
