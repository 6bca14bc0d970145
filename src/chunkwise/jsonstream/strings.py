"""String bodies that may arrive in pieces.

The scanner appends decoded text to a list of pieces and stops at the closing quote
or at the end of the chunk. Runs of plain characters are taken by one compiled regex
match each; only escapes are handled one by one. An escape cut off by the end of
the chunk (``\\``, ``\\u12``, or a high surrogate that may still get its low half) is
left unconsumed, for the caller to carry over to the next chunk. Surrogates are
treated exactly as ``json.loads`` treats them: a ``\\uD8xx\\uDCxx`` pair is joined,
a lone half is kept as it is.
"""

from __future__ import annotations

import re
from typing import cast

from chunkwise.jsonstream.numbers import AlwaysMatch

#: Runs of characters that stand for themselves in a string (strict: no control characters).
match_plain_strict = cast(AlwaysMatch, re.compile(r'[^"\\\x00-\x1f]*').match)
match_plain_lenient = cast(AlwaysMatch, re.compile(r'[^"\\]*').match)

_SIMPLE_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
_match_hex4 = cast(AlwaysMatch, re.compile(r"[0-9a-fA-F]{0,4}").match)
#: The longest prefix of ``\uDCxx``..``\uDFxx`` (a low surrogate escape).
_match_low_surrogate_prefix = cast(
    AlwaysMatch, re.compile(r"(?:\\(?:u(?:[dD](?:[c-fC-F][0-9a-fA-F]{0,2})?)?)?)?").match
)


class StringSyntaxError(Exception):
    """Invalid string content at ``index`` of the scanned text."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


def scan_string(text: str, pos: int, pieces: list[str], match_plain: AlwaysMatch) -> tuple[int, bool]:
    """Decode the string body starting at ``text[pos]`` into ``pieces``.

    Returns ``(end, True)`` with ``end`` just past the closing quote, or
    ``(stop, False)`` when the text ended first: ``text[stop:]`` is an unfinished
    escape to carry over (empty when the chunk ended between characters).
    Raises :class:`StringSyntaxError` on an invalid escape or control character.
    """
    n = len(text)
    while True:
        end = match_plain(text, pos).end()
        if end != pos:
            pieces.append(text[pos:end])
            pos = end
        if pos == n:
            return n, False
        char = text[pos]
        if char == '"':
            return pos + 1, True
        if char != "\\":
            raise StringSyntaxError(pos, f"Invalid control character {char!r} in string")
        if pos + 1 == n:
            return pos, False
        simple = _SIMPLE_ESCAPES.get(text[pos + 1])
        if simple is not None:
            pieces.append(simple)
            pos += 2
            continue
        if text[pos + 1] != "u":
            raise StringSyntaxError(pos + 1, "Invalid \\escape")
        hex_end = _match_hex4(text, pos + 2).end()
        if hex_end - pos < 6:
            if hex_end == n:
                return pos, False
            raise StringSyntaxError(hex_end, "Invalid \\uXXXX escape")
        code = int(text[pos + 2 : pos + 6], 16)
        if 0xD800 <= code <= 0xDBFF:
            low_end = _match_low_surrogate_prefix(text, pos + 6).end()
            if low_end - pos == 12:
                low = int(text[pos + 8 : pos + 12], 16)
                pieces.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
                pos += 12
                continue
            if low_end == n:
                return pos, False
        pieces.append(chr(code))
        pos += 6
