"""A parser may be a runnable, a feed/close object (through a factory) or a generator function."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chunkwise import IncrementalJsonParser, RunnableGenerator, StrOutputParser
from chunkwise.testing import NOTHING, adapt, feed_close, run


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
