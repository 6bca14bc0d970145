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

import json
import re
from collections.abc import Callable
from typing import cast

from chunkwise.jsonstream.errors import IncompleteJsonError, JsonStreamError, Position
from chunkwise.jsonstream.numbers import AlwaysMatch
from chunkwise.jsonstream.repair_output import RepairedOutput
from chunkwise.jsonstream.repair_words import LITERALS, closing_quote, plain_pattern
from chunkwise.jsonstream.repairs import Repair, RepairRecord
from chunkwise.jsonstream.scanner import Scanner

# What the repairer is reading (its mode).
OUT, STRING, NUMBER, WORD, LINE_COMMENT, BLOCK_COMMENT, SLASH, TRAILING = range(8)
# What may come next (the engine's states, as far as the repairs need them).
VALUE, FIRST_VALUE, KEY, FIRST_KEY, COLON, AFTER, DONE = range(7)
#: The bottom of the stack while several top-level values are read as one list.
WRAPPER = "W"
_CLOSER = {"{": "}", "[": "]"}
#: Comment text kept in a record (a longer comment is shortened).
COMMENT_TEXT = 200

_TOKEN = cast(AlwaysMatch, re.compile(
    r"""([ \t\r\n]+)|(["'\u201c\u2018])|([{\[])|([}\]])|(,)|(:)|([-+.0-9])|([^\W\d]|\$)|(/)|(\#)|(.)""", re.S
).match)
_NUMBER_RUN = cast(AlwaysMatch, re.compile(r"[0-9.eE+\-]*").match)
_WORD_RUN = cast(AlwaysMatch, re.compile(r"[\w$\-]*").match)
#: A separator with blank space around it, and a string's opening quote or something that
#: is not blank space, a comment or a bracket after it (group 1: the separator, group 2: the quote).
_SEPARATOR_QUOTE = re.compile(r'[ \t\r\n]*([,:])[ \t\r\n]*(?:(")|(?=[^ \t\r\n/#\]}]))').match
_BLANK = re.compile(r"[ \t\r\n]+\Z").match
_SPACE = cast(AlwaysMatch, re.compile(r"[ \t\r\n]*").match)
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


