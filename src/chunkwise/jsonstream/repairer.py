"""The streaming repairer: near-JSON in, JSON out, in front of the strict engine.

A small state machine of its own reads each chunk once and hands the engine JSON
text (through :class:`~.repair_output.RepairedOutput`, which maps the engine's error
positions back to the text as it came). It mirrors the grammar only as far as its
repairs need: which container is open, and whether a key, a colon, a value or a
separator comes next. Every repair is decided from the text read so far plus a
bounded lookahead, and is recorded (:class:`~.repairs.RepairRecord`):

* a comma is held back until the next token shows whether it was a trailing one;
* a bare word is held back until it ends (it never shows while partial), except
  that a word which is already a literal (``true``, ``None``…) at the end of a
  chunk is handed on at once, so a word that goes on after it is refused;
* a ``-`` is held until the next character tells ``-Infinity`` from a number.

What it does not repair it hands on unchanged, so that the engine reports the
error where it is; nothing it hands on retracts anything shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import cast

from chunkwise.jsonstream.errors import IncompleteJsonError, JsonStreamError, Position
from chunkwise.jsonstream.numbers import AlwaysMatch
from chunkwise.jsonstream.repair_scalars import ScalarSteps
from chunkwise.jsonstream.repair_state import (
    AFTER, BLOCK_COMMENT, COLON, FIRST_KEY, FIRST_VALUE, KEY, LINE_COMMENT, NUMBER, OUT, SLASH, STRING,
    VALUE, WORD, WRAPPER,
)
from chunkwise.jsonstream.repairs import Repair
from chunkwise.jsonstream.scanner import Scanner

_CLOSER = {"{": "}", "[": "]"}
#: Comment text kept in a record (a longer comment is shortened).
COMMENT_TEXT = 200

_TOKEN = cast(AlwaysMatch, re.compile(
    r"""([ \t\r\n]+)|(["'\u201c\u2018])|([{\[])|([}\]])|(,)|(:)|([-+.0-9])|([^\W\d]|\$)|(/)|(\#)|(.)""", re.S
).match)
#: A separator with blank space around it, and a string's opening quote or something that
#: is not blank space, a comment or a bracket after it (group 1: the separator, group 2: the quote).
_SEPARATOR_QUOTE = re.compile(r'[ \t\r\n]*([,:])[ \t\r\n]*(?:(")|(?=[^ \t\r\n/#\]}]))').match
_BLANK = re.compile(r"[ \t\r\n]+\Z").match
_SPACE = cast(AlwaysMatch, re.compile(r"[ \t\r\n]*").match)


