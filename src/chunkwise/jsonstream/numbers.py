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
from typing import cast

#: The ``match`` method of a pattern that also matches the empty string: it never
#: returns None, and saying so once here spares a check at every call.
AlwaysMatch = Callable[..., "re.Match[str]"]

#: Characters that can continue a number; a run of them ends at the number's end.
match_number_chars = cast(AlwaysMatch, re.compile(r"[0-9.eE+\-]*").match)

#: The longest prefix of a text that is a prefix of some RFC 8259 number. Its
#: capturing groups are the number's parts in order, so the last one that took
#: part (``lastindex``) names the state the number is in: see ``STATE_OF_GROUP``.
match_number_prefix = cast(
    AlwaysMatch,
    re.compile(
        r"(-)?(?:(?:(0)|([1-9][0-9]*))"
        r"(?:(\.)(?:([0-9]+)(?:([eE])([+\-])?([0-9]+)?)?)?|([eE])([+\-])?([0-9]+)?)?)?"
    ).match,
)
#: The state after each group of ``match_number_prefix``, indexed by ``lastindex``.
STATE_OF_GROUP = ("", "-", "0", "1", "1.", "1.0", "1e", "1e+", "1e0", "1e", "1e+", "1e0")

#: States in which the number is complete (it may still grow).
COMPLETE_STATES = frozenset({"0", "1", "1.0", "1e0"})
#: States of an integer: more digits always change its value.
INTEGER_STATES = frozenset({"0", "1"})

#: How many trailing characters to drop so that the rest is a complete number
#: (``1.`` shows 1, ``1.5e`` shows 1.5, ``1e-`` shows 1); None: nothing shows.
_UNFINISHED_TAIL = {"0": 0, "1": 0, "1.0": 0, "1e0": 0, "1.": 1, "1e": 1, "1e+": 2, "-": None}


def visible_length(text_length: int, state: str) -> int:
    """Length of the longest prefix that is a complete number; -1 if there is none."""
    drop = _UNFINISHED_TAIL[state]
    return -1 if drop is None else text_length - drop


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
