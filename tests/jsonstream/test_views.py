"""The views are pure and independent, and after an error every one of them raises it."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from chunkwise import IncompleteJsonError, IncrementalJsonParser, JsonEvent, JsonStreamError

TEXT = '{"a": [1, "xy", {"b": null}], "c": "done"}'


def test_reading_value_changes_nothing_patches_return() -> None:
    parser = IncrementalJsonParser()
    parser.feed('{"a": 1')
    assert parser.value == {"a": 1}
    assert parser.value == {"a": 1}
    assert parser.patches() == [{"op": "add", "path": "", "value": {"a": 1}}]
    parser.feed(', "b": "x')
    assert parser.value == {"a": 1, "b": "x"}
    assert parser.patches(compact=True) == [{"op": "add", "path": "/b", "value": "x"}]


@pytest.mark.parametrize("size", [1, 3, 7])
def test_each_view_returns_the_same_whatever_else_is_read(size: int) -> None:
    chunks = [TEXT[i : i + size] for i in range(0, len(TEXT), size)]

    def collect(read_others: bool) -> tuple[list[Any], list[Any], list[Any]]:
        parser = IncrementalJsonParser(items="/a/*", events=True)
        patches: list[Any] = []
        items: list[Any] = []
        events: list[Any] = []
        for index, chunk in enumerate(chunks):
            parser.feed(chunk)
            if read_others:
                parser.value
                parser.path
            if index % 2:  # each view read at its own times
                patches += parser.patches()
            if index % 3:
                items += parser.items()
            events += parser.events()
        parser.close()
        return patches + parser.patches(), items + parser.items(), events + parser.events()

    assert collect(read_others=True) == collect(read_others=False)


def test_value_is_the_same_object_until_something_shows_differently() -> None:
    parser = IncrementalJsonParser()
    parser.feed('{"a": "x')
    first = parser.value
    parser.patches()
    parser.feed("")
    assert parser.value is first
    parser.feed("y")
    assert parser.value == {"a": "xy"}


@pytest.mark.parametrize("bad", ["[1, }", "[1, 2"])
def test_after_an_error_every_call_raises_the_same_error(bad: str) -> None:
    parser = IncrementalJsonParser(items="/*", events=True)
    with pytest.raises(JsonStreamError) as first:
        parser.feed(bad)
        parser.close()
    calls: list[Callable[[], Any]] = [lambda: parser.value, parser.close, lambda: parser.feed("]")]
    for delta in (parser.patches, parser.items, parser.events):
        delta()  # the first call hands out what completed before the error (below)
        calls.append(delta)
    calls.append(lambda: parser.patches(compact=True))
    for call in calls:
        with pytest.raises(JsonStreamError) as again:
            call()
        assert again.value is first.value
    assert isinstance(first.value, IncompleteJsonError) == (bad == "[1, 2")


def test_what_completed_before_an_error_in_the_same_chunk_is_handed_out_once() -> None:
    parser = IncrementalJsonParser(items="/*", events=True)
    parser.feed("[1, ")
    assert parser.items() == [1]
    with pytest.raises(JsonStreamError):
        parser.feed("2, 3, x]")
    assert parser.items() == [2, 3]
    assert [event.value for event in parser.events()][-2:] == [2, 3]
    assert parser.patches() == [{"op": "add", "path": "", "value": [1, 2, 3]}]
    for view in (parser.items, parser.events, parser.patches):
        with pytest.raises(JsonStreamError):
            view()


def test_events_and_items_are_independent_of_value_reads() -> None:
    parser = IncrementalJsonParser(items="/a/*", events=True)
    parser.feed('{"a": ["x')
    parser.value
    parser.feed('y", 2]}')
    assert parser.items() == ["xy", 2]
    assert parser.events()[:3] == [JsonEvent("start_object", None), JsonEvent("key", "a"), JsonEvent("start_array", None)]
