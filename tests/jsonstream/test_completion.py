"""The completion rules of DESIGN.md: what a partial value shows, under each policy."""

from __future__ import annotations

import pytest

from chunkwise import Completion, IncrementalJsonParser
from chunkwise.samples import COUNTRIES_TOKENS

from .helpers import shown_values


def value_after(text: str, **options: object) -> object:
    parser = IncrementalJsonParser(**options)  # type: ignore[arg-type]
    parser.feed(text)
    return parser.value


def test_countries_stream_matches_the_langchain_guide() -> None:
    population = "population"
    france = {"name": "France", population: 67413000}
    spain = {"name": "Spain", population: 47351567}
    assert shown_values(list(COUNTRIES_TOKENS)) == [
        {},
        {"countries": []},
        {"countries": [{}]},
        {"countries": [{"name": ""}]},
        {"countries": [{"name": "France"}]},
        {"countries": [{"name": "France", population: 67}]},
        {"countries": [{"name": "France", population: 67413}]},
        {"countries": [france]},
        {"countries": [france, {}]},
        {"countries": [france, {"name": ""}]},
        {"countries": [france, {"name": "Spain"}]},
        {"countries": [france, {"name": "Spain", population: 47}]},
        {"countries": [france, {"name": "Spain", population: 47351}]},
        {"countries": [france, spain]},
        {"countries": [france, spain, {}]},
        {"countries": [france, spain, {"name": ""}]},
        {"countries": [france, spain, {"name": "Japan"}]},
        {"countries": [france, spain, {"name": "Japan", population: 125}]},
        {"countries": [france, spain, {"name": "Japan", population: 125584}]},
        {"countries": [france, spain, {"name": "Japan", population: 125584000}]},
    ]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("{", {}),
        ('{"a": [', {"a": []}),
        ('{"a": [{"b": {', {"a": [{"b": {}}]}),
        ("[[[]", [[[]]]),
        ('{"ke', {}),  # partial keys never show
        ('{"key"', {}),
        ('{"key": ', {}),  # a member shows once its value shows something
        ('{"key": "', {"key": ""}),
        ('{"key": "Fra', {"key": "Fra"}),
        ('{"a": 1, "b": tr', {"a": 1}),  # literals show only when complete
        ('{"a": nul', {}),
        ("[true, fals", [True]),
        ("[-", []),  # "-" is not a number yet
        ("[1.", [1]),
        ("[1.5e", [1.5]),
        ("[1e", [1]),
        ("[1e-", [1]),
        ("[-0.", [0]),
        ("[12", [12]),
    ],
)
def test_partial_values(text: str, shown: object) -> None:
    assert value_after(text) == shown
    assert type(value_after(text)) is type(shown)


def test_number_prefix_keeps_its_type() -> None:
    assert type(value_after("[1.")[0]) is int  # type: ignore[index]
    assert type(value_after("[1.5")[0]) is float  # type: ignore[index]


@pytest.mark.parametrize(
    ("chunks", "shown"),
    [
        (['"a\\', 'n"'], ["a", "a\n"]),
        (['"x\\u00', 'e9"'], ["x", "xé"]),  # \u00 is held back until complete
        (['"\\ud83d', '\\ude00!"'], ["", "😀!"]),  # a high surrogate waits for its low half
        (['"\\ud83d\\u', 'de00"'], ["", "😀"]),
        (['"a\\ud800', '"'], ["a", "a\ud800"]),  # a lone surrogate is kept, as json.loads keeps it
        (['"a\\ud800', 'b"'], ["a", "a\ud800b"]),
    ],
)
def test_unfinished_escapes_are_held_back(chunks: list[str], shown: list[str]) -> None:
    assert shown_values(chunks) == shown


def test_top_level_scalars() -> None:
    assert shown_values(['"ab', 'c"']) == ["ab", "abc"]
    assert shown_values(["12", "3"]) == [12, 123]
    assert shown_values(["tr", "ue"]) == [True]
    parser = IncrementalJsonParser()
    assert parser.feed("nu") is False
    assert parser.feed("ll") is True
    assert parser.done and parser.value is None and parser.close() is None


def test_whitespace_only_shows_nothing() -> None:
    parser = IncrementalJsonParser()
    assert parser.feed("  \n\t ") is False
    assert parser.value is None


def test_feed_reports_only_visible_changes() -> None:
    parser = IncrementalJsonParser()
    assert parser.feed("{") is True
    assert parser.feed(' "ke') is False  # a partial key shows nothing
    assert parser.feed('y": ') is False
    assert parser.feed("1.5") is True
    assert parser.feed("0") is False  # 1.50 == 1.5
    assert parser.feed(" ") is False  # completing the number shows the same value
    assert parser.feed("}") is False
    assert parser.value == {"key": 1.5}


def test_atomic_policy_shows_numbers_and_literals_only_when_complete() -> None:
    shown = shown_values(["[12", "34, tr", "ue, ", '"ab', 'c"]'], completion=Completion.ATOMIC)
    assert shown == [[], [1234], [1234, True], [1234, True, "ab"], [1234, True, "abc"]]


def test_complete_policy_shows_only_final_scalars() -> None:
    shown = shown_values(['{"a": "ab', 'c", "b": 1', "2}"], completion="complete")
    assert shown == [{}, {"a": "abc"}, {"a": "abc", "b": 12}]


@pytest.mark.parametrize("policy", list(Completion))
def test_policies_agree_on_the_final_value(policy: Completion) -> None:
    parser = IncrementalJsonParser(completion=policy)
    for token in COUNTRIES_TOKENS:
        parser.feed(token)
    assert parser.close()["countries"][2] == {"name": "Japan", "population": 125584000}


def test_policy_accepts_its_name() -> None:
    assert IncrementalJsonParser(completion="atomic").completion is Completion.ATOMIC
    with pytest.raises(ValueError):
        IncrementalJsonParser(completion="sometimes")
