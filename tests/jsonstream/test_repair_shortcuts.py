"""The repairer's shortcut changes only the cost: every view, repair record and error is the same
with it on and off (``IncrementalJsonParser(_repair_shortcuts=False)``: every chunk through the
repairer's general path).

The texts are near-JSON with each kind of mistake, valid JSON, and both mutated (by
``chunkwise.testing.mutated_texts``), in arbitrary chunkings (one character at a time among them),
with looks at arbitrary points; the traces (engine_trace.trace, with the repairs) must be equal.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chunkwise.jsonstream.repair_fast import safe_pattern
from chunkwise.jsonstream.repairs import Repair
from chunkwise.testing import mutated_texts, one_at_a_time
from engine_trace import VIEWS, first_difference, trace
from jsonstream_props import chunkings, valid_texts
from repair_texts import near_json

KINDS = [kind for kind in Repair if kind & Repair.DEFAULT]
REPAIRS = st.sampled_from([Repair.DEFAULT, Repair.DEFAULT | Repair.TRUNCATED, Repair.TRAILING_COMMA | Repair.COMMENT,
                           Repair.PYTHON_LITERAL | Repair.UNQUOTED_KEY, Repair.NUMBER_FORMAT, Repair.MISSING_COMMA])
OPTIONS = st.fixed_dictionaries(
    {"repair": REPAIRS},
    optional={
        "completion": st.sampled_from(["partial", "atomic", "complete"]),
        "max_depth": st.sampled_from([2, 50]),
        "trailing": st.sampled_from(["error", "ignore"]),
    },
)
NEAR_JSON = st.one_of([near_json(kind) for kind in KINDS] + [near_json(Repair.DEFAULT)])
TEXTS = st.one_of(NEAR_JSON, valid_texts, mutated_texts(NEAR_JSON), mutated_texts(valid_texts))


def check_same_with_and_without(chunks: list[Any], looks: list[bool], view: str, **options: Any) -> None:
    fast = trace(chunks, looks, view, **options)
    plain = trace(chunks, looks, view, _repair_shortcuts=False, **options)
    problem = first_difference(fast, plain)
    assert problem is None, f"{view} with the repair shortcut on/off differs at {problem}"


@settings(max_examples=1000)
@given(st.data(), TEXTS, OPTIONS, st.sampled_from(VIEWS))
def test_every_view_and_repair_is_the_same_with_the_shortcut_on_and_off(
    data: st.DataObject, text: str, options: dict[str, Any], view: str
) -> None:
    chunks = data.draw(st.one_of(chunkings(text), st.just(one_at_a_time(text))), label="chunks")
    looks = data.draw(st.lists(st.booleans(), min_size=len(chunks), max_size=len(chunks)), label="looks")
    if view == "items":
        options["items"] = data.draw(st.sampled_from(["/*", "/*/*", "/a/*"]), label="pattern")
    check_same_with_and_without(chunks, looks, view, **options)


@given(st.data(), NEAR_JSON)
def test_every_cut_of_near_json_is_the_same_with_the_shortcut_on_and_off(data: st.DataObject, text: str) -> None:
    cut = data.draw(st.integers(0, len(text)), label="cut")
    chunks = [piece for piece in (text[:cut], text[cut:]) if piece]
    check_same_with_and_without(chunks, [True] * len(chunks), "value+rfc", repair=Repair.DEFAULT | Repair.TRUNCATED)


#: Short texts full of what the shortcut holds or hands on whole: escapes, held commas, minus
#: signs, literals, numbers that need a digit, and mistakes next to them.
TRICKY = [
    '["a\\\\\\"b\\\\", "c\\u00e9\\\\"]',
    '{"k\\"": [1, -2.5e-3, true, null,], "x": "\\\\"}',
    '{"a": -1,\n "b": tru, "c": [false\n null]}',
    "{'a': 1., \"b\": .5, c: None, \"d\": -Infinity}",
    '[1, 2 // x\n, "a"\n"b", {"k" 1}]',
    '{"a": "x\ty",\n  "b": [],\n  "c": {}\n}',
    '[ [None,\n ], // c\nnull,/**/]',
    '{- }',
    '[None,\n0  null, -1\n "a" 2]',
]


@pytest.mark.parametrize("text", TRICKY)
def test_every_cut_in_three_of_tricky_texts_is_the_same_with_the_shortcut_on_and_off(text: str) -> None:
    for i in range(1, len(text)):
        for j in range(i, len(text)):
            chunks = [piece for piece in (text[:i], text[i:j], text[j:]) if piece]
            check_same_with_and_without(chunks, [True] * len(chunks), "value+rfc", repair=Repair.DEFAULT)


def test_a_comma_right_after_a_key_is_refused_at_once() -> None:
    # found by the native differential test: the shortcut held this comma as a possible trailing
    # one, so the error came a chunk late, with the next chunk in its excerpt
    text = '{"0000000000",:{}}'
    check_same_with_and_without(list(text), [True] * len(text), "value+rfc", repair=Repair.DEFAULT)
    check_same_with_and_without(['{"a"', " ,", "1}"], [True] * 3, "value+rfc", repair=Repair.DEFAULT)


def test_the_pattern_is_compiled_once() -> None:
    from chunkwise.jsonstream.repair_fast import safe_chunks

    assert safe_chunks() is safe_chunks() and "\\Z" in safe_pattern()
