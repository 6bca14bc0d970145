"""dumps: json.dumps' text for parsed values, without recursion or an integer-length limit."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given

from chunkwise.jsonstream.dumping import dumps
from chunkwise.testing import json_values


@given(json_values())
def test_same_text_as_json_dumps(value: Any) -> None:
    assert dumps(value) == json.dumps(value)


def test_non_string_keys_tuples_and_non_finite_floats_as_json_dumps() -> None:
    value = {1: (1, 2.5), None: [], True: float("nan"), 2.5: float("-inf"), "é": "\u2028"}
    assert dumps(value) == json.dumps(value)


def test_any_depth_and_any_integer_length() -> None:
    deep: Any = []
    for _ in range(50_000):
        deep = [deep]
    assert dumps(deep) == "[" * 50_001 + "]" * 50_001
    assert dumps({"n": 10**5000}) == '{"n": 1' + "0" * 5000 + "}"
