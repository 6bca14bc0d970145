"""The scanner's states and its whole transition table.

Between tokens the scanner is in one of the :class:`State` values below. ``TABLE``
says, for each state, which token may come next and which state it leads to; the
scanner's general path follows it, and a test checks that every shortcut lands in
the state the table names. Two targets depend on the nesting instead of the state:

* ``UP``: after a complete value, ``AFTER_VALUE`` inside a container and ``DONE``
  at the top level (a container's closing bracket completes the container);
* ``NEXT``: after a ``,``, ``VALUE`` in an array and ``KEY`` in an object.

A closing bracket must also match its container (``]`` closes an array only); the
scanner checks that against its stack of open brackets.
"""

from __future__ import annotations

import enum


class State(enum.IntEnum):
    """What may come next (an ``IntEnum``, so that a state indexes a tuple of steps)."""

    VALUE = 0  #: a value: at the top level, after ``:``, or after ``,`` in an array
    FIRST_VALUE = 1  #: a value or ``]``: just after ``[``
    KEY = 2  #: a member's key: after ``,`` in an object
    FIRST_KEY = 3  #: a key or ``}``: just after ``{``
    COLON = 4  #: the ``:`` after a key
    AFTER_VALUE = 5  #: ``,`` or the innermost container's closing bracket
    DONE = 6  #: the top-level value is complete: only blank space may follow


class Token(str, enum.Enum):
    """The tokens the grammar is made of."""

    SCALAR = "a string, number, true, false or null"
    KEY = "a key (a string)"
    OPEN_OBJECT = "{"
    OPEN_ARRAY = "["
    CLOSE_OBJECT = "}"
    CLOSE_ARRAY = "]"
    COMMA = ","
    COLON = ":"


UP = "AFTER_VALUE inside a container, DONE at the top level"
NEXT = "VALUE in an array, KEY in an object"

VALUE, FIRST_VALUE, KEY, FIRST_KEY, COLON, AFTER_VALUE, DONE = State

_OPENERS: dict[Token, State | str] = {Token.SCALAR: UP, Token.OPEN_OBJECT: FIRST_KEY, Token.OPEN_ARRAY: FIRST_VALUE}

#: state -> {token -> next state, ``UP`` or ``NEXT``}; a token missing here is an error.
TABLE: dict[State, dict[Token, State | str]] = {
    VALUE: dict(_OPENERS),
    FIRST_VALUE: {**_OPENERS, Token.CLOSE_ARRAY: UP},
    KEY: {Token.KEY: COLON},
    FIRST_KEY: {Token.KEY: COLON, Token.CLOSE_OBJECT: UP},
    COLON: {Token.COLON: VALUE},
    AFTER_VALUE: {Token.COMMA: NEXT, Token.CLOSE_ARRAY: UP, Token.CLOSE_OBJECT: UP},
    DONE: {},
}


def after(state: State, token: Token, *, depth: int, in_array: bool) -> State | None:
    """The state ``token`` leads to from ``state``, or None if the state does not allow it.

    ``depth``: how many containers are open once the token is read; ``in_array``:
    whether the innermost of them is an array.
    """
    target = TABLE[state].get(token)
    if target is None:
        return None
    if target == UP:
        return AFTER_VALUE if depth else DONE
    if target == NEXT:
        return VALUE if in_array else KEY
    assert isinstance(target, State)
    return target
