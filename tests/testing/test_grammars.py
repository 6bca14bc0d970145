"""Texts drawn from the shipped grammars are accepted by them; custom grammar files work too."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from chunkwise.testing import from_grammar, grammar_parser, grammar_text


@settings(max_examples=30, database=None)
@given(from_grammar("json"))
def test_json_grammar_texts_parse(text: str) -> None:
    import json

    grammar_parser("json").parse(text)
    json.loads(text)


@pytest.mark.parametrize("start", ["comma_list", "numbered_list", "markdown_list"])
def test_lists_grammar_draws_for_each_start(start: str) -> None:
    @settings(max_examples=10, database=None)
    @given(from_grammar("lists", start, max_size=200))
    def draw(text: str) -> None:
        assert len(text) <= 200

    draw()


def test_lists_need_a_start_rule() -> None:
    with pytest.raises(ValueError, match="start"):
        from_grammar("lists")


def test_a_grammar_file_of_your_own(tmp_path: Path) -> None:
    path = tmp_path / "yes.lark"
    path.write_text('start: "yes" | "no"\n')
    assert grammar_text(path).startswith("start")

    @settings(max_examples=5, database=None)
    @given(from_grammar(path))
    def draw(text: str) -> None:
        assert text in ("yes", "no")

    draw()
    assert grammar_parser(str(path)).parse("no")
