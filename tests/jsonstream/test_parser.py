"""The parser's views (value, patches, items, events) and its input handling."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from chunkwise import IncrementalJsonParser, JsonEvent, JsonStreamError, parse_partial_json
from chunkwise.jsonstream import copy_json

from .helpers import feed_all, shown_values

# ---------------------------------------------------------------- input


def test_empty_chunks_are_no_ops() -> None:
    parser = IncrementalJsonParser()
    assert parser.feed("") is False
    assert parser.feed(b"") is False
    parser.feed("[1")
    assert parser.feed("") is False
    parser.feed("]")
    assert parser.close() == [1]


def test_bytes_split_inside_characters() -> None:
    text = '{"name": "Zoë 😀 日本", "n": 1}'
    data = text.encode()
    for size in (1, 2, 3):
        assert feed_all([data[i : i + size] for i in range(0, len(data), size)]) == json.loads(text)


def test_utf8_bom_at_the_start_of_bytes_is_skipped_even_when_split() -> None:
    assert feed_all([b"\xef", b"\xbb", b"\xbf[1]"]) == [1]
    assert feed_all([bytearray(b"\xef\xbb\xbf{}")]) == {}
    assert feed_all([memoryview(b"[2]")]) == [2]


def test_huge_integers_parse_without_the_digit_limit() -> None:
    digits = "9" * 5000
    chunks = [f"[{digits[:2500]}", f"{digits[2500:]}]"]
    assert feed_all(chunks, max_int_digits=None) == [10**5000 - 1]
    assert feed_all(chunks, max_int_digits=5000) == [10**5000 - 1]


def test_duplicate_keys_last_wins_like_json_loads() -> None:
    text = '{"a": 1, "b": 2, "a": [3]}'
    assert feed_all([text]) == json.loads(text)
    assert list(feed_all([text])) == list(json.loads(text))  # same key order too


def test_lone_surrogates_are_kept_like_json_loads() -> None:
    for text in ('"\\ud800"', '"\\udc00x"', '"\\ud800\\ud800"', '"\\ud83d\\ude00"'):
        assert feed_all([text]) == json.loads(text)


def test_numbers_like_json_loads() -> None:
    text = "[0, -0, -0.0, 1e400, -1E+2, 2.5e-3, 123456789012345678901234567890]"
    assert json.dumps(feed_all([text])) == json.dumps(json.loads(text))


@pytest.mark.parametrize(
    ("chunks", "shown"),
    [
        (["[1", "2, 3", "4]"], [[1], [12, 3], [12, 34]]),
        (["[1", "2 ,", " 3.", "5e", "1]"], [[1], [12], [12, 3], [12, 3.5], [12, 35.0]]),
        (["[1", "2, -", "3]"], [[1], [12], [12, -3]]),
        (["[1", "2, ", "-3]"], [[1], [12], [12, -3]]),
    ],
)
def test_a_number_ending_before_the_next_one_in_an_array(chunks: list[str], shown: list[Any]) -> None:
    # One match takes the comma and the next number's start (not a lone "-").
    assert shown_values(chunks) == shown
    assert feed_all(chunks) == json.loads("".join(chunks))


@pytest.mark.parametrize(
    ("chunks", "message"),
    [(["[1", "2, 01]"], "Invalid number"), (["[1", "2, 1.2.3"], "Invalid number"), (["[1", "2, -x"], "Expecting digit")],
)
def test_an_invalid_number_after_a_comma_in_an_array(chunks: list[str], message: str) -> None:
    with pytest.raises(JsonStreamError, match=message):
        feed_all(chunks)


def test_lenient_minus_infinity_after_a_number_in_an_array() -> None:
    assert feed_all(["[1", "2, -", "Infinity]"], strict=False) == [12, float("-inf")]


# ---------------------------------------------------------------- value


def test_snapshots_are_never_mutated_by_later_parsing() -> None:
    text = '{"a": [{"x": "long text"}, 2], "b": {"c": [1, 2, 3]}}'
    parser = IncrementalJsonParser()
    handed_out: list[tuple[Any, Any]] = []
    for char in text:
        if parser.feed(char):
            value = parser.value
            handed_out.append((value, copy.deepcopy(value)))
    parser.close()
    for value, at_the_time in handed_out:
        assert value == at_the_time


def test_snapshots_share_completed_subtrees_and_copy_json_separates_them() -> None:
    parser = IncrementalJsonParser()
    parser.feed('{"done": {"x": [1]}, "open": [')
    first = parser.value
    parser.feed("1")
    second = parser.value
    assert first["done"] is second["done"]  # completed: shared
    assert first["open"] is not second["open"]  # open: copied
    independent = copy_json(second)
    assert independent == second and independent["done"] is not second["done"]
    deep: Any = []
    for _ in range(50_000):
        deep = [deep]
    assert copy_json(deep) is not deep  # iterative: no recursion limit


def test_value_is_cached_until_the_shown_value_changes() -> None:
    parser = IncrementalJsonParser()
    parser.feed('{"a": "x')
    first = parser.value
    parser.feed("")
    assert parser.value is first
    parser.feed("y")
    assert parser.value == {"a": "xy"}


# ---------------------------------------------------------------- patches


def test_patches_since_the_previous_call() -> None:
    parser = IncrementalJsonParser()
    parser.feed('{"countries": [{"na')
    assert parser.patches() == [{"op": "add", "path": "", "value": {"countries": [{}]}}]
    parser.feed('me": "Fra')
    assert parser.patches() == [{"op": "add", "path": "/countries/0/name", "value": "Fra"}]
    parser.feed("nc")
    assert parser.patches() == [{"op": "replace", "path": "/countries/0/name", "value": "Franc"}]
    parser.feed('e"}, {"name": "Spain"}]}')
    assert parser.patches(compact=True) == [
        {"op": "append", "path": "/countries/0/name", "value": "e"},
        {"op": "add", "path": "/countries/1", "value": {"name": "Spain"}},
    ]
    assert parser.patches() == []
    parser.close()
    assert parser.patches() == []


def test_first_patch_adds_the_whole_value_at_the_root() -> None:
    parser = IncrementalJsonParser()
    assert parser.patches() == []
    parser.feed('[1, {"a": "b')
    assert parser.patches() == [{"op": "add", "path": "", "value": [1, {"a": "b"}]}]


def test_patch_paths_escape_pointer_characters() -> None:
    parser = IncrementalJsonParser()
    parser.feed('{"a/b": {"m~n": ')
    parser.patches()
    parser.feed("1}}")
    assert parser.patches() == [{"op": "add", "path": "/a~1b/m~0n", "value": 1}]


def test_duplicate_key_patch_replaces_the_shown_member() -> None:
    parser = IncrementalJsonParser()
    parser.feed('{"a": 1, ')
    parser.patches()
    parser.feed('"a": 2, "a": [')
    ops = parser.patches()
    doc: dict[str, Any] = {"a": 1}
    for op in ops:
        doc[op["path"][1:]] = op["value"]
    assert doc == parser.value == {"a": []}


def test_top_level_string_patches() -> None:
    parser = IncrementalJsonParser()
    parser.feed('"ab')
    assert parser.patches(compact=True) == [{"op": "add", "path": "", "value": "ab"}]
    parser.feed('c"')
    assert parser.patches(compact=True) == [{"op": "append", "path": "", "value": "c"}]


def test_number_patches_replace_only_when_the_value_changes() -> None:
    parser = IncrementalJsonParser()
    parser.feed("[1.5")
    parser.patches()
    parser.feed("0")
    assert parser.patches() == []
    parser.feed("1]")
    assert parser.patches() == [{"op": "replace", "path": "/0", "value": 1.501}]


# ---------------------------------------------------------------- items


def test_items_come_once_complete_in_document_order() -> None:
    parser = IncrementalJsonParser(items="/countries/*")
    parser.feed('{"countries": ["France", "Sp')
    assert parser.items() == ["France"]
    parser.feed('ain", {"n')
    assert parser.items() == ["Spain"]
    parser.feed('ame": "Japan"}]}')
    assert parser.items() == [{"name": "Japan"}]
    parser.close()
    assert parser.items() == []


def test_item_patterns() -> None:
    text = '{"a": [{"b": 1}, {"b": [2, 3], "c": 4}, {"c": 5}], "b": 6}'
    assert feed_items(text, "/a/*/b") == [1, [2, 3]]
    assert feed_items(text, "/a/1") == [{"b": [2, 3], "c": 4}]
    assert feed_items(text, "/*") == [json.loads(text)["a"], 6]
    assert feed_items(text, "") == [json.loads(text)]
    assert feed_items('{"a/b": [1], "m~n": [2]}', "/a~1b/0") == [1]
    assert feed_items('{"a": 1, "a": 2}', "/a") == [1, 2]  # each occurrence is an item
    with pytest.raises(ValueError):
        IncrementalJsonParser(items="countries/*")


def test_items_leave_plain_containers_in_the_value() -> None:
    parser = IncrementalJsonParser(items="/*/*")
    parser.feed('{"a": [1], "b": {"c": 2}}')
    value = parser.close()
    assert type(value["a"]) is list and type(value["b"]) is dict


def test_items_needs_a_pattern() -> None:
    with pytest.raises(ValueError, match="pattern"):
        IncrementalJsonParser().items()


def feed_items(text: str, pattern: str) -> list[Any]:
    parser = IncrementalJsonParser(items=pattern)
    found = []
    for char in text:
        parser.feed(char)
        found += parser.items()
    parser.close()
    return found + parser.items()


# ---------------------------------------------------------------- events


def test_events_in_document_order() -> None:
    parser = IncrementalJsonParser(events=True)
    parser.feed('{"a": [1, "xy')
    assert parser.events() == [
        JsonEvent("start_object", None),
        JsonEvent("key", "a"),
        JsonEvent("start_array", None),
        JsonEvent("value", 1),
        JsonEvent("string_part", "xy"),
    ]
    parser.feed('z"], "b": nu')
    assert parser.events() == [
        JsonEvent("string_part", "z"),
        JsonEvent("value", "xyz"),
        JsonEvent("end_array", None),
        JsonEvent("key", "b"),
    ]
    parser.feed("ll}")
    assert parser.events() == [JsonEvent("value", None), JsonEvent("end_object", None)]


def test_events_needs_the_option() -> None:
    with pytest.raises(ValueError, match="events=True"):
        IncrementalJsonParser().events()


# ---------------------------------------------------------------- one-shot


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": [1, 2', {"a": [1, 2]}),
        ("[1, 2]", [1, 2]),
        ("", None),
        ('{"a": "b', {"a": "b"}),
        ('["a\nb', ["a\nb"]),  # lenient by default, like LangChain's helper
        ("[Na", []),  # NaN shows only when complete
    ],
)
def test_parse_partial_json(text: str, value: Any) -> None:
    assert parse_partial_json(text) == value


def test_parse_partial_json_strict_rejects_what_rfc_8259_rejects() -> None:
    with pytest.raises(json.JSONDecodeError):
        parse_partial_json("[NaN]", strict=True)
    with pytest.raises(json.JSONDecodeError):
        parse_partial_json('["a\nb"]', strict=True)


def test_parse_partial_json_raises_on_garbage() -> None:
    with pytest.raises(json.JSONDecodeError):
        parse_partial_json("not json")


def test_parse_partial_json_handles_what_json_loads_cannot() -> None:
    assert parse_partial_json("[" * 5000 + "]" * 5000) is not None  # json.loads: RecursionError
    assert parse_partial_json("9" * 5000, max_int_digits=None) == 10**5000 - 1  # json.loads: ValueError
    with pytest.raises(JsonStreamError, match="max_int_digits"):
        parse_partial_json("9" * 5000)  # the interpreter's limit, as for json.loads


def test_shown_values_helper_sanity() -> None:
    assert shown_values(["[1", "]"]) == [[1]]


def test_version_changes_exactly_when_the_shown_value_does() -> None:
    parser = IncrementalJsonParser()
    versions = []
    for chunk in ['{"a": ', "1", " ", ', "a": ', "1", "}"]:
        changed = parser.feed(chunk)
        versions.append((changed, parser.version))
    assert [changed for changed, _ in versions] == [True, True, False, False, False, False]
    assert len({version for _, version in versions}) == 2


def test_a_repeated_key_in_a_container_opened_since_the_last_call() -> None:
    parser = IncrementalJsonParser()
    parser.feed("[")
    assert parser.patches() == [{"op": "add", "path": "", "value": []}]
    parser.feed('{"a": 1, "a": 2')
    parser.feed("}, 3")
    assert parser.patches() == [{"op": "add", "path": "/0", "value": {"a": 2}}, {"op": "add", "path": "/1", "value": 3}]


def test_strict_whole_container_decoding_refuses_nan_at_its_position() -> None:
    text = "[" + ", ".join(["1"] * 40) + ", NaN]"
    with pytest.raises(JsonStreamError, match="Expecting value") as caught:
        feed_all([text])
    assert caught.value.pos == text.index("NaN")
    assert feed_all([text], strict=False)[-1] != feed_all([text], strict=False)[-1]  # NaN


def test_open_containers_describe_the_open_path_without_copying_it() -> None:
    p = IncrementalJsonParser()
    p.feed('{"a": 1, "b": [1, {"c": 2, "d": "x')
    path = p.open_containers()
    assert [(None if c.keys is None else sorted(c.keys), c.key) for c in path] == [
        (["a"], "b"), (None, 1), (["c"], "d")]
    assert p.value == {"a": 1, "b": [1, {"c": 2, "d": "x"}]}  # nothing else changed
    p.feed('"}]}')
    assert p.open_containers() == []


def test_open_containers_need_the_value_and_raise_the_error() -> None:
    with pytest.raises(ValueError, match="retain=False"):
        IncrementalJsonParser(retain=False).open_containers()
    p = IncrementalJsonParser()
    with pytest.raises(JsonStreamError):
        p.feed("[}")
    with pytest.raises(JsonStreamError):
        p.open_containers()
