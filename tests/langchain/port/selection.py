"""What is ported from langchain-core's output-parser tests (issue 13's acceptance).

Every test of the files whose tests use one of the drop-in parsers; only the
imports of those parser classes are pointed at ``chunkwise.langchain``, all else
is langchain-core's own. Not ported: ``test_base_parsers.py`` (LangChain's base
classes, which the drop-ins subclass), ``test_openai_functions.py`` (the
function-call parsers, which have no drop-in) and ``test_imports.py``
(``langchain_core.output_parsers.__all__``). ``DIFFERENCES`` are the
ported tests that fail because chunkwise differs on purpose, each naming its
section of docs/langchain.md.
"""

from __future__ import annotations

from importlib.metadata import version

#: The installed langchain-core (the test extra's), whose sdist's tests are ported.
VERSION = version("langchain-core")

_DIR = "tests/unit_tests/output_parsers/"

SELECTED: dict[str, str] = {
    _DIR + name: r"."
    for name in ("test_json.py", "test_list_parser.py", "test_openai_tools.py",
                 "test_pydantic_parser.py", "test_refusal.py", "test_xml_parser.py")
}

SUPPORT = [
    "tests/__init__.py",
    "tests/unit_tests/__init__.py",
    "tests/unit_tests/pydantic_utils.py",
    "tests/unit_tests/output_parsers/__init__.py",
]

#: The parser classes whose imports are pointed at chunkwise.langchain.
DROP_INS = (
    "JsonOutputParser", "SimpleJsonOutputParser", "PydanticOutputParser",
    "JsonOutputToolsParser", "JsonOutputKeyToolsParser", "PydanticToolsParser",
    "CommaSeparatedListOutputParser", "NumberedListOutputParser", "MarkdownListOutputParser",
    "XMLOutputParser",
)

#: Test id (file stem::name) -> why it is left out.
EXCLUDED: dict[str, str] = {}

#: Test id -> the docs section(s) naming the deliberate difference it shows.
_PARTIAL = "langchain.md#partial-instances-hold-complete-values-only"

DIFFERENCES: dict[str, str | tuple[str, ...]] = {
    # LangChain streams NameCollector(... job='c'), then job='concie', ...: partial strings.
    "test_openai_tools::test_partial_pydantic_output_parser": _PARTIAL,
    "test_openai_tools::test_partial_pydantic_output_parser_async": _PARTIAL,
    # LangChain lets pydantic's ValidationError escape (and logs the max_tokens reason).
    "test_openai_tools::test_max_tokens_error":
        "langchain.md#invalid-tool-arguments-raise-outputparserexception",
}
