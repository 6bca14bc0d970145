"""Every shortcut changes only the cost: each view is the same with them on and off.

``IncrementalJsonParser(_shortcuts=False)`` runs the scanner's general path (every
token through the state table, no fused or whole-container matches, no chunk that
skips the state machine) and the patches view's general walk. For texts of every
kind (valid, mutated, with repeated keys, as bytes) in arbitrary chunkings, with
looks at arbitrary points, the traces of the two (engine_trace.trace: every
``feed()`` result, value, RFC and compact patches, items, events, path, and the
error with its position and path) must be equal.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chunkwise.jsonstream.states import TABLE, State, Token, after
from engine_trace import VIEWS, first_difference, trace
from jsonstream_props import chunkings, mutated_texts, patterns_for, valid_texts

OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "strict": st.booleans(),
        "completion": st.sampled_from(["partial", "atomic", "complete"]),
        "max_depth": st.sampled_from([2, 3, 50]),
        "max_int_digits": st.sampled_from([1, 3, 19, 20, None]),
        "trailing": st.sampled_from(["error", "ignore"]),
    },
)
TEXTS = st.one_of(valid_texts, mutated_texts(valid_texts))


def check_same_with_and_without_shortcuts(chunks: list[Any], looks: list[bool], view: str, **options: Any) -> None:
    fast = trace(chunks, looks, view, **options)
    plain = trace(chunks, looks, view, _shortcuts=False, **options)
    problem = first_difference(fast, plain)
    assert problem is None, f"{view} with shortcuts on/off differs at {problem}"


def _pattern(data: st.DataObject, text: str) -> str:
    import json
    import random

    try:
        value = json.loads(text)
    except ValueError:
        return data.draw(st.sampled_from(["/*", "/*/*", "/a/*", ""]), label="pattern")
    return data.draw(st.sampled_from(patterns_for(value, random.Random(0)) + [""]), label="pattern")


@given(st.data(), TEXTS, OPTIONS, st.sampled_from(VIEWS), st.booleans())
def test_every_view_is_the_same_with_shortcuts_on_and_off(
    data: st.DataObject, text: str, options: dict[str, Any], view: str, as_bytes: bool
) -> None:
    raw: Any = text.encode("utf-8", "surrogatepass") if as_bytes else text
    chunks = data.draw(chunkings(raw), label="chunks")
    looks = data.draw(st.lists(st.booleans(), min_size=len(chunks), max_size=len(chunks)), label="looks")
    if view == "items":
        options["items"] = _pattern(data, text)
    if view != "value+rfc":  # (retain=False: no value; patches release what they reported)
        options["retain"] = data.draw(st.booleans(), label="retain")
    check_same_with_and_without_shortcuts(chunks, looks, view, **options)


def test_large_chunks_take_the_whole_container_shortcut_and_agree() -> None:
    text = '{"a": [' + ", ".join(f'{{"id": {i}, "name": "n{i}", "tags": [1, 2.5, "x"]}}' for i in range(30)) + "]}"
    for size in (64, 200, len(text)):
        chunks = [text[i : i + size] for i in range(0, len(text), size)]
        for view in VIEWS:
            options: dict[str, Any] = {"items": "/a/*"} if view == "items" else {}
            check_same_with_and_without_shortcuts(chunks, [True] * len(chunks), view, **options)


def test_the_state_table_names_a_target_for_every_allowed_token() -> None:
    for state, moves in TABLE.items():
        for token in moves:
            for depth, in_array in ((0, False), (1, True), (1, False)):
                assert isinstance(after(state, token, depth=depth, in_array=in_array), State)
    assert after(State.DONE, Token.SCALAR, depth=0, in_array=False) is None


TRICKY = [
    '{"a" : 1 , "b":[true ,false, null,"x\\u00e9\\ud83d\\ude00"], "c" : {"d":-0.5e-3}}',
    '{"k": 1, "k": {"k": [2], "k": "s"}, "k": -12.5}',
    "[1.5, -Infinity, NaN, 12345678901234567890123, 0]",
    '  "top level \\"string\\""  ',
    "[[[]], {}, [{}], 1e400]",
]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("view", VIEWS)
def test_every_two_piece_cut_and_every_character_agree(text: str, view: str) -> None:
    options: dict[str, Any] = {"strict": False, "items": "/*" if view == "items" else None}
    cuttings = [[text[:cut], text[cut:]] for cut in range(1, len(text))] + [list(text)]
    for chunks in cuttings:
        check_same_with_and_without_shortcuts(chunks, [True] * len(chunks), view, **options)
        check_same_with_and_without_shortcuts(chunks, [True] * len(chunks), view, **options, max_int_digits=2)
