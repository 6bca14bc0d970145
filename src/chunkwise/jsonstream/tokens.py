"""The compiled patterns the parser matches in each state.

Each pattern both recognises a token and checks that it may stand where it is,
so the common case (a whole token inside the chunk) costs one C-level match. The
*fused* patterns take a whole object member (``"key": scalar,`` or ``"key": {``)
or array item (``scalar,`` or ``[``) in one match; a scalar counts there only
with the separator after it, which proves it complete (``12`` may still grow,
``12,`` may not). String bodies are unrolled and possessive (``*+``) so that the
regex engine scans a string once and never backtracks; bodies holding a
backslash are decoded by the standard library's C ``scanstring``.

Strict patterns follow RFC 8259; lenient ones also take raw control characters
in strings and ``NaN``/``Infinity``/``-Infinity``, as ``json.loads(strict=False)``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn, cast

from chunkwise.jsonstream.numbers import NUMBER_PREFIX, AlwaysMatch
from chunkwise.jsonstream.strings import match_plain_lenient, match_plain_strict

_WS = r"[ \t\n\r]*"
_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+\-]?[0-9]+)?"
_ESCAPE = r'\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})'

# Groups of the value pattern: the end of the text (only blank space was left), a
# string body, the plain body of a string cut off by the end of the text, a number, a
# number (or its start) cut off by the end of the text, "{", "[", then one group per
# literal in the order of LITERAL_VALUES.
G_END, G_STRING, G_CUT_STRING, G_NUMBER, G_CUT_NUMBER, G_OBJECT, G_ARRAY, G_FIRST_LITERAL = 1, 2, 3, 4, 5, 6, 7, 8
# Groups of the key pattern: a key body, the ":" after it (None when the text
# ends before it), the plain body of a key cut off by the end of the text, the end
# of the text (only blank space was left).
G_KEY, G_KEY_COLON, G_CUT_KEY, G_KEY_END = 1, 2, 3, 4
LITERAL_VALUES: tuple[Any, ...] = (True, False, None, float("nan"), float("inf"), float("-inf"))
NAMED_SCALARS: dict[str, Any] = dict(
    zip(("true", "false", "null", "NaN", "Infinity", "-Infinity"), LITERAL_VALUES)
)
DIGITS = frozenset("0123456789")
#: Shortest text worth trying a fused match on (``"a":1,`` is 6 characters).
FUSED_MIN = 6
#: Shortest rest of a chunk worth trying to decode a whole container in C.
WHOLE_MIN = 64
#: Failed attempts allowed per chunk (see IncrementalJsonParser._open_container).
WHOLE_TRIES = 8

#: After a value: the separator (group 1), or None at the end of the text.
match_after_value = re.compile(_WS + r"(?:([,\]}])|\Z)").match
#: After an array item: a comma (group 1, with the space around it), then the
#: start of the next number running to the end of the text, or nothing more. The
#: number's groups follow group 1, so ``STATE_OF_GROUP[lastindex - 1]`` is its
#: state; ``lastindex`` is 1 when only the comma is left, ``NEXT_NUMBER_MINUS``
#: when only a ``-`` is (which may start ``-Infinity``: not a number yet).
match_comma_number = re.compile("(" + _WS + "," + _WS + ")" + NUMBER_PREFIX + r"\Z").match
NEXT_NUMBER_MINUS = 2
match_colon = re.compile(_WS + ":").match
skip_space = cast(AlwaysMatch, re.compile(_WS).match)


@dataclass(frozen=True)
class Lexicon:
    """The patterns of one mode (strict or lenient)."""

    literals: tuple[str, ...]
    value: re.Pattern[str]  # groups: see G_*
    key: re.Pattern[str]  # groups: see G_KEY...
    member: re.Pattern[str]  # groups: raw key, opener, raw scalar, separator
    item: re.Pattern[str]  # groups: opener, raw scalar, separator
    string_end: re.Pattern[str]  # the rest of a string and its closing quote; group 1: the raw rest
    key_end: re.Pattern[str]  # the rest of a key, its quote and maybe its colon; groups: raw rest, ":"
    plain: AlwaysMatch  # runs of string characters that need no decoding
    #: ``scan_whole(text, index)`` decodes the complete value at ``text[index]`` with
    #: the standard library's C scanner: ``(value, end)``, or raises ValueError or
    #: StopIteration when it is not complete (or not valid) in ``text``.
    scan_whole: Callable[[str, int], tuple[Any, int]]
    decoder_options: dict[str, Any]  # the json.JSONDecoder options of this mode

    def scanner_with(self, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any]) -> Callable[[str, int], tuple[Any, int]]:
        """A ``scan_whole`` that builds each object with ``object_pairs_hook``."""
        decoder = json.JSONDecoder(object_pairs_hook=object_pairs_hook, **self.decoder_options)
        return decoder.scan_once  # type: ignore[attr-defined,no-any-return]


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")


def _lexicon(
    body_chars: str, literals: tuple[str, ...], plain: AlwaysMatch, decoder_options: dict[str, Any]
) -> Lexicon:
    body = body_chars + "*+(?:" + _ESCAPE + body_chars + "*+)*+"
    # The number must not be followed by a character that could continue it.
    number_token = "(" + _NUMBER + r")(?=[^0-9.eE+\-])"
    literal_groups = "".join("|(" + re.escape(name) + ")" for name in literals)
    # Tokens that run to the end of the text are told apart at once, in the same
    # match: the commonest case of a chunk's last token.
    cut_string = '"(' + body_chars + r"*+)\Z"
    cut_number = r"([\-0-9][0-9.eE+\-]*)\Z"
    value = re.compile(
        _WS + r'(?:(\Z)|"(' + body + ')"|' + cut_string + "|" + number_token + "|" + cut_number
        + r"|(\{)|(\[)" + literal_groups + ")"
    )
    key = _WS + '"(' + body + ')"' + _WS + ":"
    key_or_cut = _WS + '(?:"(' + body + ')"' + _WS + r"(?:(:)|\Z)|" + cut_string + r"|(\Z))"
    string_end = "(" + body + ')"'
    key_end = string_end + _WS + r"(?:(:)|\Z)"
    scalar = '("' + body + '"|' + _NUMBER + "".join("|" + re.escape(name) for name in literals) + ")"

    def fused(prefix: str, separators: str) -> re.Pattern[str]:
        return re.compile(prefix + _WS + r"(?:([{\[])|" + scalar + _WS + "([" + separators + "]))")

    return Lexicon(
        literals,
        value,
        re.compile(key_or_cut),
        fused(key, ",}"),
        fused("", r",\]}"),
        re.compile(string_end),
        re.compile(key_end),
        plain,
        json.JSONDecoder(**decoder_options).scan_once,  # type: ignore[attr-defined]
        decoder_options,
    )


STRICT = _lexicon(
    r'[^"\\\x00-\x1f]',
    ("true", "false", "null"),
    match_plain_strict,
    {"parse_constant": _reject_constant},
)
LENIENT = _lexicon(
    r'[^"\\]',
    ("true", "false", "null", "NaN", "Infinity", "-Infinity"),
    match_plain_lenient,
    {"strict": False},
)
