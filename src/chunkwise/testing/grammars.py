"""The lark grammars of ``grammars/`` as oracles and as Hypothesis input generators.

``"json"`` is strict JSON (RFC 8259), ``"lists"`` the three list formats of the list
parsers; both ship as package data of ``chunkwise.grammars``. Any other name is a
path to a ``.lark`` file of your own. lark is imported here only, on first use.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

if TYPE_CHECKING:
    from lark import Lark

__all__ = ["from_grammar", "grammar_parser", "grammar_text"]

_SHIPPED = {"json": ("json.lark", "start"), "lists": ("lists.lark", None)}


def grammar_text(grammar: str | Path) -> str:
    """The text of a shipped grammar (``"json"``, ``"lists"``) or of a ``.lark`` file."""
    if isinstance(grammar, str) and grammar in _SHIPPED:
        return (files("chunkwise.grammars") / _SHIPPED[grammar][0]).read_text(encoding="utf-8")
    return Path(grammar).read_text(encoding="utf-8")


def _start(grammar: str | Path, start: str | None) -> str:
    default = _SHIPPED[grammar][1] if isinstance(grammar, str) and grammar in _SHIPPED else "start"
    chosen = start or default
    if chosen is None:
        raise ValueError(f"grammar {grammar!r} has several start rules: pass start=...")
    return chosen


@lru_cache(maxsize=None)
def _parser(grammar: str | Path, start: str) -> Lark:
    from lark import Lark

    return Lark(grammar_text(grammar), parser="lalr", lexer="contextual", start=start)


def grammar_parser(grammar: str | Path, start: str | None = None) -> Lark:
    """A LALR parser for the grammar (cached): the reference recogniser for oracles.

    ``start`` defaults to ``start`` (``"lists"`` needs ``comma_list``,
    ``numbered_list`` or ``markdown_list``).
    """
    return _parser(grammar, _start(grammar, start))


def from_grammar(
    grammar: str | Path, start: str | None = None, *, max_size: int | None = 2_000, **explicit: Any
) -> st.SearchStrategy[str]:
    """Texts generated from the grammar by ``hypothesis.extra.lark.from_lark``.

    ``max_size`` drops longer texts (the grammar's recursion can draw large ones);
    ``explicit`` maps terminal names to strategies, as in ``from_lark``. Texts are
    drawn from the grammar's structure and may, where terminals touch, not lex back
    the same way: filter with :func:`grammar_parser` when that matters.
    """
    from hypothesis.extra.lark import from_lark

    chosen = _start(grammar, start)
    texts = from_lark(_parser(grammar, chosen), start=chosen, explicit=explicit or None)
    return texts if max_size is None else texts.filter(lambda t: len(t) <= max_size)
