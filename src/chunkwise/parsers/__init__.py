"""Output parsers: the end of a chain, turning a model's stream into values while it streams.

Names follow LangChain's, so chains switch by changing imports. Every parser is a
runnable (``on_parser_*`` events) that reads ``str``, messages and message chunks
(string or block content), streams sync and async, and keeps per-call state in the
call, so one parser object serves concurrent streams. See ``docs/parsers.md``.
"""

from chunkwise.parsers.base import (
    BaseOutputParser,
    BaseTransformOutputParser,
    ParseSession,
    ParserInput,
    text_of,
)
from chunkwise.parsers.exceptions import OutputParserException
from chunkwise.parsers.json import DEFAULT_MAX_DEPTH, JsonOutputParser, JsonReader, SimpleJsonOutputParser
from chunkwise.parsers.json_markdown import parse_and_check_json_markdown, parse_json_markdown
from chunkwise.parsers.lists import (
    CommaSeparatedListOutputParser,
    ListOutputParser,
    MarkdownListOutputParser,
    NumberedListOutputParser,
)
from chunkwise.parsers.pydantic import PydanticOutputParser
from chunkwise.parsers.string import StrOutputParser
from chunkwise.parsers.xml import XMLOutputParser
from chunkwise.parsers.tools import (
    JsonOutputKeyToolsParser,
    JsonOutputToolsParser,
    PydanticToolsParser,
)

__all__ = [
    "DEFAULT_MAX_DEPTH",
    "BaseOutputParser",
    "BaseTransformOutputParser",
    "CommaSeparatedListOutputParser",
    "JsonOutputKeyToolsParser",
    "JsonOutputParser",
    "JsonOutputToolsParser",
    "JsonReader",
    "ListOutputParser",
    "MarkdownListOutputParser",
    "NumberedListOutputParser",
    "OutputParserException",
    "ParseSession",
    "ParserInput",
    "PydanticOutputParser",
    "PydanticToolsParser",
    "SimpleJsonOutputParser",
    "StrOutputParser",
    "XMLOutputParser",
    "parse_and_check_json_markdown",
    "parse_json_markdown",
    "text_of",
]
