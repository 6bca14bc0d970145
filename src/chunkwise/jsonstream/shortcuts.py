"""The shortcuts: the scanner's commonest cases, taken with fewer steps.

:class:`FastScanner` is the :class:`~.scanner.Scanner` with these shortcuts; each
changes only the cost, and a property test shows that every view is the same with
``IncrementalJsonParser(_shortcuts=False)`` (the plain scanner). Where a shortcut
does not apply it hands the text to the general step it stands in for.

* A chunk that only continues the string or key being read, that only adds digits
  to the number being read, or that is blank space between tokens, does not enter
  the state machine.
* The value and key patterns take a whole token in one match and also recognise one
  cut off by the chunk's end; *fused* patterns take a whole object member
  (``"key": scalar,`` or ``"key": {``) or array item (``scalar,`` or ``[``) with the
  separator after it, which proves the scalar complete.
* One match finishes a string or key that an earlier chunk began; when a number ends
  in an array, one match takes the comma and the start of the next number.
* A container that is complete within the chunk is decoded whole by the standard
  library's C scanner and placed at once (``whole_from`` says from which depth the
  views allow that).
* Transitions are set directly instead of looked up in the state table (a test
  checks that they land where the table says).
"""

from __future__ import annotations

import sys
from json.decoder import scanstring as c_scanstring  # type: ignore[attr-defined]
from typing import Any

from chunkwise.jsonstream.errors import Position
from chunkwise.jsonstream.numbers import DIGIT_RUN_STATES, STATE_OF_GROUP, NumberReading, integer_digits, to_number
from chunkwise.jsonstream.scanner import KEY_STRING, NO_TOKEN, NUMBER, STRING, Scanner
from chunkwise.jsonstream.states import AFTER_VALUE, COLON, DONE, FIRST_KEY, FIRST_VALUE, KEY, VALUE
from chunkwise.jsonstream.tokens import (
    FUSED_MIN, G_ARRAY, G_CUT_KEY, G_CUT_NUMBER, G_CUT_STRING, G_END, G_FIRST_LITERAL, G_KEY, G_KEY_COLON, G_KEY_END, G_NUMBER,
    G_OBJECT, G_STRING, LITERAL_VALUES, NAMED_SCALARS, NEXT_NUMBER_MINUS, WHOLE_MIN, WHOLE_TRIES, match_after_value,
    match_colon, match_comma_number,
)


_RECENT_LIMIT = Position.LIMIT


