"""Limits and memory: max_int_digits, shared keys, retain=False, repeated keys."""

from __future__ import annotations

import json
import sys
import tracemalloc
from typing import Any, Iterator

import pytest

from chunkwise import IncrementalJsonParser, JsonStreamError, parse_partial_json

from .helpers import feed_all
from jsonstream_props import apply_compact

LIMIT = sys.get_int_max_str_digits()


def chunked(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


# ------------------------------------------------------------ max_int_digits


@pytest.mark.parametrize("size", [1, 7, 1000, 10_000])
def test_an_integer_beyond_the_interpreter_limit_fails_at_its_first_digit_too_many(size: int) -> None:
    text = '{"n": -' + "1" * (LIMIT + 50) + "}"
    parser = IncrementalJsonParser()
    with pytest.raises(JsonStreamError) as caught:
        for chunk in chunked(text, size):
            parser.feed(chunk)
    assert f"max_int_digits={LIMIT}" in caught.value.msg
    assert caught.value.pos == len('{"n": -') + LIMIT
    assert caught.value.path == "/n"


@pytest.mark.parametrize("size", [1, 3, 1000])
def test_a_digit_too_many_is_reported_before_an_invalid_character_after_it(size: int) -> None:
    """The first character that proves the text invalid is the digit too many, whatever the chunks
    (found by the native scanner's fuzz target: read whole, the number used to say "Invalid number")."""
    with pytest.raises(JsonStreamError) as caught:
        feed_all(chunked("[" + "5" * 60 + "+]", size), max_int_digits=50)
    assert caught.value.msg == "Integer part longer than max_int_digits=50 digits"
    assert caught.value.pos == 51


@pytest.mark.parametrize("text", ["[123]", "[1234.5]", "[-1234e2]", '{"a": 99999}'])
def test_a_chosen_limit_counts_the_integer_part_only(text: str) -> None:
    for size in (1, 2, len(text)):
        with pytest.raises(JsonStreamError, match="max_int_digits=2"):
            feed_all(chunked(text, size), max_int_digits=2)
    assert feed_all([text], max_int_digits=5) == json.loads(text)
    assert feed_all(["[12.345678, 0.5e99]"], max_int_digits=2) == [12.345678, 0.5e99]


def test_limit_none_reads_long_integers_and_shows_them_as_they_grow() -> None:
    digits = "7" * 6000
    parser = IncrementalJsonParser(max_int_digits=None)
    parser.feed("[")
    for index in range(0, len(digits), 500):
        parser.feed(digits[index : index + 500])
        assert parser.value == [sevens(index + 500)]
    parser.feed("]")
    assert parser.close() == [sevens(len(digits))]


def sevens(count: int) -> int:
    """The integer written with ``count`` sevens (int("7" * count) is over the interpreter's limit)."""
    return 7 * (10**count - 1) // 9


def test_negative_integers_grow_from_their_last_value() -> None:
    parser = IncrementalJsonParser()
    shown = []
    for chunk in ["[-", "1", "23", "4", "5.5", "]"]:
        if parser.feed(chunk):
            shown.append(parser.value)
    assert shown == [[], [-1], [-123], [-1234], [-12345.5]]


def test_parse_partial_json_keeps_a_limit_lower_than_the_interpreter_s() -> None:
    with pytest.raises(JsonStreamError, match="max_int_digits=3"):
        parse_partial_json("[123456]", max_int_digits=3)
    assert parse_partial_json("[123]", max_int_digits=3) == [123]


def test_max_int_digits_is_checked() -> None:
    for bad in (0, -1, 2.5, "4300"):
        with pytest.raises(ValueError, match="max_int_digits"):
            IncrementalJsonParser(max_int_digits=bad)  # type: ignore[arg-type]


# ------------------------------------------------------------ shared keys


def test_many_distinct_keys_parse_with_a_bounded_memo() -> None:
    text = json.dumps({f"key {i}": i for i in range(5000)})
    assert feed_all(chunked(text, 7)) == json.loads(text)


def test_keys_are_shared_as_json_loads_shares_them() -> None:
    text = json.dumps([{"id": i, "name": "x", "more": {"id": -i, "id": 0}} for i in range(50)])
    for size in (3, 200, len(text)):  # read step by step, records decoded whole, all at once
        records = feed_all(chunked(text, size))
        first_keys = list(records[0])
        assert all(list(record)[0] is first_keys[0] for record in records)
        assert all(list(record["more"])[0] is first_keys[0] for record in records)


# ------------------------------------------------------------ retain=False


def _records(count: int) -> Iterator[str]:
    yield '{"meta": {"source": "x"}, "records": ['
    for index in range(count):
        yield ("," if index else "") + json.dumps({"id": index, "name": f"record {index}", "tags": ["a", "b"]})
    yield '], "end": true}'


def test_retain_false_hands_out_items_and_keeps_none() -> None:
    parser = IncrementalJsonParser(items="/records/*", retain=False)
    got: list[Any] = []
    for chunk in _records(30):
        if parser.feed(chunk):
            got += parser.items()
    assert parser.close() is None
    got += parser.items()
    assert [record["id"] for record in got] == list(range(30))
    with pytest.raises(ValueError, match="retain=False"):
        parser.value
    with pytest.raises(ValueError, match="retain=False"):
        parser.patches()


def test_retain_false_paths_and_indices_still_count_released_items() -> None:
    parser = IncrementalJsonParser(items="/records/2", retain=False)
    for chunk in _records(5):
        parser.feed(chunk)
    assert [item["id"] for item in parser.items()] == [2]
    parser = IncrementalJsonParser(items="/records/*", retain=False)
    parser.feed('{"records": [1, 2, 3, ')
    with pytest.raises(JsonStreamError) as caught:
        parser.close()
    assert caught.value.path == "/records/3"


def test_retain_false_alone_releases_what_patches_reported() -> None:
    parser = IncrementalJsonParser(retain=False)
    doc: Any = None
    for chunk in _records(30):
        for piece in chunked(chunk, 9):
            parser.feed(piece)
            doc = apply_compact(doc, parser.patches(compact=True))
    assert parser.close() is None
    doc = apply_compact(doc, parser.patches(compact=True))
    assert doc == json.loads("".join(_records(30)))
    with pytest.raises(ValueError, match="retain=False"):
        parser.value
    with pytest.raises(ValueError, match="retain=False"):
        IncrementalJsonParser(items="/*", retain=False).patches()


def test_retain_false_patches_memory_does_not_grow_with_the_stream() -> None:
    def peak(count: int) -> int:
        parser = IncrementalJsonParser(retain=False)
        tracemalloc.start()
        try:
            for chunk in _records(count):
                for piece in chunked(chunk, 16):
                    parser.feed(piece)
                    parser.patches(compact=True)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(300), peak(3000)
    assert large < small * 1.5, (small, large)


def test_retain_false_with_events_alone_keeps_no_value() -> None:
    parser = IncrementalJsonParser(events=True, retain=False)
    events = []
    for chunk in _records(20):
        assert parser.feed(chunk)  # True: new events
        events += parser.events()
    assert parser.close() is None
    assert sum(event.kind == "start_object" for event in events) == 22
    small, large = _peak_events_memory(300), _peak_events_memory(3000)
    assert large < small * 1.5, (small, large)


def _peak_events_memory(count: int) -> int:
    parser = IncrementalJsonParser(events=True, retain=False)
    tracemalloc.start()
    try:
        for chunk in _records(count):
            parser.feed(chunk)
            parser.events()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _peak_memory(count: int, **options: Any) -> int:
    parser = IncrementalJsonParser(items="/records/*", **options)
    tracemalloc.start()
    try:
        for chunk in _records(count):
            for piece in chunked(chunk, 16):
                parser.feed(piece)
            parser.items()
        parser.close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_retain_false_memory_does_not_grow_with_the_stream() -> None:
    small, large = _peak_memory(500, retain=False), _peak_memory(5000, retain=False)
    assert large < small * 1.5, (small, large)
    assert _peak_memory(5000) > 5 * large  # kept: the whole document


# ------------------------------------------------------------ repeated keys


def test_a_repeated_key_replaces_in_place_and_shows_only_real_changes() -> None:
    parser = IncrementalJsonParser()
    chunks = ['{"a": {}, "b": 1, ', '"a": {', "}", ', "a": {"x"', ": 1}}"]
    assert [parser.feed(chunk) for chunk in chunks] == [True, False, False, False, True]
    assert list(parser.close()) == ["a", "b"]


def test_repeated_keys_keep_no_log_when_only_items_are_read() -> None:
    parser = IncrementalJsonParser(items="/*")
    tracemalloc.start()
    try:
        parser.feed("{")
        for index in range(2000):
            parser.feed(f'"k": {index}, ')
            assert parser.items() == [index]
            if index == 100:
                baseline = tracemalloc.get_traced_memory()[0]
        grown = tracemalloc.get_traced_memory()[0] - baseline
    finally:
        tracemalloc.stop()
    assert grown < 20_000, grown


def test_a_long_fraction_counts_its_integer_part_once() -> None:
    parser = IncrementalJsonParser(max_int_digits=3)
    for chunk in ["[123", ".", "4567", "89", "1]"]:
        parser.feed(chunk)
    assert parser.close() == [123.4567891]
    with pytest.raises(JsonStreamError, match="max_int_digits=3") as caught:
        feed_all(["[1, 22, 33", "33, 4]"], max_int_digits=3)
    assert caught.value.pos == 11
    with pytest.raises(JsonStreamError, match="max_int_digits=3") as caught:
        feed_all(["[1", "2, -12345", "]"], max_int_digits=3)  # the number after a comma, in one match
    assert caught.value.pos == 9
