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

PLAIN_STRICT = re.compile(r'[^"\\\x00-\x1f]*')
PLAIN_LENIENT = re.compile(r'[^"\\]*')

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
_HEX4 = re.compile(r"[0-9a-fA-F]{0,4}")
#: The longest prefix of ``\uDCxx``..``\uDFxx`` (a low surrogate escape).
_LOW_SURROGATE_PREFIX = re.compile(r"(?:\\(?:u(?:[dD](?:[c-fC-F][0-9a-fA-F]{0,2})?)?)?)?")


class StringSyntaxError(Exception):
    """Invalid string content at ``index`` of the scanned text."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index = index
        self.message = message


def scan_string(text: str, pos: int, pieces: list[str], plain: re.Pattern[str]) -> tuple[int, bool]:
    """Decode the string body starting at ``text[pos]`` into ``pieces``.

    Returns ``(end, True)`` with ``end`` just past the closing quote, or
    ``(stop, False)`` when the text ended first: ``text[stop:]`` is an unfinished
    escape to carry over (empty when the chunk ended between characters).
    Raises :class:`StringSyntaxError` on an invalid escape or control character.
    """
    n = len(text)
    match_plain = plain.match
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
        hex_end = _HEX4.match(text, pos + 2).end()
        if hex_end - pos < 6:
            if hex_end == n:
                return pos, False
            raise StringSyntaxError(hex_end, "Invalid \\uXXXX escape")
        code = int(text[pos + 2 : pos + 6], 16)
        if 0xD800 <= code <= 0xDBFF:
            low_end = _LOW_SURROGATE_PREFIX.match(text, pos + 6).end()
            if low_end - pos == 12:
                low = int(text[pos + 8 : pos + 12], 16)
                pieces.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
                pos += 12
                continue
            if low_end == n:
                return pos, False
        pieces.append(chr(code))
        pos += 6
