"""A parser may be a runnable, a feed/close object (through a factory) or a generator function."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from typing import NamedTuple

import pytest

from chunkwise import IncrementalJsonParser, RunnableGenerator, StrOutputParser
from chunkwise.testing import NOTHING, InvalidResult, adapt, feed_close, read_status, run


def upper(chunks: Iterator[str]) -> Iterator[str]:
    for chunk in chunks:
        yield chunk.upper()


class Lines:
    """feed/close returning the outputs of each chunk."""

    def __init__(self) -> None:
        self.buffer = ""

    def feed(self, chunk: str) -> list[str]:
        *done, self.buffer = (self.buffer + chunk).split("\n")
        return done

    def close(self) -> list[str]:
        return [self.buffer] if self.buffer else []


def test_the_three_shapes() -> None:
    assert list(adapt(StrOutputParser())(["a", "b"])) == ["a", "b"]
    assert list(adapt(RunnableGenerator(upper))(["a", "b"])) == ["A", "B"]
    assert list(adapt(upper)(["a", "b"])) == ["A", "B"]
    assert list(adapt(Lines)(["a\nb", "c\n", "d"])) == ["a", "bc", "d"]


def test_feed_close_with_a_changed_flag_shows_the_value() -> None:
    assert list(adapt(IncrementalJsonParser)(['[1', ', 2]'])) == [[1], [1, 2], [1, 2]]
    assert list(feed_close(IncrementalJsonParser, view=lambda p: p.value)(["[1]"])) == [[1], [1]]
    assert run(IncrementalJsonParser, ["null"]).final is None  # close() is shown, even when None


def test_each_run_gets_a_fresh_parser() -> None:
    stream = adapt(Lines)
    assert list(stream(["a"])) == ["a"]
    assert list(stream(["b"])) == ["b"]


def test_a_feed_close_object_needs_a_factory() -> None:
    with pytest.raises(TypeError, match="factory"):
        adapt(Lines())
    with pytest.raises(TypeError, match="not a parser"):
        adapt(42)


def test_run_records_errors_and_combines() -> None:
    result = run(IncrementalJsonParser, ["[1,"])
    assert result.outcome() == "IncompleteJsonError" and result.final == [1]
    assert run(StrOutputParser(), ["a", "b"], combine="sum").shown == ["a", "ab"]
    assert run(StrOutputParser(), [], combine="sum").final is NOTHING
    assert run(StrOutputParser(), [], combine="sum", start="").final == ""


class Counter:
    """A feed/close parser whose feed returns None: its value is only readable by a view."""

    def __init__(self) -> None:
        self.count = 0

    def feed(self, chunk: str) -> None:
        self.count += len(chunk)

    def close(self) -> None:
        return None


def test_a_view_is_read_after_every_feed_whatever_feed_returns() -> None:
    # regression: with a feed returning None (or a result object) the view was read only at close
    assert list(feed_close(Counter, view=lambda c: c.count)(["ab", "c"])) == [2, 3, 3]

    class Results(Counter):
        def feed(self, chunk: str) -> object:  # type: ignore[override]
            super().feed(chunk)
            return object()

    assert list(feed_close(Results, view=lambda c: c.count)(["ab", "c"])) == [2, 3, 3]


class Progress(NamedTuple):
    done: bool
    text: str


class Echo:
    """feed returns a NamedTuple: one output, not one per field."""

    def __init__(self) -> None:
        self.text = ""

    def feed(self, chunk: str) -> Progress:
        self.text += chunk
        return Progress(False, self.text)

    def finish(self) -> Progress:
        return Progress(True, self.text)


def test_a_named_tuple_is_one_output_and_close_may_have_another_name() -> None:
    # regression: the NamedTuple's fields came out as outputs
    assert list(feed_close(Echo, close="finish")(["a", "b"])) == [
        Progress(False, "a"), Progress(False, "ab"), Progress(True, "ab")]
    with pytest.raises(TypeError, match="close="):
        list(adapt(Echo)(["a"]))


class Status(enum.Enum):
    EMPTY = "empty"
    PARTIAL = "partial"
    COMPLETE = "complete"
    INVALID = "invalid"


class Result(NamedTuple):
    status: Status
    value: object
    error: str | None = None


class Digits:
    """Status-style results: PARTIAL while digits come, INVALID on anything else."""

    def __init__(self) -> None:
        self.text = ""

    def feed(self, chunk: str) -> Result:
        self.text += chunk
        if not self.text.isdigit():
            return Result(Status.INVALID if self.text else Status.EMPTY, None, f"not digits: {self.text!r}")
        return Result(Status.PARTIAL, int(self.text))

    def finish(self) -> Result:
        result = self.feed("")
        return result._replace(status=Status.COMPLETE) if result.status is Status.PARTIAL else result


def test_status_results_are_read_by_read_status() -> None:
    stream = feed_close(Digits, close="finish", read=read_status)
    assert list(stream(["1", "2"])) == [1, 12, 12]
    assert list(stream([])) == []  # EMPTY shows nothing
    with pytest.raises(InvalidResult, match="not digits"):
        list(stream(["1", "x"]))
    assert read_status(Result(Status.PARTIAL, 5)) == [5] and read_status(None) == []
    with pytest.raises(TypeError, match="not both"):
        feed_close(Digits, view=lambda d: d.text, read=read_status)


def test_streaming_json_parser_in_one_line() -> None:
    sjp = pytest.importorskip("streaming_json_parser", reason="streaming-json-parser is in the test extra")
    stream = feed_close(sjp.StreamingJsonParser, close="finish", read=read_status)
    assert list(stream(['{"a": [1', ", 2]}"]))[-1] == {"a": [1, 2]}
    assert run(stream, ["[1, x"]).outcome() == "InvalidResult"
