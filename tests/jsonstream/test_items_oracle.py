"""Item streaming against an oracle computed from json.loads' value.

For a valid text and a pattern derived from its own structure (random paths through
the value, some steps replaced by '*', keys escaped as JSON Pointer tokens), the
items returned by p.items() over all feeds (looked at after a random subset of
feeds, and after close) are exactly the values whose pointer matches, each once, in
document order, each one complete (equal to the final subvalue, so "Sp" is never
seen for "Spain"), and never mutated after being handed out. Texts with duplicate
keys are skipped (json.loads keeps only the last member).
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from jsonstream_props import check_items, chunkings, patterns_for, valid_texts
from jsonstream_reference import reference_loads


@given(st.data(), valid_texts, st.randoms(use_true_random=False))
def test_items_match_oracle(data: st.DataObject, text: str, rnd: random.Random) -> None:
    chunks = data.draw(chunkings(text), label="chunks")
    looks = data.draw(st.lists(st.booleans(), min_size=len(chunks), max_size=len(chunks)), label="looks")
    pattern = data.draw(st.sampled_from(patterns_for(reference_loads(text), rnd)), label="pattern")
    check_items(text, chunks, pattern, looks)


def test_items_fixed_examples() -> None:
    text = '{"countries": [{"name": "France", "pop": 67}, {"name": "Spain", "pop": 47351567}], "n": 2}'
    for pattern in ["/countries/*", "/countries/*/name", "/countries/1/pop", "/*", "/n", "/missing/*"]:
        for size in (1, 2, 3, 7, 64):
            chunks = [text[i : i + size] for i in range(0, len(text), size)]
            check_items(text, chunks, pattern, [True] * len(chunks))
