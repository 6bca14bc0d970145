"""Numbers that may arrive in pieces.

A number split across chunks is kept as its text pieces plus a *state*: a short
stand-in text that the rest of the number may legally follow exactly as it may
follow the real text (``"1"`` stands for ``-123``, ``"1.0"`` for ``3.14``). Checking a
new chunk then costs one regex match over the stand-in plus the new characters, not
over the whole number, so a number of any length is read in linear time.
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

#: States in which the number is complete (it may still grow).
COMPLETE_STATES = frozenset({"0", "1", "1.0", "1e0"})
#: States of an integer: more digits always change its value.
INTEGER_STATES = frozenset({"0", "1"})
#: States that a run of digits continues without changing them.
DIGIT_RUN_STATES = frozenset({"1", "1.0", "1e0"})
#: Numbers this long (sign and point included) have at most 15 digits, which any
#: float keeps exactly: distinct such decimals are distinct floats.
_EXACT_FLOAT_LENGTH = 15
#: The number shown grew and its value is not computed yet (see NumberReading.show).
_STALE: Any = object()

#: How many trailing characters to drop so that the rest is a complete number
#: (``1.`` shows 1, ``1.5e`` shows 1.5, ``1e-`` shows 1); None: nothing shows.
_UNFINISHED_TAIL = {"0": 0, "1": 0, "1.0": 0, "1e0": 0, "1.": 1, "1e": 1, "1e+": 2, "-": None}


def to_number(text: str) -> int | float:
    """Convert complete number text as ``json.loads`` does, without its digit limit.

    ``json.loads`` raises ``ValueError`` on integers longer than Python's
    int-string conversion limit (4300 digits by default); ``decimal`` has no
    such limit, so huge integers still parse.
    """
    if "." in text or "e" in text or "E" in text:
        return float(text)
    try:
        return int(text)
    except ValueError:
        return int(decimal.Decimal(text))


class NumberReading:
    """A number read across chunks: its text in pieces, its state, and what it shows."""

    __slots__ = ("pieces", "length", "state", "shown_length", "shown_state", "shown")

    def __init__(self, digits: str, state: str) -> None:
        self.pieces = [digits]
        self.length = len(digits)
        self.state = state  # see the module docstring
        self.shown_length = -1  # characters shown (-1: none)
        self.shown_state = ""  # the state when last shown
        self.shown: Any = MISSING  # the value shown; _STALE: not computed yet

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

    @property
    def complete(self) -> bool:
        """Whether the text so far is a whole number (it may still grow)."""
        return self.state in COMPLETE_STATES

    def value(self) -> int | float:
        """The value of the complete number."""
        return to_number("".join(self.pieces))

    def show(self) -> bool:
        """Update what the number shows (its longest complete prefix); return whether that changed.

        The first value shown and more digits of an integer are always a change, and
        so are fraction digits with a non-zero among them while the number is short
        enough to be its own float; the value is then converted only when read.
        Otherwise the new value is compared with the shown one (``1.5`` → ``1.50``
        and ``1e5`` → ``1e50`` may not move).
        """
        state = self.state
        drop = _UNFINISHED_TAIL[state]
        if drop is None:
            return False
        length = self.length - drop
        before_length = self.shown_length
        if length == before_length:
            return False
        before, before_state = self.shown, self.shown_state
        self.shown_length, self.shown_state = length, state
        if before is MISSING or state in INTEGER_STATES:
            self.shown = _STALE
            return True
        if state == "1.0" and before_state == "1.0" and length <= _EXACT_FLOAT_LENGTH:
            self.shown = _STALE
            return self.pieces[-1].strip("0") != ""
        text = "".join(self.pieces)
        now = self.shown = to_number(text[:length])
        if before is _STALE:
            before = to_number(text[:before_length])
        return type(now) is not type(before) or now != before

    def shown_value(self) -> Any:
        """The value shown (MISSING: none), converted when first needed."""
        if self.shown is _STALE:
            self.shown = to_number("".join(self.pieces)[: self.shown_length])
        return self.shown
