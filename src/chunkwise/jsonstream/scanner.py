"""The scanner: lexing and the state machine, chunk by chunk (the general path).

The scanner reads each chunk once, from where the previous one stopped, following
the state table of :mod:`.states`, and tells the :class:`~.builder.TreeBuilder` what
it read. It owns only what the grammar needs: the state, the stack of open brackets,
the token cut off by the end of the previous chunk, and the position for errors.

A token cut off by the end of a chunk keeps a small state of its own: a string or
key is continued by :func:`.scan_string` (its decoded text so far lives with the
builder, or here for a key, which never shows while partial), a number by its
:class:`~.numbers.NumberReading`, and an unfinished escape or literal (a few
characters at most) is *carried* and read again in front of the next chunk.

This module is the reference path: every token goes through the state table. The
shortcuts of :mod:`.shortcuts` take the commonest cases faster and must change
nothing that any view shows.
"""

from __future__ import annotations

import os
import sys
from typing import Literal

from chunkwise.jsonstream.builder import TreeBuilder, Where
from chunkwise.jsonstream.errors import IncompleteJsonError, JsonStreamError, Position
from chunkwise.jsonstream.numbers import NUMBER_CHARS, STATE_OF_GROUP, NumberReading, integer_digits, match_number_prefix, to_number
from chunkwise.jsonstream.states import AFTER_VALUE, COLON, DONE, FIRST_KEY, FIRST_VALUE, KEY, VALUE, State, Token, after
from chunkwise.jsonstream.strings import StringSyntaxError, scan_string
from chunkwise.jsonstream.tokens import NAMED_SCALARS, Lexicon, skip_space

# The token being read across chunks.
NO_TOKEN = 0
STRING = 1
KEY_STRING = 2
NUMBER = 3

_CLOSERS = {"}": Token.CLOSE_OBJECT, "]": Token.CLOSE_ARRAY}
_WHERE = {
    VALUE: Where.INSIDE, FIRST_VALUE: Where.INSIDE, KEY: Where.BEFORE, FIRST_KEY: Where.BEFORE,
    COLON: Where.INSIDE, AFTER_VALUE: Where.AFTER, DONE: Where.AFTER,
}


