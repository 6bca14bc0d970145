"""The checkers find seeded bugs within the CI profile, and let correct parsers pass.

Three deliberately broken parsers: one that splits lines per chunk (a split-boundary
bug), one that loses the last item of a list, one that raises an internal error on
junk. Each is caught under the CI profile with no example database (so nothing
remembered from an earlier run helps).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings
from hypothesis import strategies as st

from chunkwise import IncrementalJsonParser, StrOutputParser
from chunkwise.testing import (
    CI,
    PropertyFailure,
    Target,
    check_final_matches,
    check_monotone,
    check_no_internal_errors,
    check_split_invariance,
    grows,
    json_texts,
    run,
    same,
    time_budget,
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


def commas_as_empty_items(chunks: Iterator[str]) -> Iterator[list[str]]:
    """One empty item per comma: outputs add up to ['', ''] for ','."""
    for chunk in chunks:
        yield from ([""], [""]) if chunk == "," else ()


def nonempty(a: list[str], b: list[str]) -> bool:
    return [x for x in a if x] == [x for x in b if x]


def test_equal_only_judges_answers_never_what_was_shown() -> None:
    # regression: a lenient equal= also decided whether the shown value changed, so the
    # final value of this run was reported as [] although the outputs add up to ['', '']
    assert run(commas_as_empty_items, [","], combine="sum", start=[]).final == ["", ""]
    with pytest.raises(PropertyFailure, match=r"final value \['', ''\], oracle gives \['x'\]"):
        check_final_matches(commas_as_empty_items, [","], lambda t: ["x"], combine="sum", start=[],
                            equal=nonempty, settings=FRESH_CI)
    check_final_matches(commas_as_empty_items, [","], lambda t: [], combine="sum", start=[], equal=nonempty,
                        settings=FRESH_CI)  # lenient where asked: [] and ['', ''] are equal here
    check_split_invariance(commas_as_empty_items, [",,"], combine="sum", start=[], equal=nonempty,
                           settings=FRESH_CI)


class WrapsIndexError:
    """Raises a ValueError subclass from an IndexError on every text: the documented type,
    hiding an internal error (as a real JSON library did on the empty text)."""

    def __init__(self, translate: str) -> None:
        self.translate = translate

    def __call__(self, chunks: Iterator[str]) -> Iterator[Any]:
        text = "".join(chunks)
        try:
            return iter([text[len(text)]])
        except IndexError as error:
            if self.translate == "from":
                raise json.JSONDecodeError("string index out of range", text, 0) from error
            if self.translate == "during":
                raise json.JSONDecodeError("string index out of range", text, 0)  # noqa: B904
            raise json.JSONDecodeError("no value", text, 0) from None


def test_internal_errors_behind_a_documented_one_are_caught() -> None:
    for translate in ("from", "during"):
        with pytest.raises(PropertyFailure, match="internal error IndexError") as caught:
            check_no_internal_errors(WrapsIndexError(translate), ["", "x"], settings=FRESH_CI)
        assert isinstance(caught.value.__cause__, IndexError) and caught.value.kind == "junk: IndexError"
    check_no_internal_errors(WrapsIndexError("from None"), ["", "x"], settings=FRESH_CI)  # on purpose: fine
    # the parser documents IndexError: name it
    check_no_internal_errors(WrapsIndexError("from"), ["x"], allowed=(ValueError, IndexError), settings=FRESH_CI)
    check_no_internal_errors(WrapsIndexError("from"), ["x"], internal=(KeyError,), settings=FRESH_CI)


class Unicode:
    def __init__(self) -> None:
        self.data = b""

    def feed(self, chunk: bytes) -> None:
        self.data += chunk

    def close(self) -> list[str]:
        return [self.data.decode()]


def test_a_user_named_error_type_is_documented_even_if_internal_looking() -> None:
    with pytest.raises(PropertyFailure, match="UnicodeDecodeError"):  # a ValueError, but an internal one
        check_no_internal_errors(Unicode, [b"\xff"], settings=FRESH_CI)
    check_no_internal_errors(Unicode, [b"\xff"], allowed=UnicodeDecodeError, settings=FRESH_CI)


def two_bugs(chunks: Iterator[str]) -> Iterator[list[str]]:
    """Raises KeyError on a line with a "b", and forgets a last line without a newline."""
    rest = ""
    for chunk in chunks:
        *done, rest = (rest + chunk).split("\n")
        for line in done:
            if "b" in line:
                raise KeyError(line)
            if line:
                yield [line]


def test_failures_collects_the_distinct_failures_of_a_target() -> None:
    target = Target("two bugs", two_bugs, LINES, lines_oracle, st.text(), combine="sum", start=[])
    found = {f.kind: f for f in target.failures(["final", "split"], settings=FRESH_CI)}
    assert sorted(found) == ["final: parser raised KeyError", "final: value"], sorted(found)
    assert found["final: value"].text == "a" and found["final: parser raised KeyError"].text == "b\n"
    assert isinstance(found["final: parser raised KeyError"].__cause__, KeyError)  # the parser's traceback
    assert target.failures(["final"], settings=FRESH_CI, limit=1)[0].kind in found


def test_each_parser_gets_its_own_examples() -> None:
    """Derandomised, two parsers used to be given the identical examples; now the parser's
    name (and seed=) is mixed into the seed and the example database key."""

    def drawn(parser_name: str, seed: object = None) -> list[str]:
        texts: list[str] = []

        def parser(chunks: Iterator[str]) -> Iterator[str]:
            chunks = list(chunks)
            texts.append("".join(chunks))
            yield from chunks

        parser.__qualname__ = parser_name
        check_split_invariance(parser, st.text(), combine="sum", start="", seed=seed,
                               settings=settings(max_examples=10, derandomize=True))
        return texts

    assert drawn("one") == drawn("one")
    assert drawn("one") != drawn("other")
    assert drawn("one", seed=1) != drawn("one", seed=2)


def test_a_failure_points_at_the_parser_not_into_the_toolkit() -> None:
    with pytest.raises(PropertyFailure) as caught:
        check_final_matches(naive_lines, LINES, lines_oracle, combine="sum", start=[], settings=FRESH_CI)
    failure = caught.value
    assert f"parser: naive_lines ({__file__}:" in str(failure) and failure.parser.startswith("naive_lines")
    notes = "\n".join(getattr(failure, "__notes__", []))
    assert "check_final_matches(" in notes  # Hypothesis' "Falsifying example" names the check
    assert "chunkwise/testing" not in notes  # no "explanation" lines pointing into the toolkit


def test_a_time_budget_stops_a_checker() -> None:
    start = time.monotonic()
    with time_budget(0.5):
        check_split_invariance(good_lines, LINES, combine="sum", start=[],
                               settings=settings(max_examples=10**6, database=None))
    assert time.monotonic() - start < 5
    with time_budget(0.5), pytest.raises(PropertyFailure):  # a failure found in time is still raised
        check_final_matches(naive_lines, LINES, lines_oracle, combine="sum", start=[], settings=FRESH_CI)


def escapes_cut_badly(chunks: Iterator[str]) -> Iterator[Any]:
    """A JSON-array parser that decodes each chunk's part of a string on its own: a
    \\u escape cut in two is read wrong (the bug the shrinking measurement uses)."""
    text = ""
    for chunk in chunks:
        text += chunk.replace("\\u00", "\\u01") if chunk.endswith(("\\u00", "\\u0")) else chunk
    yield json.loads(text)


def test_shrunk_examples_are_minimal() -> None:
    """Shrinking keeps the cut a failure needs while it removes text: the filler goes.
    (Cuts drawn per character position shrank this to e.g. [null,null,null,null,"\\u001f"].)"""
    values = st.lists(st.none() | st.integers() | st.text(st.sampled_from("a\x00\x1f")), max_size=8)
    with pytest.raises(PropertyFailure) as caught:
        check_final_matches(escapes_cut_badly, json_texts(values=values, pretty=False, ensure_ascii=True),
                            json.loads, settings=settings(FRESH_CI, max_examples=500))
    assert re.fullmatch(r'\["\\u00[01][0-9a-f]"\]', caught.value.text), caught.value.text  # one string
    assert len(caught.value.chunks) == 2  # and one cut, inside its escape
