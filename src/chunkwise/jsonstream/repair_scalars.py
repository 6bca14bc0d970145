"""The repairer's steps inside scalars: strings (any quotes), numbers and bare words.

Single and smart quotes become double ones (a ``"`` inside is escaped), raw control
characters are escaped, ``+1``/``.5``/``1.`` get their digits, and a bare word is held
until it ends: a key (``UNQUOTED_KEY``), a literal in another spelling, or refused.
"""

from __future__ import annotations

import json
import re
from typing import cast

from chunkwise.jsonstream.numbers import AlwaysMatch
from chunkwise.jsonstream.repair_state import COLON, FIRST_KEY, KEY, NUMBER, OUT, STRING, WORD, RepairState
from chunkwise.jsonstream.repair_words import LITERALS, closing_quote, plain_pattern
from chunkwise.jsonstream.repairs import Repair

_NUMBER_RUN = cast(AlwaysMatch, re.compile(r"[0-9.eE+\-]*").match)
_WORD_RUN = cast(AlwaysMatch, re.compile(r"[\w$\-]*").match)
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


class ScalarSteps(RepairState):
    """The steps that read strings, numbers and bare words."""

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

