"""The strategies draw what they promise, and chunkings shrink towards few cuts."""

from __future__ import annotations

import json

from hypothesis import find, given, settings
from hypothesis import strategies as st

from chunkwise.testing import chunkings, cut, json_texts, json_values, one_at_a_time, token_streams
from chunkwise.testing.strategies import NEARBY

QUICK = settings(max_examples=30, database=None)


def test_cut_and_one_at_a_time() -> None:
    assert cut("abcd", [3, 1]) == ["a", "bc", "d"]
    assert cut("ab", [1, 1]) == ["a", "", "b"]
    assert one_at_a_time(b"ab") == [b"a", b"b"]


@given(st.data(), st.text() | st.binary())
def test_chunkings_join_back(data: st.DataObject, text: str | bytes) -> None:
    chunks = data.draw(chunkings(text))
    assert text[:0].join(chunks) == text
    assert all(chunks)  # no empty chunks unless asked for


@given(st.data(), st.text(min_size=1))
def test_chunkings_with_empty_chunks_join_back(data: st.DataObject, text: str) -> None:
    assert "".join(data.draw(chunkings(text, empty_chunks=True))) == text


def test_chunkings_shrink_to_the_fewest_cuts() -> None:
    text = "abcdefghij"
    # any chunking that cuts between "c" and "d" will do: the shrunk one has only that cut
    found = find(chunkings(text), lambda cs: any("".join(cs[:i]) == "abc" for i in range(len(cs))),
                 settings=settings(database=None))
    assert found == ["abc", "defghij"]


def test_chunkings_can_cut_everywhere() -> None:
    assert find(chunkings("abcd"), lambda cs: len(cs) == 4, settings=settings(database=None)) == list("abcd")


def test_chunkings_draw_both_fine_and_coarse_cuttings() -> None:
    text = "x" * 100
    find(chunkings(text), lambda cs: len(cs) >= 50, settings=settings(database=None))  # near one per character
    find(chunkings(text), lambda cs: 2 <= len(cs) <= 4, settings=settings(database=None))


def test_simple_cuttings_are_every_single_cut_or_those_near_the_drawn_ones() -> None:
    assert chunkings.simple("abc") == [["abc"], ["a", "bc"], ["ab", "c"]]
    assert token_streams.simple("abc") == [] and chunkings.simple("") == []
    long_text = "x" * 1000
    near = chunkings.simple(long_text, ["x" * 500, "x" * 500])
    places = [len(pieces[0]) for pieces in near[1:]]
    assert near[0] == [long_text] and places == list(range(500 - NEARBY, 502))


@given(st.data(), st.text())
def test_token_streams_are_1_to_8_characters(data: st.DataObject, text: str) -> None:
    chunks = data.draw(token_streams(text))
    assert "".join(chunks) == text and all(1 <= len(c) <= 8 for c in chunks)


def test_token_streams_over_bytes_cut_inside_characters() -> None:
    data = "é€😀 ok".encode()

    def splits_a_character(chunks: list[bytes]) -> bool:
        return any(c and c[-1] >= 0x80 and not _decodes(c) for c in chunks)

    found = find(token_streams(data), splits_a_character, settings=settings(database=None))
    assert b"".join(found) == data


def _decodes(data: bytes) -> bool:
    try:
        data.decode()
    except UnicodeDecodeError:
        return False
    return True


@QUICK
@given(json_values())
def test_json_values_round_trip(value: object) -> None:
    assert json.loads(json.dumps(value)) == value


@QUICK
@given(json_texts(pretty=False, ensure_ascii=True))
def test_compact_ascii_json_texts(text: str) -> None:
    json.loads(text)
    assert text.isascii() and "\n" not in text


@QUICK
@given(json_texts(pretty=True))
def test_pretty_json_texts_parse(text: str) -> None:
    json.loads(text)