class FastScanner(Scanner):
    """The scanner with the shortcuts of this module."""

    exact_numbers = False

    def __init__(self, *args: Any, whole_from: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lexicon = self.lexicon
        self.match_value = lexicon.value.match
        self.match_key = lexicon.key.match
        self.match_member = lexicon.member.match
        self.match_item = lexicon.item.match
        self.match_string_end = lexicon.string_end.match
        self.match_key_end = lexicon.key_end.match
        self.plain = lexicon.plain
        self.recent = self.position.recent  # the chunks read (see Position)
        # Whole decoding: from depth whole_from, and not so deep that nesting the C
        # decoder accepts could pass max_depth.
        self.whole_from = sys.maxsize if whole_from is None else whole_from
        self.whole_below = sys.maxsize if self.max_depth is None else self.max_depth - sys.getrecursionlimit()
        self.scan_nested = lexicon.scanner_with(self.builder.shared_object)
        # A failed whole-container attempt costs up to the rest of the chunk; containers
        # still open at its end all fail, so a few attempts a chunk bound the waste.
        self.whole_tries = WHOLE_TRIES  # failed attempts left in this chunk

    # ------------------------------------------------------------- chunks

    def feed(self, chunk: str) -> None:
        token = self.token
        if token == NUMBER:
            number = self.number
            if number.state in DIGIT_RUN_STATES and chunk.isdigit() and chunk.isascii():
                self.shift = 0
                number.add_digits(chunk)  # more digits: the state stays as it is
                if number.length > self.int_guard:
                    self.check_number(number, chunk, len(chunk))
                self.builder.number_grew()
            else:
                self.continue_number(chunk)
        elif self.carry:
            super().feed(chunk)  # an escape or literal cut off: the general path
            return
        elif token:
            # Whether the chunk is only characters that stand for themselves (isprintable():
            # no control character, and a cheap test before the exact one).
            if '"' not in chunk and "\\" not in chunk and (
                not self.strict or chunk.isprintable() or self.plain(chunk).end() == len(chunk)
            ):
                if token == STRING:  # the commonest chunk of all: more plain text of a string
                    self.builder.string_grew(chunk)
                else:
                    self.key_pieces.append(chunk)
            else:
                self.shift = 0
                pos = self.continue_string(chunk, token == KEY_STRING)
                if pos >= 0:
                    self.whole_tries = WHOLE_TRIES
                    self.run(chunk, pos)
        elif chunk.strip(" \t\n\r"):  # (else only blank space between tokens)
            self.shift = 0
            self.whole_tries = WHOLE_TRIES  # failed whole-container attempts bound what they waste
            self.run(chunk, 0)
        recent = self.recent
        recent.append(chunk)
        if len(recent) > _RECENT_LIMIT:
            self.position.trim()

    # --------------------------------------------------------------- steps

    def step_value(self, text: str, pos: int) -> int:
        if self.brackets and len(text) - pos >= FUSED_MIN:
            m = self.match_item(text, pos)
            if m is not None:
                opener, raw, char = m.group(1, 2, 3)
                if opener is not None:
                    return self.open(opener, text, m.end() - 1)
                self.builder.scalar(self.raw_value(raw, text, m.start(2)))
                if char == ",":
                    self.state = VALUE if self.brackets[-1] == "]" else KEY
                    return m.end()
                self.state = AFTER_VALUE
                return self.close_container(char, text, m.end() - 1)
        m = self.match_value(text, pos)
        if m is None:
            return super().step_value(text, pos)
        group = m.lastindex or 0  # (every alternative of the pattern is a group)
        if group == G_END:
            return len(text)
        if group == G_STRING:
            value: Any = m.group(G_STRING)
            if "\\" in value:
                value = c_scanstring(text, m.start(G_STRING), self.strict)[0]
        elif group == G_CUT_STRING:
            self.builder.string_started(m.group(G_CUT_STRING))
            self.token = STRING
            return len(text)
        elif group == G_NUMBER:
            value = self.raw_value(m.group(G_NUMBER), text, m.start(G_NUMBER))
        elif group == G_CUT_NUMBER:
            return self.start_number(text, m.start(G_CUT_NUMBER))
        elif group == G_OBJECT or group == G_ARRAY:
            return self.open(m.group(group), text, m.end() - 1)
        else:
            value = LITERAL_VALUES[group - G_FIRST_LITERAL]
        self.builder.scalar(value)
        self.state = AFTER_VALUE if self.brackets else DONE
        return m.end()

    def step_key(self, text: str, pos: int) -> int:
        if len(text) - pos >= FUSED_MIN:
            m = self.match_member(text, pos)
            if m is not None:
                key, opener, raw, char = m.group(1, 2, 3, 4)
                self.builder.key(c_scanstring(text, m.start(1), self.strict)[0] if "\\" in key else key)
                self.state = VALUE  # (for the path of an error in the value)
                if opener is not None:
                    return self.open(opener, text, m.end() - 1)
                self.builder.scalar(self.raw_value(raw, text, m.start(3)))
                if char == ",":
                    self.state = KEY
                    return m.end()
                self.state = AFTER_VALUE
                return self.close_container(char, text, m.end() - 1)
        m = self.match_key(text, pos)
        if m is None:
            return super().step_key(text, pos)
        key = m.group(G_KEY)
        if key is None:
            if m.lastindex == G_KEY_END:
                return len(text)
            body = m.group(G_CUT_KEY)  # a key cut off by the end of the text
            self.key_pieces = [body] if body else []
            self.token = KEY_STRING
            return len(text)
        self.builder.key(c_scanstring(text, m.start(G_KEY), self.strict)[0] if "\\" in key else key)
        self.state = VALUE if m.group(G_KEY_COLON) else COLON
        return m.end()

    def step_colon(self, text: str, pos: int) -> int:
        m = match_colon(text, pos)
        if m is None:
            return super().step_colon(text, pos)
        self.state = VALUE
        return m.end()

    def step_after_value(self, text: str, pos: int) -> int:
        m = match_after_value(text, pos)
        if m is None:
            return super().step_after_value(text, pos)
        char = m.group(1)
        if char is None:  # the end of the text
            return m.end()
        if char == ",":
            self.state = VALUE if self.brackets[-1] == "]" else KEY
            return m.end()
        return self.close_container(char, text, m.end() - 1)

    # ---------------------------------------------------------- containers

    def open(self, char: str, text: str, pos: int) -> int:
        """Open a container, or with enough text ahead place it whole if it is complete here."""
        depth = len(self.brackets)
        if self.whole_tries and len(text) - pos >= WHOLE_MIN and self.whole_from <= depth < self.whole_below:
            try:
                # The top-level value decoded in one call shares its keys as json.loads
                # does; a nested one shares them with the rest of the document.
                value, end = (self.scan_nested(text, pos) if depth else self.lexicon.scan_whole(text, pos))
            except (ValueError, StopIteration, RecursionError):
                self.whole_tries -= 1  # cut off, invalid or too deep for C: parse it step by step
            else:
                self.builder.whole(value)
                self.state = AFTER_VALUE if depth else DONE
                return int(end)
        if self.max_depth is not None and depth >= self.max_depth:
            return super().open(char, text, pos)  # the general path reports it
        if char == "{":
            self.builder.open(False)
            self.brackets.append("}")
            self.state = FIRST_KEY
        else:
            self.builder.open(True)
            self.brackets.append("]")
            self.state = FIRST_VALUE
        return pos + 1

    def close_container(self, char: str, text: str, pos: int) -> int:
        brackets = self.brackets
        if char != brackets[-1]:
            return super().close_container(char, text, pos)  # the general path reports it
        brackets.pop()
        self.builder.close()
        self.state = AFTER_VALUE if brackets else DONE
        return pos + 1

    # -------------------------------------------------------------- scalars

    def raw_value(self, raw: str, text: str, start: int) -> Any:
        """The value of a complete scalar matched at ``text[start:]`` as ``raw``."""
        if raw[0] == '"':
            return raw[1:-1] if "\\" not in raw else c_scanstring(text, start + 1, self.strict)[0]
        if raw[-1] not in "0123456789":  # a number ends in a digit, a literal in a letter
            return NAMED_SCALARS[raw]
        if len(raw) > self.int_guard:
            self.check_integer(integer_digits(raw), text, start + raw.startswith("-"))
        if len(raw) < 20 and "." not in raw and "e" not in raw and "E" not in raw:
            return int(raw)  # the common case, without to_number's checks
        return to_number(raw)

    def continue_string(self, text: str, is_key: bool) -> int:
        m = (self.match_key_end if is_key else self.match_string_end)(text)
        if m is None:  # it goes on past this chunk, or is invalid: scan it step by step
            return super().continue_string(text, is_key)
        rest = m.group(1)
        if "\\" in rest:
            rest = c_scanstring(text, 0, self.strict)[0]
        self.token = NO_TOKEN
        if is_key:
            self.key_pieces.append(rest)
            self.builder.key("".join(self.key_pieces))
            self.state = VALUE if m.group(2) else COLON
        else:
            self.builder.string_ended(rest)
            self.state = AFTER_VALUE if self.brackets else DONE
        return m.end()

    def end_number(self) -> None:
        self.token = NO_TOKEN
        self.builder.number_ended()
        self.state = AFTER_VALUE if self.brackets else DONE

    def after_number(self, chunk: str, end: int) -> None:
        if self.state is AFTER_VALUE and self.brackets[-1] == "]":
            # The commonest end of a number in an array: a comma, then the next number
            # up to the chunk's end (or nothing), taken in one match.
            m = match_comma_number(chunk, end)
            last = 0 if m is None else m.lastindex or 0
            if m is not None and last != NEXT_NUMBER_MINUS:
                self.state = VALUE
                if last == 1:
                    return
                digits = chunk[m.end(1) :]
                if len(digits) > self.int_guard:
                    self.check_integer(integer_digits(digits), chunk, m.end(1) + digits.startswith("-"))
                self.number = NumberReading(digits, STATE_OF_GROUP[last - 1], exact=False)
                self.token = NUMBER
                self.builder.number_started(self.number)
                return
        self.run(chunk, end)