class Scanner:
    """Reads the chunks of one JSON text and drives a :class:`TreeBuilder`."""

    #: Whether a number always converts itself to tell whether it changed (see NumberReading).
    exact_numbers = True

    def __init__(
        self,
        builder: TreeBuilder,
        lexicon: Lexicon,
        *,
        strict: bool,
        trailing: Literal["error", "ignore"],
        max_depth: int | None,
        max_int_digits: int | None,
    ) -> None:
        self.builder = builder
        self.lexicon = lexicon
        self.strict = strict
        self.trailing = trailing
        self.max_depth = max_depth
        self.max_int_digits = max_int_digits
        self.int_guard = sys.maxsize if max_int_digits is None else max_int_digits  # numbers this long are checked
        self.state = VALUE
        self.brackets: list[str] = []  # the closing bracket of each open container
        self.token = NO_TOKEN  # the token the previous chunk ended in
        self.key_pieces: list[str] = []  # the decoded text of the key being read
        self.number = NumberReading("0", "0", exact=True)  # the number being read, while token is NUMBER
        self.carry = ""  # an unfinished escape or literal, read again with the next chunk
        self.position = Position()
        self.shift = 0  # characters of carried text in front of the text being read
        #: The step for each state: reads one token (or blank space) at ``text[pos]``.
        self.steps = (
            self.step_value, self.step_value, self.step_key, self.step_key,
            self.step_colon, self.step_after_value, self.step_done,
        )

    # ------------------------------------------------------------- chunks

    def feed(self, chunk: str) -> None:
        """Read the next (non-empty) chunk; raises :class:`JsonStreamError` on invalid text."""
        token = self.token
        if token == NUMBER:
            self.continue_number(chunk)
        else:
            text = self.carry + chunk if self.carry else chunk
            self.shift = len(text) - len(chunk)
            self.carry = ""
            pos = self.continue_string(text, token == KEY_STRING) if token else 0
            if pos >= 0:
                self.run(text, pos)
        recent = self.position.recent  # the chunks read, for the positions of later errors
        recent.append(chunk)
        if len(recent) > Position.LIMIT:
            self.position.trim()

    def close(self) -> None:
        """The input ended: finish a top-level number, or say why the text is cut off.

        A number inside a container is not finished: cut off there, it may have been
        longer (``[1, 25`` cut to ``[1, 2``), so it must not show as a complete item.
        """
        if self.token == NUMBER and not self.brackets:
            if not self.number.complete:
                raise self.error(IncompleteJsonError, "The text ended inside a number", "", 0)
            self.end_number()
        if self.state is not DONE:
            raise self.error(IncompleteJsonError, self.cut_off_reason(), "", 0)

    def run(self, text: str, pos: int) -> None:
        """The state machine over ``text[pos:]``, one token per step."""
        steps = self.steps
        n = len(text)
        while pos < n:
            pos = steps[self.state](text, pos)

    # --------------------------------------------------------------- steps

    def step_value(self, text: str, pos: int) -> int:
        pos = skip_space(text, pos).end()
        if pos == len(text):
            return pos
        char = text[pos]
        if char == '"':
            return self.start_string(text, pos)
        if char == "{" or char == "[":
            return self.open(char, text, pos)
        if char == "]" and self.state is FIRST_VALUE:
            return self.close_container(char, text, pos)
        if char in "-0123456789" and not (char == "-" and text.startswith("-I", pos) and not self.strict):
            return self.start_number(text, pos)
        return self.literal(text, pos)

    def step_key(self, text: str, pos: int) -> int:
        pos = skip_space(text, pos).end()
        if pos == len(text):
            return pos
        char = text[pos]
        if char == '"':
            pieces: list[str] = []
            end, closed = self.scan(text, pos + 1, pieces)
            if not closed:
                self.key_pieces = pieces
                self.token = KEY_STRING
                return end
            self.builder.key("".join(pieces))
            self.state = COLON
            return end
        if char == "}" and self.state is FIRST_KEY:
            return self.close_container(char, text, pos)
        raise self.fail("Expecting property name enclosed in double quotes", text, pos)

    def step_colon(self, text: str, pos: int) -> int:
        pos = skip_space(text, pos).end()
        if pos == len(text):
            return pos
        if text[pos] != ":":
            raise self.fail("Expecting ':' delimiter", text, pos)
        self.state = VALUE
        return pos + 1

    def step_after_value(self, text: str, pos: int) -> int:
        pos = skip_space(text, pos).end()
        if pos == len(text):
            return pos
        char = text[pos]
        if char == ",":
            self.move(Token.COMMA)
            return pos + 1
        if char in _CLOSERS:
            return self.close_container(char, text, pos)
        raise self.fail(f"Expecting ',' delimiter or {self.brackets[-1]!r}", text, pos)

    def step_done(self, text: str, pos: int) -> int:
        pos = skip_space(text, pos).end()
        if pos < len(text) and self.trailing == "error":
            raise self.fail("Extra data after the JSON value", text, pos)
        return len(text)  # with trailing="ignore" the rest is not ours to read

    def move(self, token: Token) -> None:
        """Go where the state table says ``token`` leads."""
        brackets = self.brackets
        state = after(self.state, token, depth=len(brackets), in_array=bool(brackets) and brackets[-1] == "]")
        assert state is not None, (self.state, token)  # the steps read only tokens the state allows
        self.state = state

    # ---------------------------------------------------------- containers

    def open(self, char: str, text: str, pos: int) -> int:
        """Open the container whose bracket is ``text[pos]``."""
        if self.max_depth is not None and len(self.brackets) >= self.max_depth:
            raise self.fail(f"Nesting deeper than max_depth={self.max_depth}", text, pos)
        if char == "{":
            self.builder.open(False)
            self.move(Token.OPEN_OBJECT)
            self.brackets.append("}")
        else:
            self.builder.open(True)
            self.move(Token.OPEN_ARRAY)
            self.brackets.append("]")
        return pos + 1

    def close_container(self, char: str, text: str, pos: int) -> int:
        """Close the innermost container with ``text[pos]``, which must match it."""
        if char != self.brackets[-1]:
            raise self.fail(f"Mismatched {char!r}", text, pos)
        self.brackets.pop()
        self.builder.close()
        self.move(_CLOSERS[char])
        return pos + 1

    # -------------------------------------------------------------- scalars

    def scan(self, text: str, pos: int, pieces: list[str]) -> tuple[int, bool]:
        """A string body from ``text[pos]`` into ``pieces``: ``(end, closed)``; see :func:`scan_string`.

        When the text ends first, the unfinished escape at its end is carried over.
        """
        try:
            end, closed = scan_string(text, pos, pieces, self.lexicon.plain)
        except StringSyntaxError as error:
            raise self.fail(error.message, text, error.index) from None
        if closed:
            return end, True
        self.carry = text[end:]
        return len(text), False

    def start_string(self, text: str, quote: int) -> int:
        pieces: list[str] = []
        end, closed = self.scan(text, quote + 1, pieces)
        if closed:
            self.builder.scalar("".join(pieces))
            self.move(Token.SCALAR)
        else:
            self.builder.string_started("".join(pieces))
            self.token = STRING
        return end

    def continue_string(self, text: str, is_key: bool) -> int:
        """Continue the string or key the previous chunk ended in: where it ends, or -1."""
        pieces: list[str] = []
        end, closed = self.scan(text, 0, pieces)
        decoded = "".join(pieces)
        if is_key:
            self.key_pieces.append(decoded)
            if closed:
                self.token = NO_TOKEN
                self.builder.key("".join(self.key_pieces))
                self.state = COLON
        elif closed:
            self.token = NO_TOKEN
            self.builder.string_ended(decoded)
            self.move(Token.SCALAR)
        elif decoded:
            self.builder.string_grew(decoded)
        return end if closed else -1

    def start_number(self, text: str, start: int) -> int:
        """Read a number: complete in the chunk, or running to its end (kept for the next one)."""
        m = match_number_prefix(text, start)
        end = m.end()
        digits = text[start:end]
        if len(digits) > self.int_guard:  # (first: a digit too many comes before the invalid character)
            self.check_integer(integer_digits(digits), text, start + digits.startswith("-"))
        if end < len(text) and text[end] in NUMBER_CHARS:
            raise self.fail("Invalid number", text, end)
        state = STATE_OF_GROUP[m.lastindex or 0]
        if end < len(text):
            if state not in ("0", "1", "1.0", "1e0"):
                raise self.fail("Expecting digit", text, end)
            self.builder.scalar(to_number(digits))
            self.move(Token.SCALAR)
            return end
        if digits == "-":  # may start -Infinity (lenient) or a number: read it again with the next chunk
            self.carry = digits
            return end
        self.number = NumberReading(digits, state, exact=self.exact_numbers)
        self.token = NUMBER
        self.builder.number_started(self.number)
        return end

    def continue_number(self, chunk: str) -> None:
        """A chunk while a number is being read: more of it, then whatever follows it."""
        self.shift = 0
        number = self.number
        end = number.take(chunk)
        if number.length > self.int_guard:
            self.check_number(number, chunk, end)
        if end == len(chunk):
            self.builder.number_grew()
            return
        if chunk[end] in NUMBER_CHARS:
            raise self.error(JsonStreamError, "Invalid number", chunk, end)
        if not number.complete:
            raise self.error(JsonStreamError, "Expecting digit", chunk, end)
        self.end_number()  # (what it shows now is compared with what it showed: no number_grew)
        self.after_number(chunk, end)

    def after_number(self, chunk: str, end: int) -> None:
        """Read what follows a number that ended at ``chunk[end]``."""
        self.run(chunk, end)

    def end_number(self) -> None:
        self.token = NO_TOKEN
        self.builder.number_ended()
        self.move(Token.SCALAR)

    def check_integer(self, digits: int, text: str, first_digit: int) -> None:
        """Fail if an integer part has more than ``max_int_digits`` digits.

        ``first_digit``: the index in ``text`` of the integer part's first digit (negative
        when it began in an earlier chunk), so the error names the first digit too many.
        """
        limit = self.max_int_digits
        if limit is not None and digits > limit:
            raise self.fail(f"Integer part longer than max_int_digits={limit} digits", text, first_digit + limit)

    def check_number(self, number: NumberReading, chunk: str, added: int) -> None:
        """``check_integer`` for the number being read, whose last ``added`` characters begin ``chunk``."""
        first_digit = added - number.length + number.pieces[0].startswith("-")
        self.check_integer(number.integer_digits(), chunk, first_digit)

    def literal(self, text: str, start: int) -> int:
        """``true``, ``false``, ``null`` (and the lenient names) at ``text[start]``, or an error."""
        literals = self.lexicon.literals
        for name in literals:
            if text.startswith(name, start):
                self.builder.scalar(NAMED_SCALARS[name])
                self.move(Token.SCALAR)
                return start + len(name)
        rest = text[start:]
        if any(name.startswith(rest) for name in literals):
            self.carry = rest  # cut off by the end of the chunk
            return len(text)
        longest = max(len(os.path.commonprefix([rest, name])) for name in literals)
        raise self.fail("Expecting value", text, start + longest)

    # --------------------------------------------------------------- errors

    def path(self) -> str:
        """JSON Pointer of the value being written (``""`` for the top level)."""
        return self.builder.path(_WHERE[self.state])

    def error(self, cls: type[JsonStreamError], msg: str, chunk: str, index: int) -> JsonStreamError:
        """An error at ``chunk[index]``, ``chunk`` being the chunk being read."""
        return self.position.error(cls, msg, chunk, index, self.path())

    def fail(self, msg: str, text: str, index: int) -> JsonStreamError:
        """An error at ``text[index]``, ``text`` being the carried text and the chunk."""
        return self.error(JsonStreamError, msg, text[self.shift :], index - self.shift)

    def cut_off_reason(self) -> str:
        if self.token in (STRING, KEY_STRING):
            return "Unterminated string: the text ended inside it"
        if self.token == NUMBER:
            return f"The text ended inside a number, before the JSON value did (still open: {self.closers()})"
        if self.carry:
            return f"Unfinished token {self.carry!r}: the text ended inside it"
        if not self.brackets:
            return "Expecting value: the text holds no JSON value"
        return f"The text ended before the JSON value did (still open: {self.closers()})"

    def closers(self) -> str:
        """The brackets that would close the containers still open (the last 20 of them)."""
        closers = "".join(reversed(self.brackets[-20:]))
        if len(self.brackets) > 20:
            closers += f"… ({len(self.brackets)} containers)"
        return closers

