"""Near-JSON texts for the repair tests: a JSON value written with one kind of model mistake.

``near_json(kind)`` draws a value and writes it the way a model gets it wrong (single
quotes, trailing commas, comments…), remembering the value each text stands for in
``EXPECTED``, the oracle of the property tests. Test code may recurse: the values are small.
"""

from __future__ import annotations

import json
import math
import random
import re
from typing import Any

from hypothesis import strategies as st

from chunkwise.jsonstream import IncompleteJsonError, IncrementalJsonParser
from chunkwise.jsonstream.repairs import Repair
from chunkwise.testing import json_values

#: text -> the value it stands for (filled as texts are drawn), as one value and as several.
_EXPECTED: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_COMMENTS = (" /* note */ ", " // note\n", " # note\n", "/**/")


class Writer:
    """Writes values as text with the mistakes of ``kinds``, each one at random (``rng``)."""

    def __init__(self, kinds: Repair, rng: random.Random) -> None:
        self.kinds = kinds
        self.rng = rng

    def maybe(self, kind: Repair) -> bool:
        return bool(self.kinds & kind) and self.rng.random() < 0.6

    def gap(self) -> str:
        """Blank space between two tokens (a comment, with COMMENT)."""
        if self.maybe(Repair.COMMENT):
            return self.rng.choice(_COMMENTS)
        return self.rng.choice(("", " ", "\n  "))

    def value(self, value: Any) -> str:
        if value is None or isinstance(value, bool):
            python = {None: "None", True: "True", False: "False"}[value]
            return python if self.maybe(Repair.PYTHON_LITERAL) else json.dumps(value)
        if isinstance(value, int):
            return "+" + str(value) if value >= 0 and self.maybe(Repair.NUMBER_FORMAT) else str(value)
        if isinstance(value, float):
            return self.number(value)
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, list):
            return self.container("[", "]", [self.value(item) for item in value])
        return self.container("{", "}", [self.member(key, item) for key, item in value.items()])

    def number(self, value: float) -> str:
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        text = json.dumps(value)
        if self.maybe(Repair.NUMBER_FORMAT) and "e" not in text:
            if text.startswith(("0.", "-0.")):
                return text.replace("0.", ".", 1)
            if text.endswith(".0"):
                return text[:-1]
        return text

    def string(self, value: str, key: bool = False) -> str:
        if key and _IDENTIFIER.fullmatch(value) and self.maybe(Repair.UNQUOTED_KEY):
            return value
        quotes = ['"']
        if self.kinds & Repair.SINGLE_QUOTES:
            quotes.append("'")
        if self.kinds & Repair.SMART_QUOTES:
            quotes.append("\u201c")
        quote = self.rng.choice(quotes)
        body = "".join(self.character(char, quote) for char in value)
        return quote + body + {"'": "'", "\u201c": "\u201d"}.get(quote, '"')

    def character(self, char: str, quote: str) -> str:
        if char == '"' and quote != '"':
            return '"'  # a double quote inside another kind of quotes
        if char == "'" and quote == "'":
            return "\\'"
        if char in "\n\t" and self.maybe(Repair.CONTROL_CHARACTER):
            return char
        return json.dumps(char)[1:-1]

    def member(self, key: str, value: Any) -> str:
        colon = " " if self.maybe(Repair.MISSING_COLON) else ":"
        return self.string(key, key=True) + self.gap() + colon + self.gap() + self.value(value)

    def container(self, opener: str, closer: str, items: list[str]) -> str:
        text = opener + self.gap()
        for index, item in enumerate(items):
            if index:
                text += "\n" if self.maybe(Repair.MISSING_COMMA) else "," + self.gap()
            text += item
        if items and self.maybe(Repair.TRAILING_COMMA):
            text += ","
        return text + self.gap() + closer


def _with_specials(value: Any, rng: random.Random) -> Any:
    """``value`` with some of its numbers replaced by NaN or an infinity."""
    if isinstance(value, list):
        return [_with_specials(item, rng) for item in value]
    if isinstance(value, dict):
        return {key: _with_specials(item, rng) for key, item in value.items()}
    if isinstance(value, (int, float)) and not isinstance(value, bool) and rng.random() < 0.5:
        return rng.choice((math.nan, math.inf, -math.inf))
    return value


@st.composite
def near_json(draw: st.DrawFn, kinds: Repair) -> str:
    """A text standing for a drawn value, written with the mistakes of ``kinds``."""
    rng = random.Random(draw(st.integers(0, 2**32), label="seed"))
    writer = Writer(kinds, rng)
    if kinds & Repair.SEVERAL_VALUES:
        values = draw(st.lists(json_values(max_leaves=6), min_size=1, max_size=4), label="values")
        text = "\n".join(writer.value(value) for value in values)
        value: Any = values
    else:
        value = draw(json_values(max_leaves=12), label="value")
        if kinds & Repair.NAN_INFINITY:
            value = _with_specials(value, rng)
        text = writer.value(value)
    _EXPECTED[bool(kinds & Repair.SEVERAL_VALUES)].setdefault(text, value)
    return text


def expected(kinds: Repair) -> dict[str, Any]:
    """The values that the texts drawn by ``near_json(kinds)`` stand for."""
    return _EXPECTED[bool(kinds & Repair.SEVERAL_VALUES)]


def shown_prefix_value(text: str) -> Any:
    """The oracle of truncated texts: what the strict engine shows for them (complete: their value).

    A text cut right after a number's ``.`` is read as the repairs read it: ``1.`` is a
    number-format mistake, completed to ``1.0`` (so ``-0.`` is ``-0.0``, not the ``0``
    that the prefix ``-0`` shows)."""
    if re.search(r"[0-9]\.$", text) and not _inside_string(text):
        text += "0"
    parser = IncrementalJsonParser()
    parser.feed(text)
    shown = parser.value
    try:
        return parser.close()
    except IncompleteJsonError:
        if shown is None:
            raise
        return shown


def _inside_string(text: str) -> bool:
    """Whether JSON ``text`` ends inside a string (its quotes not escaped)."""
    inside = escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = inside
        elif char == '"':
            inside = not inside
    return inside


@st.composite
def truncated_json(draw: st.DrawFn) -> str:
    """A JSON text cut off somewhere (or not at all)."""
    text = json.dumps(draw(json_values(max_leaves=12), label="value"))
    return text[: draw(st.integers(1, len(text)), label="cut")]
