"""The ``tool`` decorator: schema, invocation, tool calls, events."""

from __future__ import annotations

import asyncio
from typing import Any

import pydantic
import pytest

from chunkwise import ToolMessage, tool
from chunkwise.models import tool_call


@tool
def multiply(a: int, b: int = 2) -> int:
    """Multiply two integers."""
    return a * b


@tool("lookup")
async def find(query: str) -> str:
    """Look something up."""
    await asyncio.sleep(0)
    return f"found {query}"


def test_schema_from_signature() -> None:
    assert (multiply.name, multiply.description) == ("multiply", "Multiply two integers.")
    schema = multiply.args_schema.model_json_schema()
    assert schema["properties"] == {"a": {"title": "A", "type": "integer"},
                                    "b": {"default": 2, "title": "B", "type": "integer"}}
    assert schema["required"] == ["a"]
    assert multiply.args == schema["properties"]
    assert find.name == "lookup"


def test_invoke_with_dict_validates() -> None:
    assert multiply.invoke({"a": 3, "b": 4}) == 12
    assert multiply.invoke({"a": "5"}) == 10  # pydantic coercion
    with pytest.raises(pydantic.ValidationError):
        multiply.invoke({"b": 1})
    assert find.invoke("x") == "found x"  # one-argument tool: the value itself
    with pytest.raises(TypeError, match="dict of arguments"):
        multiply.invoke(3)


def test_invoke_with_tool_call_gives_tool_message() -> None:
    answer = multiply.invoke(tool_call(name="multiply", args={"a": 2, "b": 5}, id="c9"))
    assert answer == ToolMessage("10", tool_call_id="c9", name="multiply")


def test_async_tool_and_events() -> None:
    async def main() -> tuple[str, list[Any]]:
        result = await find.ainvoke({"query": "q"})
        events = [e async for e in multiply.astream_events({"a": 1}, version="v2")]
        return result, events

    result, events = asyncio.run(main())
    assert result == "found q"
    assert [e["event"] for e in events] == ["on_tool_start", "on_tool_end"]
    assert events[0]["data"] == {"input": {"a": 1}} and events[0]["name"] == "multiply"
    assert events[-1]["data"]["output"] == 2


def test_tool_needs_a_docstring_and_plain_arguments() -> None:
    def bare(x: int) -> int:
        return x

    with pytest.raises(ValueError, match="docstring"):
        tool(bare)

    def star(*args: int) -> int:
        """Sum."""
        return sum(args)

    with pytest.raises(TypeError, match=r"\*args"):
        tool(star)
