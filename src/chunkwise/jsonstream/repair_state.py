"""The repairer's state, and what every step of it shares: positions, records, separators.

:class:`RepairState` holds what :class:`~.repairer.Repairer` knows of the stream (the
open containers, what comes next, what is held back) and the moves shared by its
steps: locating and recording a repair, making the engine ready for the next token
(handing on a held comma, inserting a missing one), and ending a value.
"""

from __future__ import annotations

from chunkwise.jsonstream.errors import JsonStreamError
from chunkwise.jsonstream.repair_output import RepairedOutput
from chunkwise.jsonstream.repair_words import plain_pattern
from chunkwise.jsonstream.repairs import Repair, RepairRecord
from chunkwise.jsonstream.scanner import Scanner

# What the repairer is reading (its mode).
OUT, STRING, NUMBER, WORD, LINE_COMMENT, BLOCK_COMMENT, SLASH, TRAILING = range(8)
# What may come next (the engine's states, as far as the repairs need them).
VALUE, FIRST_VALUE, KEY, FIRST_KEY, COLON, AFTER, DONE = range(7)
#: The bottom of the stack while several top-level values are read as one list.
WRAPPER = "W"


class RepairState:
    """The state of one stream's repairer and the moves its steps share."""

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

    def invalid(self, text: str, start: int) -> int:
        """``text[start]`` cannot stand here: end the values read as a list, or let the engine say why."""
        at = self.base + start
        if self.ends_values(at):
            return start
        self.release_held()
        self.output.keep(start, start + 1)
        self.output.flush()  # the engine raises here
        raise self.fail(f"Unexpected {text[start]!r}", at)

    def ends_values(self, at: int) -> bool:
        """Whether what is at input offset ``at``, which starts no value, ends several values
        read as a list (after them only ignored text may follow: else it is an error)."""
        if self.stack != [WRAPPER] or self.expect != AFTER:
            return False
        if self.trailing != "ignore":
            raise self.fail("Extra data after the JSON values", at)
        if self.held:
            self.drop_trailing_comma()
        self.output.synth("]", at)
        self.stack.pop()
        self.expect = DONE
        self.mode = TRAILING
        return True

    def _send(self, text: str) -> None:
        try:
            self.engine_feed(text)
        except JsonStreamError as error:
            raise self.output.translate(error) from None