class Repairer:
    """Repairs the text of one stream and feeds it to ``scanner``; see the module docstring."""

    def __init__(self, scanner: Scanner, repairs: Repair, *, lenient_input: bool, trailing: str) -> None:
        self.scanner = scanner
        self.engine_feed = scanner.feed
        self.repairs = repairs
        self.lenient_input = lenient_input  # strict=False: control characters and NaN are not mistakes
        self.engine_lenient = lenient_input or bool(repairs & Repair.NAN_INFINITY)
        self.trailing = trailing
        self.hold_commas = bool(repairs & Repair.TRAILING_COMMA)  # (flags as bools: tested per token)
        self.several = bool(repairs & Repair.SEVERAL_VALUES)
        self.output = RepairedOutput(self._send)
        self.records: list[RepairRecord] = []
        self.mode = OUT
        self.expect = VALUE
        self.stack: list[str] = []  # "{", "[" or WRAPPER for each open container
        self.base = 0  # input offset of the chunk being read
        self.in_len = 0  # input characters received
        self.line = 1  # line of the input being read, and the offset where it starts
        self.line_start = 0
        self.newline = False  # a newline since the last value (a missing comma may be repaired)
        self.held: list[tuple[str, int]] = []  # a comma not handed on yet, and the space after it
        self.comma_where = (0, 1, 1)  # the held comma's offset, line and column
        self.values = 0  # top-level values read (SEVERAL_VALUES)
        self.quote = '"'  # the closing quote of the string being read
        self.plain = self.plain_double = plain_pattern('"', lenient_input)
        self.is_key = False
        self.escape_at = -1  # a backslash that ended the previous chunk, inside a string
        self.num_last = ""  # the last character of the number being read
        self.minus_at = -1  # a held "-" that may start -Infinity
        self.word: list[str] = []  # the bare word being read, its offset, line and column
        self.word_len = 0
        self.word_where = (0, 1, 1)
        self.word_shown = False  # a literal handed on at the end of a chunk
        self.comment: list[str] = []
        self.comment_len = 0
        self.comment_where = (0, 1, 1)
        self.star = False  # a block comment's chunk ended in "*"
        self.slash_at = -1
        self.steps: tuple[Callable[[str, int], int], ...] = (
            self.step_out, self.step_string, self.step_number, self.step_word,
            self.step_line_comment, self.step_block_comment, self.step_slash, self.step_trailing,
        )
        self.handlers: tuple[Callable[[str, int, int], int], ...] = (
            self.invalid_token, self.space, self.quote_token, self.open, self.close_token, self.comma,
            self.colon, self.number, self.word_token, self.slash, self.hash, self.invalid_token,
        )

    # ------------------------------------------------------------- chunks

    def feed(self, chunk: str) -> None:
        """Repair the next (non-empty) chunk and feed it on."""
        output = self.output
        recent = output.origin.recent
        recent.append(chunk)
        if len(recent) > Position.LIMIT:
            output.origin.trim()
        base = self.in_len
        n = len(chunk)
        self.in_len = base + n
        if output.next_in == base and not self.held:  # the commonest chunks, handed on as they came:
            mode = self.mode
            if mode == STRING and self.escape_at < 0 and not self.lenient_input and self.plain(chunk).end() == n:
                pass  # more of a string
            elif mode == OUT and _BLANK(chunk):  # blank space
                self.base = base
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
        self.base = base
        output.chunk = chunk
        output.base = base
        output.kept_from = output.kept_to = 0
        steps = self.steps
        pos = 0
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
            self.output.verbatim("/", self.slash_at)
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
        except JsonStreamError as error:
            raise self.output.translate(error) from None

    def _send(self, text: str) -> None:
        try:
            self.engine_feed(text)
        except JsonStreamError as error:
            raise self.output.translate(error) from None

    # --------------------------------------------------------- positions

    @property
    def at_start(self) -> bool:
        """Whether no input has arrived yet."""
        return self.in_len == 0

    def where(self, at: int) -> tuple[int, int, int]:
        """Offset, line and column of input offset ``at`` (on the line being read)."""
        return at, self.line, at - self.line_start + 1

    def count_lines(self, text: str, start: int, end: int, *, in_string: bool = False) -> None:
        """Count the newlines of ``text[start:end]``, input read outside strings unless ``in_string``."""
        last = text.rfind("\n", start, end)
        if last >= 0:
            self.line += text.count("\n", start, end)
            self.line_start = self.base + last + 1
            if not in_string:
                self.newline = True

    def error(self, cls: type[JsonStreamError], msg: str, chunk: str, index: int) -> JsonStreamError:
        """An error at ``chunk[index]``, ``chunk`` being the last chunk received (like ``Scanner.error``)."""
        return self.output.error_at(cls, msg, self.in_len - len(chunk) + index, self.scanner.path())

    def fail(self, msg: str, at: int) -> JsonStreamError:
        """An error of the repairer's own at input offset ``at``."""
        self.output.flush()
        return self.output.error_at(JsonStreamError, msg, at, self.scanner.path())

    def record(self, kind: Repair, where: tuple[int, int, int], text: str, replacement: str) -> None:
        """Record a repair (the output so far is handed on first, so that the path is current)."""
        self.output.flush()
        pos, line, column = where
        self.records.append(RepairRecord(kind, pos, line, column, self.scanner.path(), text, replacement))

    # ------------------------------------------------ between tokens

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

    def prepare(self, text: str, start: int, *, key: bool, word: bool = False) -> bool:
        """Make the engine ready for a value (or, if ``key``, a key) at ``text[start]``.

        Hands on a held comma, inserts a missing comma or colon, or starts the next of
        several top-level values. False when the token cannot stand here.
        """
        expect = self.expect
        if self.held:
            self.release_held()
        elif expect == AFTER or expect == COLON:
            if not self.insert_separator(start, word):
                return False
            expect = self.expect
        elif expect == DONE:
            return False
        if expect == KEY or expect == FIRST_KEY:
            return key
        if self.several and not self.stack:
            self.output.synth("[", self.base + start)
            self.stack.append(WRAPPER)
        if len(self.stack) == 1 and self.stack[0] == WRAPPER:
            self.values += 1
            if self.values > 1:
                self.record(Repair.SEVERAL_VALUES, self.where(self.base + start), "", "")
        return True

    def insert_separator(self, start: int, word: bool) -> bool:
        """Insert the comma or colon missing in front of ``text[start]``, if that is a repair asked for."""
        at = self.base + start
        if self.expect == COLON:
            if not self.repairs & Repair.MISSING_COLON:
                return False
            self.output.synth(":", at)
            self.expect = VALUE
            self.record(Repair.MISSING_COLON, self.where(at), "", ":")
            return True
        top = self.stack[-1]
        if top == WRAPPER:
            if word and self.trailing == "ignore":  # prose after the values, not one more of them
                return False
        elif not (self.newline and self.repairs & Repair.MISSING_COMMA):
            return False
        self.output.synth(",", at)
        self.expect = KEY if top == "{" else VALUE
        if top != WRAPPER:
            self.record(Repair.MISSING_COMMA, self.where(at), "", ",")
        return True

    def release_held(self) -> None:
        """Hand on the held comma (it was not a trailing one) and the space after it."""
        held = self.held
        if held:
            for piece, at in held:
                self.output.verbatim(piece, at)
            held.clear()

    def drop_trailing_comma(self) -> None:
        """The held comma was a trailing one: drop it, keep the space after it."""
        held = self.held
        for piece, at in held[1:]:
            self.output.verbatim(piece, at)
        held.clear()
        self.expect = AFTER
        self.record(Repair.TRAILING_COMMA, self.comma_where, ",", "")

    def after_value(self) -> None:
        """A value ended: a separator (or the end) comes next."""
        self.newline = False
        if self.stack:
            self.expect = AFTER
            self.mode = OUT
        else:
            self.expect = DONE
            self.mode = TRAILING if self.trailing == "ignore" else OUT

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

    def invalid(self, text: str, start: int) -> int:
        """``text[start]`` cannot stand here: end the values read as a list, or let the engine say why."""
        at = self.base + start
        if self.stack == [WRAPPER] and self.expect == AFTER:
            if self.trailing != "ignore":
                raise self.fail("Extra data after the JSON values", at)
            if self.held:
                self.drop_trailing_comma()
            self.output.synth("]", at)
            self.stack.pop()
            self.expect = DONE
            self.mode = TRAILING
            return start
        self.release_held()
        self.output.keep(start, start + 1)
        self.output.flush()  # the engine raises here
        raise self.fail(f"Unexpected {text[start]!r}", at)

    def step_trailing(self, text: str, pos: int) -> int:
        """After the value, with ``trailing="ignore"``: what follows is not read, only handed on."""
        self.output.keep(pos, len(text))
        return len(text)

    # ----------------------------------------------------------- strings

    def quote_token(self, text: str, start: int, end: int) -> int:
        char = text[start]
        kind = Repair.SINGLE_QUOTES if char == "'" else Repair.SMART_QUOTES
        if char != '"' and not self.repairs & kind:
            return self.invalid(text, start)
        if not self.prepare(text, start, key=True):
            return self.invalid(text, start)
        at = self.base + start
        self.is_key = self.expect == KEY or self.expect == FIRST_KEY
        self.quote = closing_quote(char)
        self.plain = plain_pattern(char, self.lenient_input)
        self.mode = STRING
        if char == '"':
            self.output.keep(start, end)
        else:
            self.output.synth('"', at)
            self.record(kind, self.where(at), char, '"')
        return end

    def step_string(self, text: str, pos: int) -> int:
        if self.escape_at >= 0:
            return self.continue_escape(text, pos)
        end = self.plain(text, pos).end()
        if end > pos:
            self.output.keep(pos, end)
            if self.lenient_input:
                self.count_lines(text, pos, end, in_string=True)
        if end == len(text):
            return end
        char = text[end]
        if char == self.quote:
            self.end_string(end)
            return end + 1
        if char == "\\":
            if end + 1 == len(text):
                self.escape_at = self.base + end
                return end + 1
            return self.escape(text, end)
        if char == '"':  # inside a single- or smart-quoted string
            self.output.synth('\\"', self.base + end)
            return end + 1
        return self.control(text, end)

    def escape(self, text: str, start: int) -> int:
        """The escape at ``text[start]`` (a backslash) and the character after it."""
        if text[start + 1] == "'" and self.quote != '"':
            self.output.synth("'", self.base + start)  # \' in a single-quoted string is just '
        else:
            self.output.keep(start, start + 2)
        return start + 2

    def continue_escape(self, text: str, pos: int) -> int:
        """The character after a backslash that ended the previous chunk."""
        at = self.escape_at
        self.escape_at = -1
        if text[pos] == "'" and self.quote != '"':
            self.output.synth("'", at)
        else:
            self.output.verbatim("\\", at)
            self.output.keep(pos, pos + 1)
        return pos + 1

    def control(self, text: str, index: int) -> int:
        """A raw control character in a string: escaped if asked, else an error."""
        char = text[index]
        at = self.base + index
        if self.repairs & Repair.CONTROL_CHARACTER:
            escaped = _ESCAPES.get(char) or f"\\u{ord(char):04x}"
            self.output.synth(escaped, at)
            self.record(Repair.CONTROL_CHARACTER, self.where(at), char, escaped)
            self.count_lines(text, index, index + 1, in_string=True)
            return index + 1
        if self.engine_lenient:  # the engine would take it: say so here
            raise self.fail(f"Invalid control character {char!r} in string", at)
        return self.invalid(text, index)

    def end_string(self, index: int) -> None:
        at = self.base + index
        if self.quote == '"':
            self.output.keep(index, index + 1)
        else:
            self.output.synth('"', at)
        if self.is_key:
            self.expect = COLON
            self.newline = False
            self.mode = OUT
        else:
            self.after_value()

    # ----------------------------------------------------------- numbers

    def number(self, text: str, start: int, end: int) -> int:
        if not self.prepare(text, start, key=False):
            return self.invalid(text, start)
        char = text[start]
        at = self.base + start
        self.mode = NUMBER
        self.num_last = ""
        if char == "-":
            self.minus_at = at  # held: "-Infinity" or a negative number
            return end
        if char == "+":
            if not self.repairs & Repair.NUMBER_FORMAT:
                return self.invalid(text, start)
            self.record(Repair.NUMBER_FORMAT, self.where(at), "+", "")
            return end
        return start  # the number's run is read by step_number

    def step_number(self, text: str, pos: int) -> int:
        m = _NUMBER_RUN(text, pos)
        end = m.end()
        if self.minus_at >= 0:
            if end == pos and pos < len(text) and text[pos].isalpha():
                self.start_word(self.minus_at, "-")  # -Infinity
                return pos
            self.output.verbatim("-", self.minus_at)
            self.minus_at = -1
            self.num_last = "-"
        if end > pos:
            run = text[pos:end]
            at = self.base + pos
            if run[0] == "." and self.num_last in ("", "-", "+"):
                if not self.repairs & Repair.NUMBER_FORMAT:
                    return self.invalid(text, pos)
                self.output.synth("0", at)
                self.record(Repair.NUMBER_FORMAT, self.where(at), ".", "0.")
            self.output.keep(pos, end)
            self.num_last = run[-1]
        if end == len(text):
            return end
        self.end_number(self.base + end)
        return end

    def end_number(self, at: int) -> None:
        """The number ended before input offset ``at``."""
        if self.minus_at >= 0:
            self.output.verbatim("-", self.minus_at)
            self.minus_at = -1
        elif self.num_last == "." and self.repairs & Repair.NUMBER_FORMAT:
            self.output.synth("0", at)
            self.record(Repair.NUMBER_FORMAT, self.where(at - 1), ".", ".0")
        self.after_value()

    # ------------------------------------------------------------- words

    def word_token(self, text: str, start: int, end: int) -> int:
        if not self.prepare(text, start, key=True, word=True):
            return self.invalid(text, start)
        self.start_word(self.base + start, "")
        return start

    def start_word(self, at: int, prefix: str) -> None:
        """Start reading a bare word at input offset ``at`` (``prefix``: a held ``-``)."""
        self.minus_at = -1
        self.word = [prefix] if prefix else []
        self.word_len = len(prefix)
        self.word_where = self.where(at)
        self.word_shown = False
        self.mode = WORD

    def step_word(self, text: str, pos: int) -> int:
        end = _WORD_RUN(text, pos).end()
        if end > pos:
            if self.word_shown:
                return self.word_goes_on(text, pos)
            self.word.append(text[pos:end])
            self.word_len += end - pos
            if self.expect != KEY and self.expect != FIRST_KEY:
                head = self.literal_head()
                if head:  # as if the chunk had ended after the literal (split invariance)
                    self.show_literal(head)
                    return self.word_goes_on(text, self.word_where[0] + len(head) - self.base)
        if end < len(text):
            self.finish_word()
            return end
        if self.expect != KEY and self.expect != FIRST_KEY and self.word_len <= 9:
            word = "".join(self.word)
            if word in LITERALS:  # a complete literal: shown now, as the engine shows one
                self.show_literal(word)
        return end

    def literal_head(self) -> str:
        """The literal that the bare word being read begins with and goes on after, if any."""
        word = "".join(self.word)[:10]
        for name in LITERALS:
            if len(word) > len(name) and word.startswith(name):
                return name
        return ""

    def show_literal(self, word: str) -> None:
        """Hand on the literal ``word`` before the word is known to have ended."""
        self.emit_value_word(word)
        self.word_shown = True
        self.mode = WORD

    def word_goes_on(self, text: str, index: int) -> int:
        """A bare word goes on after a literal already handed on: the engine says why that is wrong."""
        at = self.base + index
        self.output.keep(index, index + 1)
        self.output.flush()
        raise self.fail("A bare word goes on after a literal", at)

    def finish_word(self, *, closing: bool = False) -> None:
        """The bare word ended: a key, a literal, or an error (``closing``: cut off by the end)."""
        if self.word_shown:
            self.after_value()
            return
        word = "".join(self.word)
        at = self.word_where[0]
        if self.expect == KEY or self.expect == FIRST_KEY:
            if not self.repairs & Repair.UNQUOTED_KEY:
                self.refuse_word(word, at)
            quoted = json.dumps(word, ensure_ascii=False)
            self.output.synth('"', at)
            self.output.verbatim(word, at)
            self.output.synth('"', at + len(word))
            self.expect = COLON
            self.mode = OUT
            self.record(Repair.UNQUOTED_KEY, self.word_where, word, quoted)
            return
        if closing:
            for name, (replacement, kind) in LITERALS.items():
                if name.startswith(word) and self.allowed(kind):  # cut off: the engine says so
                    self.output.synth(replacement[: len(word)], at)
                    return
        self.emit_value_word(word)

    def allowed(self, kind: Repair | None) -> bool:
        """Whether a literal of this kind is read (None: plain JSON)."""
        return kind is None or bool(self.repairs & kind) or (kind is Repair.NAN_INFINITY and self.lenient_input)

    def emit_value_word(self, word: str) -> None:
        """Hand on the value that the bare ``word`` stands for, or let the engine refuse it."""
        at = self.word_where[0]
        replacement, kind = LITERALS.get(word, (None, None))
        if replacement is None or not self.allowed(kind):
            self.refuse_word(word, at)
        assert replacement is not None
        if replacement == word:
            self.output.verbatim(word, at)
        else:
            self.output.synth(replacement, at)
        self.after_value()
        if kind is not None and not (kind is Repair.NAN_INFINITY and self.lenient_input):
            self.record(kind, self.word_where, word, replacement)

    def refuse_word(self, word: str, at: int) -> None:
        """A bare word that is no repair asked for: the engine says why it is wrong."""
        self.output.verbatim(word, at)
        self.output.flush()
        raise self.fail(f"Expecting value: the bare word {word!r} is not JSON", at)

    # ---------------------------------------------------------- comments

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
            self.output.verbatim("/", self.slash_at)
            self.output.flush()
            raise self.fail("Unexpected '/'", self.slash_at)
        self.comment_where = self.where(self.slash_at)
        return self.begin_comment("/" + text[pos], pos + 1)

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
