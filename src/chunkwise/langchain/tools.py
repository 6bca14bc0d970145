"""Drop-in tool-call parsers: ``JsonOutputToolsParser``, ``JsonOutputKeyToolsParser``,
``PydanticToolsParser``.

LangChain's classes and fields; the calls' argument text is read by chunkwise's
tool sessions (one incremental engine per call, fed each new piece), never
re-parsed from ``tool_calls`` on the running total. As LangChain's, a stream of
lists starts with ``[]`` when its first chunk holds no call yet, unknown tools are
named in LangChain's words, and ``PydanticToolsParser`` takes pydantic v1 models
too. ``compact`` is chunkwise's extra field (with ``diff=True``: a growing string
is an ``append``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pydantic
import pydantic.v1
from langchain_core.output_parsers import openai_tools as lc_tools

import chunkwise.parsers as cw
from chunkwise.langchain.json import StructuredParsing

__all__ = ["JsonOutputKeyToolsParser", "JsonOutputToolsParser", "PydanticToolsParser"]


class ToolsParsing(StructuredParsing):
    """The tool drop-ins read whole messages (their tool-call chunks)."""

    reads_messages = True


class JsonOutputToolsParser(ToolsParsing, lc_tools.JsonOutputToolsParser):
    """LangChain's ``JsonOutputToolsParser``, parsing with chunkwise's tool sessions."""

    compact: bool = False

    def engine(self) -> cw.JsonOutputToolsParser:
        return cw.JsonOutputToolsParser(strict=self.strict, return_id=self.return_id,
                                        first_tool_only=self.first_tool_only, diff=self.diff,
                                        compact=self.compact)


class JsonOutputKeyToolsParser(ToolsParsing, lc_tools.JsonOutputKeyToolsParser):
    """LangChain's ``JsonOutputKeyToolsParser``, parsing with chunkwise's tool sessions."""

    compact: bool = False

    def engine(self) -> cw.JsonOutputKeyToolsParser:
        return cw.JsonOutputKeyToolsParser(
            self.key_name, strict=self.strict, return_id=self.return_id,
            first_tool_only=self.first_tool_only, diff=self.diff, compact=self.compact)


def _tool_name(tool: type[Any]) -> str:
    """A tool model's name as LangChain finds it (v2: its ``title``, else the class name)."""
    if issubclass(tool, pydantic.BaseModel):
        return tool.model_config.get("title") or tool.__name__
    return tool.__name__


class _Tools(cw.PydanticToolsParser):
    """chunkwise's ``PydanticToolsParser`` with LangChain's tool names, its wording of an
    unknown tool, and pydantic v1 models (validated with their own ``parse_obj``)."""

    def __init__(self, tools: Sequence[type[Any]], *, strict: bool, first_tool_only: bool) -> None:
        super().__init__([], strict=strict, first_tool_only=first_tool_only)
        self.tools = list(tools)
        self.by_name = {_tool_name(tool): tool for tool in tools}

    def entry(self, call: Any, final: bool) -> Any:
        tool = self.by_name.get(call.name)
        if tool is None and final:  # in LangChain's words
            known = ", ".join(self.by_name) or "<no_tools>"
            message = f"Unknown tool type: {call.name!r}. Available tools: {known}"
            raise cw.OutputParserException(message, llm_output=call.text())
        if tool is None or issubclass(tool, pydantic.BaseModel):  # (unknown: None while streaming)
            return super().entry(call, final)
        try:
            return tool.parse_obj(call.args)
        except pydantic.v1.ValidationError as error:
            if not final:
                return None
            raise cw.OutputParserException(
                f"Failed to parse {tool.__name__} from the tool call: {error}",
                llm_output=call.text(), errors=error.errors()) from error


class PydanticToolsParser(ToolsParsing, lc_tools.PydanticToolsParser):
    """LangChain's ``PydanticToolsParser``, parsing with chunkwise's tool sessions."""

    def engine(self) -> cw.PydanticToolsParser:
        return _Tools(self.tools, strict=self.strict, first_tool_only=self.first_tool_only)
