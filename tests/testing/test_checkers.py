"""The checkers find seeded bugs within the CI profile, and let correct parsers pass.

Three deliberately broken parsers: one that splits lines per chunk (a split-boundary
bug), one that loses the last item of a list, one that raises an internal error on
junk. Each is caught under the CI profile with no example database (so nothing
remembered from an earlier run helps).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from chunkwise import IncrementalJsonParser, StrOutputParser
from chunkwise.testing import (
    CI,
    PropertyFailure,
    check_final_matches,
    check_monotone,
    check_no_internal_errors,
    check_split_invariance,
    grows,
    json_texts,
    same,
)

FRESH_CI = settings(CI, database=None)
LINES = st.text(alphabet="ab \n")


def lines_oracle(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def naive_lines(chunks: Iterator[str]) -> Iterator[list[str]]:
    """Seeded bug 1: splits each chunk on newlines, so a line cut in two comes out as two."""
    for chunk in chunks:
        yield from ([line] for line in chunk.split("\n") if line)


def good_lines(chunks: Iterator[str]) -> Iterator[list[str]]:
    buffer = ""
    for chunk in chunks:
        *done, buffer = (buffer + chunk).split("\n")
        yield from ([line] for line in done if line)
    if buffer:
        yield [buffer]


def forgetful_commas(chunks: Iterator[str]) -> Iterator[list[str]]:
    """Seeded bug 2: emits an item when its comma arrives, so the last item is lost."""
    buffer = ""
    for chunk in chunks:
        *done, buffer = (buffer + chunk).split(",")
        yield from ([item.strip()] for item in done if item.strip())


class AnswerParser:
    """Seeded bug 3: json.loads at close, then reads ["answer"]: KeyError/TypeError on junk."""

    def __init__(self) -> None:
        self.text = ""

    def feed(self, chunk: str) -> None:
        self.text += chunk

    def close(self) -> list[Any]:
        return [json.loads(self.text)["answer"]]


def test_split_boundary_bug_is_caught_and_shrunk() -> None:
    with pytest.raises(PropertyFailure) as caught:
        check_final_matches(naive_lines, LINES, lines_oracle, combine="sum", start=[], settings=FRESH_CI)
    assert caught.value.text == "aa" and caught.value.chunks == ["a", "a"]  # the smallest example
    with pytest.raises(PropertyFailure):
        check_split_invariance(naive_lines, LINES, combine="sum", start=[], settings=FRESH_CI)


def test_lost_last_item_is_caught() -> None:
    def oracle(text: str) -> list[str]:
        return [item.strip() for item in text.split(",") if item.strip()]

    with pytest.raises(PropertyFailure) as caught:
        check_final_matches(forgetful_commas, st.text(alphabet="ab, "), oracle, combine="sum", start=[],
                            settings=FRESH_CI)
    assert caught.value.text == "a"


def test_internal_error_on_junk_is_caught() -> None:
    with pytest.raises(PropertyFailure) as caught:
        check_no_internal_errors(AnswerParser, st.text() | json_texts(), settings=FRESH_CI)
    assert isinstance(caught.value.__cause__, (KeyError, TypeError))


def test_correct_parsers_pass_every_checker() -> None:
    for check in (check_split_invariance, check_monotone):
        check(good_lines, LINES, combine="sum", start=[], settings=FRESH_CI)
    check_final_matches(good_lines, LINES, lines_oracle, combine="sum", start=[], settings=FRESH_CI)
    check_no_internal_errors(good_lines, st.text(), settings=FRESH_CI)
    check_no_internal_errors(lambda: AnswerParser(), ['{"answer": 1}', "{", ""], allowed=(ValueError,),
                             settings=FRESH_CI)


def test_monotone_catches_lost_and_mutated_outputs() -> None:
    def shrinking(chunks: Iterator[str]) -> Iterator[str]:
        text = ""
        for chunk in chunks:
            text += chunk
            yield text[-2:]  # shows only the end: what was shown is lost

    with pytest.raises(PropertyFailure, match="prefix"):
        check_monotone(shrinking, st.text(min_size=3), settings=FRESH_CI)

    def reusing(chunks: Iterator[str]) -> Iterator[list[str]]:
        shown: list[str] = []
        for chunk in chunks:
            shown.append(chunk)
            yield shown  # the same list each time: earlier outputs change under the caller

    with pytest.raises(PropertyFailure, match="changed after it was handed out"):
        check_monotone(reusing, st.text(min_size=2), settings=FRESH_CI)


def test_split_invariance_compares_errors_too() -> None:
    check_split_invariance(IncrementalJsonParser, ["[1, 2", "[1, x]", "{}"], settings=FRESH_CI)
    check_split_invariance(StrOutputParser(), st.text(), combine="sum", start="", settings=FRESH_CI)


def test_grows_and_same() -> None:
    assert grows({"a": "Fr"}, {"a": "France", "b": 1}) is None
    assert grows([1, "a"], [1.5, "ab", None]) is None
    assert "prefix" in str(grows("ab", "b"))
    assert "lost" in str(grows({"a": 1}, {}))
    assert "became" in str(grows(True, "x"))
    assert same([1, {"a": float("nan")}], [1, {"a": float("nan")}])
    assert not same(1, 1.0) and not same({"a": 1, "b": 2}, {"b": 2, "a": 1})
