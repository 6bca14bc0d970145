"""Repair on the native engine against repair on the Python one (the reference).

Hypothesis draws near-JSON (a value written with model mistakes of drawn kinds, then maybe
mutated with junk or cut off), a set of repairs, the other options and a chunking, and
runs both backends side by side through ``test_native_differential.trace``: every feed
result, view, repair record and error must be the same.
"""

from __future__ import annotations

import functools
import operator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chunkwise.jsonstream import backends
from chunkwise.jsonstream.repairs import Repair
from chunkwise.testing import mutated_texts

from repair_texts import near_json, truncated_json
from test_native_differential import ALL, check_same, chunked, options

pytestmark = [
    pytest.mark.skipif(not backends.native_available(), reason="chunkwise_native is not installed"),
    pytest.mark.python_only("runs both backends itself, once"),
]

#: Every single repair kind, SEVERAL_VALUES and TRUNCATED included.
KINDS = list(Repair.DEFAULT) + [Repair.SEVERAL_VALUES, Repair.TRUNCATED]
#: Pieces put into the texts: what a repair acts on, half-done.
JUNK = ("'", "\u201c", "\u201d", "\u2018", "\u2019", "//", "/*", "*/", "#", "\n", ",", ",]", ",}", "True", "None",
        "NaN", "-Inf", "Infinity", "+", ".", "key", ":", "\\", "\t", "\x01", "]", "}", "{", "[", '"', "-", "é", "$x")


@st.composite
def repair_sets(draw: st.DrawFn) -> Repair:
    """A set of repairs: one of the usual ones or any combination of kinds."""
    usual = st.sampled_from([Repair.DEFAULT, Repair.DEFAULT | Repair.SEVERAL_VALUES,
                             Repair.DEFAULT | Repair.TRUNCATED, functools.reduce(operator.or_, KINDS)])
    some = st.lists(st.sampled_from(KINDS), min_size=1).map(lambda kinds: functools.reduce(operator.or_, kinds))
    return draw(st.one_of(usual, some))


written = st.sampled_from([Repair.DEFAULT, Repair.DEFAULT | Repair.SEVERAL_VALUES, *Repair.DEFAULT]).flatmap(
    near_json)
texts = st.one_of(written, mutated_texts(written, pieces=JUNK), truncated_json())


def _draw_case(data: st.DataObject) -> tuple[str, dict[str, Any]]:
    text = data.draw(texts, label="text")
    drawn = dict(data.draw(options, label="options"))
    drawn["repair"] = data.draw(st.one_of(st.just(True), repair_sets()), label="repair")
    return text, drawn


@given(st.data())
def test_native_repairs_what_python_repairs(data: st.DataObject) -> None:
    text, drawn = _draw_case(data)
    chunks = data.draw(chunked(text), label="chunks")
    looks = data.draw(st.lists(st.integers(0, ALL), min_size=len(chunks), max_size=len(chunks)), label="looks")
    check_same(chunks, drawn, looks, data.draw(st.booleans(), label="compact"))


@given(st.data())
def test_native_repairs_one_character_at_a_time(data: st.DataObject) -> None:
    """Every chunk boundary, every view after every chunk."""
    text, drawn = _draw_case(data)
    check_same(list(text), drawn, [ALL] * len(text), data.draw(st.booleans(), label="compact"))


@pytest.mark.parametrize("text", [
    "{'a': True, b: None, // note\n \"c\": [1, 2,], \u201cd\u201d: .5 /* x */}",
    '{"a" 1\n"b": +2, "c": 1., "d": NaN, "e": -Infinity}',
    "[1, 2,\n3\n4,]  # end",
    '{"k": "line\nbreak\ttab", "q": \'it\\\'s\'}',
    '{"a": 1}\n{"b": 2}\n[3]\n',
    '{"a": [1, {"b": "cut',
    "[\u201csmart \u2018inner\u2019\u201d, 'with \"double\"']",
    "{\u00e9t\u00e9: 1, $id: 2, _x: 3}",
    "[tru, nul]", "[True1]", "[-Inf]", "[-]", "{'a' 'b'}", "[1 2]", "[1,,2]", "/", "[1]/", "[/",
])
@pytest.mark.parametrize("repair", [True, Repair.DEFAULT | Repair.SEVERAL_VALUES | Repair.TRUNCATED])
def test_native_repair_cases(text: str, repair: Any) -> None:
    for extra in ({}, {"strict": False}, {"trailing": "ignore"}, {"retain": False}, {"items": "/*"}):
        drawn = {"repair": repair, **extra}
        check_same([text], drawn, [ALL], True)
        check_same(list(text), drawn, [ALL] * len(text), True)
        encoded = text.encode()
        check_same([encoded[i : i + 2] for i in range(0, len(encoded), 2)], drawn, [ALL] * len(encoded), False)
