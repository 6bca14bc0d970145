"""The repairer's shortcut: a chunk with nothing to repair goes straight to the engine.

:class:`FastRepairer` is the :class:`~.repairer.Repairer` with one shortcut; it
changes only the cost, and a property test shows that every view, every repair
record and every error is the same with ``IncrementalJsonParser(_repair_shortcuts=False)``.

One match of ``SAFE`` (compiled once, at the first use) tells whether a chunk, read
from the state the stream is in, holds only what the repairer hands on unchanged:
blank space, brackets, separators, double-quoted strings without raw control
characters, numbers that need no digit added, and ``true``/``false``/``null`` where
only a value may stand. Two values (or a key and a value) in a row, a comma before a
closing bracket, a bare word and every other character a repair acts on make it
fail, and the chunk takes the general path. What it may hold back at the chunk's end
is held as the general path holds it: a comma that may be a trailing one (and the
blank space after it), a backslash. The engine then reads exactly the text the
general path would have handed it, so it shows, and refuses, the same.

While chunks take the shortcut, the repairer does not follow the grammar: it keeps
only what tells which pattern reads the next chunk (in a string, a number, between
tokens: then the engine's state says whether a value or a separator comes next),
the lines and the held text. Before a chunk takes the general path, the rest of its
state is read back from the engine (:meth:`FastRepairer.resync`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from chunkwise.jsonstream.errors import JsonStreamError, Position
from chunkwise.jsonstream.repair_state import DONE, KEY, NUMBER, OUT, STRING, TRAILING, VALUE
from chunkwise.jsonstream.repairer import Repairer
from chunkwise.jsonstream.repairs import Repair
from chunkwise.jsonstream.scanner import KEY_STRING

# The state a chunk is read from, as a character put in front of it for SAFE.
IN_STRING, AFTER_BACKSLASH, AFTER_TOKEN, KEY_OR_VALUE, ONLY_VALUE, NUMBER_GOES_ON, DIGIT_NEXT, \
    HELD_IN_OBJECT, HELD_IN_ARRAY = (chr(code) for code in range(9))
#: Between tokens, by the engine's state: a value or key next, a value next (a literal
#: may stand there), a separator next, or nothing (the value is complete).
OUT_CONTEXT = (ONLY_VALUE, ONLY_VALUE, KEY_OR_VALUE, KEY_OR_VALUE, AFTER_TOKEN, AFTER_TOKEN, None)
#: In a number, by its last character: one after which ``.`` or the end needs no repair.
NUMBER_CONTEXT = dict.fromkeys("0123456789eE", NUMBER_GOES_ON)

# How a chunk that SAFE matched ends, by the name of the last group that took part.
ENDS_OUT, ENDS_HELD_COMMA, ENDS_HELD_BLANK, ENDS_IN_STRING, ENDS_AFTER_BACKSLASH, ENDS_IN_NUMBER = range(6)
_ENDING_OF_NAME = {"h": ENDS_HELD_COMMA, "w": ENDS_HELD_BLANK, "s": ENDS_IN_STRING, "e": ENDS_AFTER_BACKSLASH,
                   "n": ENDS_IN_NUMBER}
_OPENER = {"}": "{", "]": "["}


class _Groups:
    """Names the ending groups of the pattern being written (each copy of a piece needs its own name)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, kind: str, body: str) -> str:
        self.count += 1
        return f"(?P<{kind}{self.count}>{body})"


def safe_pattern() -> str:
    """The text of ``SAFE``: a chunk, behind its state character, that needs no repair."""
    group = _Groups()
    blank = r"[ \t\r\n]*+"
    body = r'[^"\\\x00-\x1f]*+(?:\\[^\x00-\x1f][^"\\\x00-\x1f]*+)*+'  # a string's characters, escapes whole
    run = r"[0-9eE+\-.]*+"  # what the repairer reads as the rest of a number
    scalar = '"' + body + '"|-?[0-9]' + run + r"(?<!\.)(?!\Z)"
    literal = r"(?:true|false|null)(?=[^\w$\-])"
    # From before a value (or key) to after it; a literal only after "[", ":" or at the start of ONLY_VALUE.
    value = (r"(?:" + blank + r"[{\[])*+(?:(?<=[\[:" + ONLY_VALUE + HELD_IN_ARRAY + "])" + blank + literal
             + "|" + blank + "(?:" + scalar + r"|[\]}]))")
    # From after a value to before the next one: closing brackets, then ":" or a comma that is not held.
    separator = r"(?:" + blank + r"[\]}])*+" + blank + r"(?::|,(?=" + blank + r"[^ \t\r\n\]}/#]))"

    def value_end() -> str:  # the chunk ends before a value, or inside one
        return (r"(?:" + blank + r"[{\[])*+" + blank + "(?:" + group("s", '"' + body) + group("e", r"\\") + "?|"
                + group("n", "-?[0-9]" + run) + r")?\Z")

    after_end = r"(?:" + blank + r"[\]}])*+" + blank + "(?:" + group("h", ",") + blank + r")?\Z"
    after = "(?:" + separator + value + ")*+(?:" + after_end + "|" + separator + value_end() + ")"
    string = "(?:" + IN_STRING + "|" + AFTER_BACKSLASH + r"[^\x00-\x1f])" + body
    number = "(?:" + NUMBER_GOES_ON + "|" + DIGIT_NEXT + "(?=[0-9]))" + run
    before = ("(?:[" + KEY_OR_VALUE + ONLY_VALUE + "]|[" + HELD_IN_OBJECT + HELD_IN_ARRAY + "](?=" + blank
              + r"[^ \t\r\n\]}/#]))")
    return ("(?:" + string + '"|' + number + r"(?<!\.)(?!\Z)|" + AFTER_TOKEN + "|" + before + value + ")" + after
            + "|" + before + value_end()
            + "|" + group("s", string) + group("e", r"\\") + r"?\Z"
            + "|" + number + group("n", "") + r"\Z"
            + "|[" + HELD_IN_OBJECT + HELD_IN_ARRAY + "]" + group("w", blank) + r"\Z")


