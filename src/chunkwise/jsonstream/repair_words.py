"""The words and quotes the repairer knows: literals in other spellings, and quote pairs."""

from __future__ import annotations

import re
from typing import cast

from chunkwise.jsonstream.numbers import AlwaysMatch
from chunkwise.jsonstream.repairs import Repair

#: A bare word standing for a value: what the engine reads instead, and the repair it is
#: (None: plain JSON).
LITERALS: dict[str, tuple[str, Repair | None]] = {
    "true": ("true", None),
    "false": ("false", None),
    "null": ("null", None),
    "True": ("true", Repair.PYTHON_LITERAL),
    "False": ("false", Repair.PYTHON_LITERAL),
    "None": ("null", Repair.PYTHON_LITERAL),
    "NaN": ("NaN", Repair.NAN_INFINITY),
    "Infinity": ("Infinity", Repair.NAN_INFINITY),
    "-Infinity": ("-Infinity", Repair.NAN_INFINITY),
}

_CLOSING = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019"}


def closing_quote(opening: str) -> str:
    """The quote that closes a string opened by ``opening``."""
    return _CLOSING[opening]


def _plain(opening: str, lenient: bool) -> AlwaysMatch:
    excluded = re.escape(_CLOSING[opening]) + '"\\\\' + ("" if lenient else "\\x00-\\x1f")
    return cast(AlwaysMatch, re.compile("[^" + excluded + "]*+").match)


_PLAIN = {(quote, lenient): _plain(quote, lenient) for quote in _CLOSING for lenient in (False, True)}


def plain_pattern(opening: str, lenient: bool) -> AlwaysMatch:
    """Matches the run of characters that a string opened by ``opening`` hands on unchanged
    (everything but its closing quote, ``"``, a backslash and, unless ``lenient``, control
    characters)."""
    return _PLAIN[opening, lenient]
