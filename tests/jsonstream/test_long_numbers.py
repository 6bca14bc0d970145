"""Long fractions and exponents fed a digit at a time: the values shown are those of every
prefix (as with the shortcuts off), though they are converted again only while more digits
can change them (issue 19: each digit used to convert the whole number)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chunkwise import IncrementalJsonParser

# 1 + 2**-53: exactly halfway between 1.0 and the next float, so a nonzero digit anywhere
# after it rounds up: the digits that may still change a value go that far.
HALFWAY = "1.00000000000000011102230246251565404236316680908203125"


def shown(text: str, shortcuts: bool) -> list[str]:
    parser = IncrementalJsonParser(_shortcuts=shortcuts)
    values = [repr(parser.value) for char in text if parser.feed(char)]
    return [*values, repr(parser.close())]


@pytest.mark.parametrize("text", [
    "[" + HALFWAY + "0" * 900 + "1]",
    "[" + HALFWAY + "0" * 30 + "1" + "7" * 900 + "]",
    "[-0." + "0" * 500 + "123e500]",
    "[0." + "0" * 300 + "5e" + "0" * 40 + "1]",
    "[1." + "3" * 1000 + "e-" + "9" * 30 + "]",
    "[2.5E+" + "0" * 50 + "308]",
])
def test_same_values_as_without_shortcuts(text: str) -> None:
    assert shown(text, True) == shown(text, False)
    assert shown(text, True)[-1] == repr(json.loads(text))


@settings(max_examples=15)  # (the shortcut-free reference is quadratic on these)
@given(st.from_regex(r"\A-?(0|[1-9][0-9]{0,3})\.[0-9]{780,830}([eE][+-]?[0-9]{1,25})?\Z"))
def test_long_numbers_show_every_prefix_value(number: str) -> None:
    text = f"[{number}]"
    assert shown(text, True) == shown(text, False)


@pytest.mark.parametrize("chunks", [["[1e4", "0", "0]"], ["[2.5e-", "3", "0", "0", "]"], ["[1.5e00", "0", "7]"]])
def test_exponent_digits_after_a_number_read_whole_in_a_chunk(chunks: list[str]) -> None:
    """The exponent's digits so far were never converted: whether a zero changes it is not known."""
    def values(shortcuts: bool) -> list[str]:
        parser = IncrementalJsonParser(_shortcuts=shortcuts)
        return [repr(parser.value) if parser.feed(chunk) else "-" for chunk in chunks]

    assert values(True) == values(False)
