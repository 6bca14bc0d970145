"""reparse_prefix: a function that parses the text so far, as a streaming parser, in one line.

The four libraries the issue names are each one line; those outside the test extra
are skipped with the reason.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from chunkwise import IncompleteJsonError, parse_partial_json
from chunkwise.testing import (
    IncompleteText,
    check_final_matches,
    check_split_invariance,
    json_texts,
    reparse_prefix,
    run,
)

QUICK = settings(max_examples=30, database=None, deadline=None)
ARRAYS = json_texts(values=st.lists(st.integers() | st.text(max_size=5), max_size=4))


def test_each_prefix_is_parsed_and_the_whole_text_at_the_end() -> None:
    seen: list[str] = []

    def parse(text: str) -> Any:
        seen.append(text)
        return parse_partial_json(text)

    assert run(reparse_prefix(parse), [" ", "[1", ", 2]"]).shown == [[1], [1, 2]]
    assert seen == [" [1", " [1, 2]", " [1, 2]"]  # the blank prefix " " is not parsed


def test_incomplete_exceptions_and_results_mean_not_enough_text_yet() -> None:
    strict = reparse_prefix(json.loads, incomplete=json.JSONDecodeError)
    assert run(strict, ["[1", ", 2]"]).shown == [[1, 2]]
    assert run(strict, ["[1", ", 2"]).outcome() == "JSONDecodeError"  # cut off: the error at the end

    def maybe(text: str) -> Any:
        return json.loads(text) if text.endswith("]") else None

    assert run(reparse_prefix(maybe, incomplete=lambda v: v is None), ["[1", "]"]).shown == [[1]]
    assert isinstance(run(reparse_prefix(maybe, incomplete=lambda v: v is None), ["[1"]).error, IncompleteText)
    with pytest.raises(TypeError, match="incomplete"):
        reparse_prefix(json.loads, incomplete=42)  # type: ignore[arg-type]


def test_final_parses_the_whole_text_and_bytes_work() -> None:
    lenient = reparse_prefix(parse_partial_json, final=json.loads)
    assert run(lenient, ["[1", ", 2"]).outcome() == "JSONDecodeError"
    assert run(reparse_prefix(json.loads, incomplete=ValueError), [b"[1", b"]"]).final == [1]
    assert run(reparse_prefix(json.loads), []).outcome() == "JSONDecodeError"  # no chunks: the text ""


def test_chunkwise_parse_partial_json_passes() -> None:
    parser = reparse_prefix(lambda t: parse_partial_json(t, strict=True), final=json.loads)
    check_split_invariance(parser, ARRAYS, settings=QUICK)
    check_final_matches(parser, ARRAYS, json.loads, settings=QUICK)
    assert run(parser, ['{"a": 1']).outcome() == "JSONDecodeError"
    assert issubclass(IncompleteJsonError, ValueError)


def _one_liners() -> dict[str, Any]:
    """The four one-liners of docs/fuzzing.md, for the libraries that are installed."""
    lines: dict[str, Any] = {}
    try:
        import partial_json_parser
    except ImportError:
        pass
    else:
        lines["partial_json_parser"] = reparse_prefix(partial_json_parser.loads)
    try:
        import jiter
    except ImportError:
        pass
    else:
        lines["jiter"] = reparse_prefix(lambda t: jiter.from_json(t.encode(), partial_mode="trailing-strings"),
                                        final=lambda t: jiter.from_json(t.encode()))
    import pydantic_core

    lines["pydantic_core"] = reparse_prefix(lambda t: pydantic_core.from_json(t, allow_partial=True),
                                            final=pydantic_core.from_json)
    from langchain_core.utils.json import parse_partial_json as langchain_parse_partial_json

    lines["langchain"] = reparse_prefix(langchain_parse_partial_json)
    return lines


@pytest.mark.parametrize("name", ["partial_json_parser", "jiter", "pydantic_core", "langchain"])
def test_third_party_partial_parsers_are_one_line(name: str) -> None:
    parser = _one_liners().get(name)
    if parser is None:
        pytest.skip(f"{name} is not installed (it is in the test extra)")
    result = run(parser, ['{"a": [1, ', '"xy', '"]}'])
    assert result.error is None and result.final == {"a": [1, "xy"]}
    assert len(result.shown) >= 2  # something was shown before the end