@functools.cache
def safe_chunks() -> tuple[Callable[[str], re.Match[str] | None], tuple[int, ...]]:
    """``SAFE``'s match, compiled at the first use (the general path never needs it), and the
    ending that each of its groups stands for."""
    pattern = re.compile(safe_pattern())
    endings = [ENDS_OUT] * (pattern.groups + 1)
    for name, index in pattern.groupindex.items():
        endings[index] = _ENDING_OF_NAME[name[0]]
    return pattern.match, tuple(endings)


class FastRepairer(Repairer):
    """The repairer with the shortcut of this module (not for ``SEVERAL_VALUES`` or ``strict=False``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.safe, self.endings = safe_chunks()
        self.stale = False  # whether expect, stack and is_key are to be read back from the engine

    @staticmethod
    def serves(repairs: Repair, strict: bool) -> bool:
        """Whether the shortcut applies: not to several values (a list the engine does not see
        opening) nor to ``strict=False`` (whose strings may hold control characters)."""
        return strict and not repairs & Repair.SEVERAL_VALUES

    def feed(self, chunk: str) -> None:
        output = self.output
        recent = output.origin.recent
        recent.append(chunk)
        if len(recent) > Position.LIMIT:
            output.origin.trim()
        base = self.base = self.in_len
        self.in_len = base + len(chunk)
        mode = self.mode
        if mode == OUT:
            context = (HELD_IN_ARRAY if self.scanner.brackets[-1] == "]" else HELD_IN_OBJECT) if self.held \
                else OUT_CONTEXT[self.scanner.state if self.stale else self.expect]
        elif mode == STRING:
            context = (IN_STRING if self.escape_at < 0 else AFTER_BACKSLASH) if self.quote == '"' else None
        elif mode == NUMBER and self.minus_at < 0:
            context = NUMBER_CONTEXT.get(self.num_last, DIGIT_NEXT)
        else:
            context = None
        if context is not None:
            m = self.safe(context + chunk)
            if m is not None:
                self.take(chunk, context, self.endings[m.lastindex or 0], m)
                return
        if self.stale:
            self.resync()
        self.read(chunk)

    def take(self, chunk: str, context: str, ending: int, m: re.Match[str]) -> None:
        """Hand on the safe ``chunk`` (and what was held in front of it), and hold what it ends in."""
        base = self.base
        n = len(chunk)
        self.stale = True
        held = self.held
        if ending == ENDS_HELD_BLANK:
            held.append((chunk, base))
            self.count_lines(chunk, 0, n)
            return
        start = base
        head = ""
        if held:
            start = held[0][1]
            head = "".join(piece for piece, _ in held)
            held.clear()
        elif context == AFTER_BACKSLASH:
            start = self.escape_at
            head = "\\"
            self.escape_at = -1
        end = n
        if ending == ENDS_OUT:
            self.mode = OUT
            self.count_blank_end(chunk)
        elif ending == ENDS_HELD_COMMA:
            end = m.start(m.lastindex or 0) - 1
            self.mode = OUT
            self.count_lines(chunk, 0, end)
            self.comma_where = self.where(base + end)
            held.append((",", base + end))
            if end + 1 < n:
                held.append((chunk[end + 1 :], base + end + 1))
                self.count_lines(chunk, end + 1, n)
        elif ending == ENDS_IN_NUMBER:
            self.mode = NUMBER
            self.num_last = chunk[-1]
        else:
            self.mode = STRING
            self.quote = '"'
            self.plain = self.plain_double
            if ending == ENDS_AFTER_BACKSLASH:
                end = n - 1
                self.escape_at = base + end
        text = chunk if end == n else chunk[:end]
        if head:
            text = head + text
        if text:
            output = self.output
            if output.next_in != start:
                output.mark(start)
            output.out_len += len(text)
            output.next_in = start + len(text)
            try:
                self.engine_feed(text)
            except JsonStreamError as error:
                raise output.translate(error) from None

    def count_blank_end(self, chunk: str) -> None:
        """Count the lines of ``chunk``, read between tokens, and whether a newline follows its last token."""
        last = chunk.rfind("\n")
        if last >= 0:
            self.line += chunk.count("\n")
            self.line_start = self.base + last + 1
        end = len(chunk.rstrip(" \t\r\n")) if chunk[-1] in " \t\r\n" else len(chunk)
        if end:
            self.newline = last >= end
        elif last >= 0:
            self.newline = True

    def resync(self) -> None:
        """Read back from the engine what the shortcut left unfollowed: the containers, what comes next."""
        scanner = self.scanner
        stack = self.stack = [_OPENER[closer] for closer in scanner.brackets]
        if self.held:
            self.expect = KEY if stack[-1] == "{" else VALUE  # after the held comma
        else:
            self.expect = int(scanner.state)
        if self.mode == STRING:
            self.is_key = scanner.token == KEY_STRING
        elif self.mode == OUT and self.expect == DONE and self.trailing == "ignore":
            self.mode = TRAILING
        self.stale = False

    def close(self) -> None:
        if self.stale:
            self.resync()
        super().close()
