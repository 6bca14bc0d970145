"""Numbers that may arrive in pieces.

A number split across chunks is kept as its text pieces plus a *state*: a short
stand-in text that the rest of the number may legally follow exactly as it may
follow the real text (``"1"`` stands for ``-123``, ``"1.0"`` for ``3.14``). Checking a
new chunk then costs one regex match over the stand-in plus the new characters, not
over the whole number, so a number of any length is read in linear time.

What a partial number shows is converted only when read. An integer's value is
extended from the one computed last (``v * 10**k + new digits``), so reading a long
integer after every chunk costs its length per read, not the square of it (CPython
converts a decimal string to ``int`` in quadratic time: see CVE-2020-10735). A long
fraction or exponent is converted again only while more digits can still change its
value (``NumberReading._note_part``), so a number of any length costs linear time.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from typing import Any, cast

from chunkwise.jsonstream.snapshot import MISSING

#: The ``match`` method of a pattern that also matches the empty string: it never
#: returns None, and saying so once here spares a check at every call.
AlwaysMatch = Callable[..., "re.Match[str]"]

#: Characters that can continue a number: one of them where a number stops makes it invalid.
NUMBER_CHARS = frozenset("0123456789.eE+-")

#: The longest prefix of a text that is a prefix of some RFC 8259 number. Its
#: capturing groups are the number's parts in order, none nested, so the last one
#: that took part (``lastindex``) names the state the number is in: see
#: ``STATE_OF_GROUP``. It also matches the empty string.
NUMBER_PREFIX = (
    r"(-)?(?:(?:(0)|([1-9][0-9]*))"
    r"(?:(\.)(?:([0-9]+)(?:([eE])([+\-])?([0-9]+)?)?)?|([eE])([+\-])?([0-9]+)?)?)?"
)
match_number_prefix = cast(AlwaysMatch, re.compile(NUMBER_PREFIX).match)
#: The state after each group of ``match_number_prefix``, indexed by ``lastindex``.
STATE_OF_GROUP = ("", "-", "0", "1", "1.", "1.0", "1e", "1e+", "1e0", "1e", "1e+", "1e0")
#: States in which the number is still its sign and integer part.
_INTEGER_PART_STATES = frozenset({"0", "1"})

#: States in which the number is complete (it may still grow).
COMPLETE_STATES = frozenset({"0", "1", "1.0", "1e0"})
#: States of an integer: more digits always change its value.
INTEGER_STATES = frozenset({"0", "1"})
#: States that a run of digits continues without changing them.
DIGIT_RUN_STATES = frozenset({"1", "1.0", "1e0"})
#: Numbers this long (sign and point included) have at most 15 digits, which any
#: float keeps exactly: distinct such decimals are distinct floats.
_EXACT_FLOAT_LENGTH = 15
#: Numbers up to this long are converted again whenever they grow (that costs little);
#: a longer fraction or exponent is converted only while its digits can change the
#: value (see NumberReading._note_part: no shorter part settles).
_LONG = 21
#: The parts of a number whose digits may run on: fraction and exponent.
_RUN_PARTS = frozenset({"1.0", "1e0"})
#: The number shown grew and its value is not computed yet (see NumberReading.show).
_STALE: Any = object()

#: How many trailing characters to drop so that the rest is a complete number
#: (``1.`` shows 1, ``1.5e`` shows 1.5, ``1e-`` shows 1). A lone ``-`` is never read
#: as a number: the scanner carries it until the next character.
_UNFINISHED_TAIL = {"0": 0, "1": 0, "1.0": 0, "1e0": 0, "1.": 1, "1e": 1, "1e+": 2}


def to_number(text: str) -> int | float:
    """Convert complete number text as ``json.loads`` does, without its digit limit.

    ``int()`` raises ``ValueError`` beyond Python's int-string conversion limit
    (4300 digits by default); ``decimal`` has no such limit. The engine checks its
    own limit (``max_int_digits``) before converting.
    """
    if "." in text or "e" in text or "E" in text:
        return float(text)
    try:
        return int(text)
    except ValueError:
        return int(decimal.Decimal(text))


def integer_digits(text: str) -> int:
    """How many digits the integer part of number text (or a prefix of one) has."""
    end = len(text)
    for mark in ".eE":
        found = text.find(mark)
        if 0 <= found < end:
            end = found
    return end - text.startswith("-")


class NumberReading:
    """A number read across chunks: its text in pieces, its state, and what it shows.

    ``exact=False`` (the shortcut) decides whether more fraction digits of a short
    number change what it shows without converting it; ``exact=True`` always converts.
    """

    __slots__ = (
        "pieces", "length", "state", "exact", "shown_length", "shown_state", "shown",
        "_integer_digits", "_magnitude", "_magnitude_length", "_settled", "_exponent_set",
    )

    def __init__(self, digits: str, state: str, *, exact: bool) -> None:
        self.pieces = [digits]
        self.length = len(digits)
        self.state = state  # see the module docstring
        self.exact = exact
        self.shown_length = -1  # characters shown (-1: none)
        self.shown_state = ""  # the state when last shown
        self.shown: Any = MISSING  # the value shown; _STALE: not computed yet
        self._integer_digits = -1  # the integer part's digits once it is complete (-1: not counted yet)
        self._magnitude = 0  # the absolute value of the integer text[:_magnitude_length]
        self._magnitude_length = 0
        self._settled = ""  # the part ("1.0": fraction, "1e0": exponent) that no digit can change any more
        self._exponent_set: bool | None = None  # the exponent has a nonzero digit (None: not known yet)

    def take(self, text: str) -> int:
        """Add the longest prefix of ``text`` that continues the number; return its length.

        A number character right after that prefix (``text[end] in NUMBER_CHARS``)
        makes the number invalid there; any other character ends the number.
        """
        state = self.state
        m = match_number_prefix(state + text)
        end = m.end() - len(state)
        if end:
            self.pieces.append(text if end == len(text) else text[:end])
            self.length += end
            self.state = STATE_OF_GROUP[m.lastindex or 0]
        return end

    def add_digits(self, digits: str) -> None:
        """Add digits in a state that digits continue (``DIGIT_RUN_STATES``)."""
        self.pieces.append(digits)
        self.length += len(digits)

    def integer_digits(self) -> int:
        """How many digits the integer part has so far (counted once it is complete)."""
        if self.state in _INTEGER_PART_STATES:  # only the sign and integer digits so far
            return self.length - self.pieces[0].startswith("-")
        if self._integer_digits < 0:
            self._integer_digits = integer_digits("".join(self.pieces))
        return self._integer_digits

    @property
    def complete(self) -> bool:
        """Whether the text so far is a whole number (it may still grow)."""
        return self.state in COMPLETE_STATES

    def value(self) -> int | float:
        """The value of the complete number."""
        if self._magnitude_length and self.state in INTEGER_STATES:
            return self._integer(self.length)  # extended from the value shown last
        return to_number("".join(self.pieces))

    def show(self) -> bool:
        """Update what the number shows (its longest complete prefix); return whether that changed.

        The first value shown and more digits of an integer are always a change; the
        value is then converted only when read. Otherwise the new value is compared
        with the shown one (``1.5`` → ``1.50`` and ``1e5`` → ``1e50`` may not move),
        except that (unless ``exact``) fraction digits of a number short enough to be
        its own float change it exactly when one of them is not zero.
        """
        state = self.state
        length = self.length - _UNFINISHED_TAIL[state]
        before_length = self.shown_length
        if length == before_length:
            return False
        before, before_state = self.shown, self.shown_state
        self.shown_length, self.shown_state = length, state
        if before is MISSING or state in INTEGER_STATES:
            self.shown = _STALE
            return True
        if not self.exact and state == "1.0" and before_state == "1.0" and length <= _EXACT_FLOAT_LENGTH:
            self.shown = _STALE
            return self.pieces[-1].strip("0") != ""
        long_part = not self.exact and length > _LONG and state in _RUN_PARTS
        if long_part and state == before_state and self._keeps_value(self._last(length - before_length)):
            self.shown = before  # (if stale, the longer text gives the same value)
            return False
        text = "".join(self.pieces)[:length]
        now = self.shown = to_number(text)  # (not an integer: see above)
        if long_part:
            self._note_part(text)
        if before is _STALE:
            before = self._prefix_value(before_length, before_state)
        return type(now) is not type(before) or now != before

    def _keeps_value(self, digits: str) -> bool:
        """Whether ``digits``, added to the fraction or exponent being read, leave the
        value as it was: trailing fraction zeros, leading exponent zeros, or a part that
        no digit can change any more (see :meth:`_note_part`)."""
        if self._settled == self.state:
            return True
        return not digits.strip("0") and (self.state == "1.0" or self._exponent_set is False)

    def _note_part(self, text: str) -> None:
        """After converting ``text`` (ending in a fraction or an exponent): note whether
        more digits of that part can still change the value.

        A fraction settles once the number has more than 800 significant digits with a
        nonzero one after the 800th: a float's rounding boundaries (midpoints between
        neighbours, the overflow threshold) have at most 767, so no boundary lies between
        the number and any longer one it may grow into (the sticky digit of correct
        rounding). A zero integer part with more than 400 zeros after the point is below
        half the smallest float whatever follows. An exponent settles past 20 significant
        digits: no text this long could bring the value back from infinity or zero.
        """
        if self.state == "1.0":
            whole, _, fraction = text.lstrip("-").partition(".")
            digits = (whole + fraction).lstrip("0")
            settled = len(digits) > 800 and digits[800:].strip("0") != ""
            settled = settled or (not whole.strip("0") and len(fraction) - len(fraction.lstrip("0")) > 400)
        else:
            exponent = text[max(text.rfind("e"), text.rfind("E")) + 1 :].lstrip("+-").lstrip("0")
            self._exponent_set = bool(exponent)
            settled = len(exponent) > 20
        self._settled = self.state if settled else ""

    def _last(self, count: int) -> str:
        """The last ``count`` characters of the number (cost: ``count``, not its length)."""
        out: list[str] = []
        index = len(self.pieces) - 1
        while count > 0:
            piece = self.pieces[index]
            out.append(piece[-count:] if len(piece) >= count else piece)
            count -= len(piece)
            index -= 1
        return "".join(reversed(out))

    def shown_value(self) -> Any:
        """The value shown (MISSING: none), converted when first needed."""
        if self.shown is _STALE:
            self.shown = self._prefix_value(self.shown_length, self.shown_state)
        return self.shown

    def _prefix_value(self, length: int, state: str) -> int | float:
        """The value of the number's first ``length`` characters, a whole number in ``state``."""
        if state in INTEGER_STATES:
            return self._integer(length)
        return to_number("".join(self.pieces)[:length])

    def _integer(self, length: int) -> int:
        """The integer ``text[:length]``, extended from the last one computed."""
        text = "".join(self.pieces)
        negative = text[0] == "-"
        done = self._magnitude_length or int(negative)
        new_digits = text[done:length]
        if new_digits:
            self._magnitude = self._magnitude * 10 ** len(new_digits) + int(to_number(new_digits))
            self._magnitude_length = length
        return -self._magnitude if negative else self._magnitude
