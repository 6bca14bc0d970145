"""Cut-off and mutated texts: the inputs a parser must reject with a clear error."""

from __future__ import annotations

import json

from hypothesis import find, given, settings
from hypothesis import strategies as st

from chunkwise.testing import MUTATION_PIECES, json_texts, mutated_texts, truncated_texts

QUICK = settings(max_examples=25, database=None)


@QUICK
@given(st.data())
def test_truncated_texts_are_proper_prefixes(data: st.DataObject) -> None:
    whole = data.draw(json_texts(pretty=False), label="whole")
    cut_off = data.draw(truncated_texts(st.just(whole)))
    assert whole.startswith(cut_off) and len(cut_off) < len(whole)


def test_truncated_json_is_mostly_invalid_and_the_empty_text_is_drawn() -> None:
    assert find(truncated_texts(), lambda t: t == "", settings=settings(database=None)) == ""

    def invalid(text: str) -> bool:
        try:
            json.loads(text)
        except ValueError:
            return True
        return False

    find(truncated_texts(json_texts(values=st.lists(st.integers(), min_size=2))), lambda t: len(t) > 3 and invalid(t),
         settings=settings(database=None))


def test_mutated_texts_edit_good_texts() -> None:
    edited = find(mutated_texts(st.just("[1, 2]")), lambda t: t != "[1, 2]" and t.startswith("[1"),
                  settings=settings(database=None))
    assert edited != "[1, 2]"
    assert find(mutated_texts(st.just(b"[1]"), pieces=[b"x"]), lambda t: b"x" in t, settings=settings(database=None))
    assert "\\u" in MUTATION_PIECES and "\ud800" in MUTATION_PIECES  # escapes and lone surrogates