class Repairer(ScalarSteps):
    """Repairs the text of one stream and feeds it to ``scanner``; see the module docstring."""

    def __init__(self, scanner: Scanner, repairs: Repair, *, lenient_input: bool, trailing: str) -> None:
        super().__init__(scanner, repairs, lenient_input=lenient_input, trailing=trailing)
        self.steps: tuple[Callable[[str, int], int], ...] = (
            self.step_out, self.step_string, self.step_number, self.step_word,
            self.step_line_comment, self.step_block_comment, self.step_slash, self.step_trailing,
        )
        self.handlers: tuple[Callable[[str, int, int], int], ...] = (
            self.invalid_token, self.space, self.quote_token, self.open, self.close_token, self.comma,
            self.colon, self.number, self.word_token, self.slash, self.hash, self.invalid_token,
        )

    def feed(self, chunk: str) -> None:
        """Repair the next (non-empty) chunk and feed it on."""
        output = self.output
        recent = output.origin.recent
        recent.append(chunk)
        if len(recent) > Position.LIMIT:
            output.origin.trim()
        base = self.base = self.in_len
        n = len(chunk)
        self.in_len = base + n
        if output.next_in == base and not self.held:  # the commonest chunks, handed on as they came:
            mode = self.mode
            if mode == STRING and self.escape_at < 0 and not self.lenient_input and self.plain(chunk).end() == n:
                pass  # more of a string
            elif mode == OUT and _BLANK(chunk):  # blank space
                self.count_lines(chunk, 0, n)
            else:
                mode = -1
            if mode >= 0:
                output.out_len += n
                output.next_in = base + n
                try:
                    self.engine_feed(chunk)
                except JsonStreamError as error:
                    raise output.translate(error) from None
                return
        self.read(chunk)

    def read(self, chunk: str) -> None:
        """The general path: read ``chunk`` (at input offset ``self.base``) token by token."""
        output = self.output
        output.start(chunk, self.base)
        steps = self.steps
        pos = 0
        n = len(chunk)
        while pos < n:
            pos = steps[self.mode](chunk, pos)
        output.flush()

    def close(self) -> None:
        """The input ended: finish what is held, then let the engine say whether the value is complete."""
        self.base = self.in_len
        self.output.start("", self.in_len)
        mode = self.mode
        if mode == NUMBER:
            self.end_number(self.in_len)
        elif mode == WORD:
            self.finish_word(closing=True)
        elif mode == LINE_COMMENT:
            self.end_comment()
        elif mode == BLOCK_COMMENT:
            raise self.error(IncompleteJsonError, "The text ended inside a /* comment */", "", 0)
        elif mode == SLASH:
            self.not_a_comment()
        elif mode == STRING and self.escape_at >= 0:
            self.output.verbatim("\\", self.escape_at)
        if self.held and self.stack == [WRAPPER]:
            self.drop_trailing_comma()
        self.release_held()
        if self.stack == [WRAPPER] and self.expect == AFTER:
            self.output.synth("]", self.in_len)
            self.stack.pop()
        self.output.flush()
        try:
            self.scanner.close()
        except JsonStreamError as error:  # at the end of the output: at the end of the input
            output = self.output
            at = self.in_len if error.pos >= output.out_len else output.input_offset(error.pos)
            raise output.error_at(type(error), error.msg, at, error.path) from None

    def step_out(self, text: str, pos: int) -> int:
        expect = self.expect
        if expect == AFTER or expect == COLON:  # the commonest: ', "' or ': "' on one line
            m = _SEPARATOR_QUOTE(text, pos)
            if m is not None and (expect == COLON) == (m.group(1) == ":") and self.stack[-1] != WRAPPER:
                if expect == AFTER and self.hold_commas and text[m.end() - 1] != '"':
                    pass  # a comma before a bracket or a comment: the general path
                else:
                    return self.separator(m, pos)
        m = _TOKEN(text, pos)
        return self.handlers[m.lastindex or 0](text, pos, m.end())

    def separator(self, m: re.Match[str], pos: int) -> int:
        """A ``,`` or ``:`` (and the blank space around it), then maybe a string's opening quote."""
        end = m.end()
        self.count_lines(m.string, pos, end)
        self.newline = False
        self.expect = VALUE if m.group(1) == ":" or self.stack[-1] == "[" else KEY
        if text_quote := m.group(2):
            self.is_key = self.expect == KEY
            self.quote = text_quote
            self.plain = self.plain_double
            self.mode = STRING
        self.output.keep(pos, end)
        return end

    def space(self, text: str, start: int, end: int) -> int:
        self.count_lines(text, start, end)
        if self.held:
            self.held.append((text[start:end], self.base + start))
        else:
            self.output.keep(start, end)
        return end

    def open(self, text: str, start: int, end: int) -> int:
        if not self.prepare(text, start, key=False):
            return self.invalid(text, start)
        char = text[start]
        self.output.keep(start, end)
        self.stack.append(char)
        self.expect = FIRST_KEY if char == "{" else FIRST_VALUE
        return end

    def close_token(self, text: str, start: int, end: int) -> int:
        char = text[start]
        if self.held:
            self.drop_trailing_comma()
        expect = self.expect
        stack = self.stack
        if stack and _CLOSER.get(stack[-1]) == char and (
            expect == AFTER or expect == (FIRST_KEY if char == "}" else FIRST_VALUE)
        ):
            self.output.keep(start, end)
            stack.pop()
            self.after_value()
            return end
        if stack and stack[-1] == WRAPPER:
            raise self.fail(f"Mismatched {char!r}", self.base + start)
        return self.invalid(text, start)

    def comma(self, text: str, start: int, end: int) -> int:
        if self.expect != AFTER or self.held:
            return self.invalid(text, start)
        self.expect = KEY if self.stack[-1] == "{" else VALUE
        self.newline = False
        if self.hold_commas:
            after = _SPACE(text, end).end()
            if after == len(text) or text[after] in "]}/#":  # it may be a trailing comma: hold it
                at = self.base + start
                self.held.append((",", at))
                self.comma_where = self.where(at)
                return end
        self.output.keep(start, end)
        return end

    def colon(self, text: str, start: int, end: int) -> int:
        if self.expect != COLON:
            return self.invalid(text, start)
        self.output.keep(start, end)
        self.expect = VALUE
        return end

    def invalid_token(self, text: str, start: int, end: int) -> int:
        return self.invalid(text, start)

    def step_trailing(self, text: str, pos: int) -> int:
        """After the value, with ``trailing="ignore"``: what follows is not read, only handed on."""
        self.output.keep(pos, len(text))
        return len(text)

    def slash(self, text: str, start: int, end: int) -> int:
        if not self.repairs & Repair.COMMENT:
            return self.invalid(text, start)
        if end == len(text):
            self.slash_at = self.base + start
            self.mode = SLASH
            return end
        if text[end] not in "/*":
            return self.invalid(text, start)
        self.comment_where = self.where(self.base + start)
        return self.begin_comment("/" + text[end], end + 1)

    def step_slash(self, text: str, pos: int) -> int:
        """The character after a ``/`` that ended the previous chunk."""
        self.mode = OUT
        if text[pos] not in "/*":
            self.not_a_comment()
            return pos
        self.comment_where = self.where(self.slash_at)
        return self.begin_comment("/" + text[pos], pos + 1)

    def not_a_comment(self) -> None:
        """The ``/`` that ended the previous chunk starts no comment: as :meth:`invalid` says."""
        if self.ends_values(self.slash_at):
            self.output.verbatim("/", self.slash_at)  # ignored text after the values
            return
        self.release_held()
        self.output.verbatim("/", self.slash_at)
        self.output.flush()
        raise self.fail("Unexpected '/'", self.slash_at)

    def hash(self, text: str, start: int, end: int) -> int:
        if not self.repairs & Repair.COMMENT:
            return self.invalid(text, start)
        self.comment_where = self.where(self.base + start)
        return self.begin_comment("#", end)

    def begin_comment(self, opener: str, pos: int) -> int:
        self.comment = [opener]
        self.comment_len = len(opener)
        self.star = False
        self.mode = BLOCK_COMMENT if opener == "/*" else LINE_COMMENT
        return pos

    def keep_comment(self, text: str) -> None:
        if self.comment_len < COMMENT_TEXT:
            self.comment.append(text[: COMMENT_TEXT - self.comment_len])
        self.comment_len += len(text)

    def step_line_comment(self, text: str, pos: int) -> int:
        end = text.find("\n", pos)
        if end < 0:
            self.keep_comment(text[pos:])
            return len(text)
        self.keep_comment(text[pos:end])
        self.end_comment()
        return end  # the newline is blank space

    def step_block_comment(self, text: str, pos: int) -> int:
        if self.star and text[pos] == "/":
            self.keep_comment("/")
            self.end_comment()
            return pos + 1
        end = text.find("*/", pos)
        stop = len(text) if end < 0 else end + 2
        self.keep_comment(text[pos:stop])
        self.count_lines(text, pos, stop)
        if end < 0:
            self.star = text.endswith("*")
            return stop
        self.end_comment()
        return stop

    def end_comment(self) -> None:
        self.mode = OUT
        text = "".join(self.comment)
        if self.comment_len > COMMENT_TEXT:
            text += "…"
        self.record(Repair.COMMENT, self.comment_where, text, "")
