"""The repairer's shortcut: a chunk with nothing to repair goes straight to the engine.

:class:`FastRepairer` is the :class:`~.repairer.Repairer` with one shortcut; it
changes only the cost, and a property test shows that every view, every repair
record and every error is the same with ``IncrementalJsonParser(_repair_shortcuts=False)``.

The commonest chunks are told with ``str`` methods: more of a double-quoted string
(escapes and all), more of a number, blank space after a held comma. For the others,
one match of ``SAFE`` (compiled once, at the first use) tells whether a chunk, read
from the state the stream is in, holds only what the repairer hands on unchanged:
blank space, brackets, separators, double-quoted strings without raw control
characters, numbers that need no digit added, and ``true``/``false``/``null`` where
only a value may stand. Two values (or a key and a value) in a row, a comma before a
closing bracket, a bare word and every other character a repair acts on make it
fail, and the chunk takes the general path. What it may hold back at the chunk's end
is held as the general path holds it: a comma that may be a trailing one (and the
blank space after it), a backslash, a ``-``, the beginning of a literal. The engine then reads exactly the text the
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
from chunkwise.jsonstream.repair_state import (
    COLON, DONE, FIRST_VALUE, KEY, NUMBER, OUT, STRING, TRAILING, VALUE, WORD,
)
from chunkwise.jsonstream.repairer import Repairer
from chunkwise.jsonstream.repairs import Repair
from chunkwise.jsonstream.scanner import KEY_STRING

# The state a chunk is read from, as a character put in front of it for SAFE.
(IN_STRING, AFTER_BACKSLASH, AFTER_TOKEN, KEY_OR_VALUE, ONLY_VALUE, NUMBER_GOES_ON, DIGIT_NEXT, AFTER_MINUS,
 HELD_IN_OBJECT, HELD_IN_ARRAY, AFTER_LITERAL, IN_WORD) = (chr(code) for code in range(12))
#: Between tokens, by what comes next: a value or key, a value (where a literal may
#: stand), a separator, or nothing (the value is complete: the general path).
OUT_CONTEXT = (ONLY_VALUE, ONLY_VALUE, KEY_OR_VALUE, KEY_OR_VALUE, AFTER_TOKEN, AFTER_TOKEN, None)
#: In a number, by its last character: one after which ``.`` or the end needs no repair.
NUMBER_CONTEXT = dict.fromkeys("0123456789eE", NUMBER_GOES_ON)
#: A literal's beginning, held (as the general path holds a bare word) until it ends.
LITERAL_HEADS = frozenset(name[:end] for name in ("true", "false", "null") for end in range(1, len(name)))

# How a chunk that SAFE matched ends, by the name of the last group that took part.
(ENDS_OUT, ENDS_IN_STRING, ENDS_IN_NUMBER, ENDS_HELD_COMMA, ENDS_AFTER_BACKSLASH, ENDS_HELD_MINUS, ENDS_HELD_WORD,
 ENDS_LITERAL) = range(8)
_ENDING_OF_NAME = {"h": ENDS_HELD_COMMA, "s": ENDS_IN_STRING, "e": ENDS_AFTER_BACKSLASH,
                   "n": ENDS_IN_NUMBER, "m": ENDS_HELD_MINUS, "p": ENDS_HELD_WORD, "l": ENDS_LITERAL}
_OPENER = {"}": "{", "]": "["}
_BLANK = " \t\r\n"
_RECENT_LIMIT = Position.LIMIT
#: The states in which something held goes in front of the chunk.
_HEADED = frozenset((AFTER_BACKSLASH, AFTER_MINUS, HELD_IN_OBJECT, HELD_IN_ARRAY, AFTER_LITERAL))
_NUMBER_CHARS = "0123456789eE+-."  # (what the repairer reads as the rest of a number)


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
    literal = r"(?:true|false|null)"
    where_value = r"(?<=[\[:" + ONLY_VALUE + HELD_IN_ARRAY + IN_WORD + "])"  # (only a value may stand after these)
    openers = r"(?:" + blank + r"[{\[])*+"
    # From before a value (or key) to after it.
    value = openers + "(?:" + where_value + blank + literal + r"(?=[^\w$\-])|" + blank + "(?:" + scalar + r"|[\]}]))"
    # From after a value to before the next one: closing brackets, then ":" or a comma that is not held.
    separator = r"(?:" + blank + r"[\]}])*+" + blank + r"(?::|,(?=" + blank + r"[^ \t\r\n\]}/#]))"

    def value_end() -> str:  # the chunk ends before a value, or inside one (held: only where a value stands)
        heads = "|".join(sorted(LITERAL_HEADS))
        return (openers + "(?:" + where_value + blank + "(?:" + group("p", heads) + "|" + group("l", literal) + "|"
                + group("m", "-") + ")|" + blank + "(?:" + group("s", '"' + body) + group("e", r"\\") + "?|"
                + group("n", "-?[0-9]" + run) + r")?)\Z")

    after_end = r"(?:" + blank + r"[\]}])*+" + blank + "(?:" + group("h", ",") + blank + r")?\Z"
    after = "(?:" + separator + value + ")*+(?:" + after_end + "|" + separator + value_end() + ")"
    string = "(?:" + IN_STRING + "|" + AFTER_BACKSLASH + r"[^\x00-\x1f])" + body
    number = "(?:" + NUMBER_GOES_ON + "|[" + DIGIT_NEXT + AFTER_MINUS + "](?=[0-9]))" + run
    before = ("(?:[" + KEY_OR_VALUE + ONLY_VALUE + IN_WORD + "]|[" + HELD_IN_OBJECT + HELD_IN_ARRAY + "](?=" + blank
              + r"[^ \t\r\n\]}/#]))")
    return ("(?:" + string + '"|' + number + r"(?<!\.)(?!\Z)|[" + AFTER_TOKEN + "]|" + AFTER_LITERAL
            + r"(?![\w$\-])|" + before + value + ")" + after
            + "|" + before + value_end()
            + "|" + group("s", string) + group("e", r"\\") + r"?\Z"
            + "|" + number + group("n", "") + r"\Z")


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
        self.recent = self.output.origin.recent
        self.stale = False  # whether expect, stack and is_key are to be read back from the engine

    @staticmethod
    def serves(repairs: Repair, strict: bool) -> bool:
        """Whether the shortcut applies: not to several values (a list the engine does not see
        opening) nor to ``strict=False`` (whose strings may hold control characters)."""
        return strict and not repairs & Repair.SEVERAL_VALUES

    def feed(self, chunk: str) -> None:
        output = self.output
        recent = self.recent
        recent.append(chunk)
        if len(recent) > _RECENT_LIMIT:
            output.origin.trim()
        base = self.in_len
        n = len(chunk)
        self.in_len = base + n
        mode = self.mode
        if mode == STRING and self.escape_at < 0 and self.quote == '"' and '"' not in chunk and "\\" not in chunk \
                and chunk.isprintable():
            pass  # more of a string: the commonest chunk
        elif mode == NUMBER and self.minus_at < 0 and self.num_last in NUMBER_CONTEXT \
                and not chunk.lstrip(_NUMBER_CHARS):
            self.num_last = chunk[-1]  # more of a number
        else:
            self.base = base
            if mode == OUT:
                if not self.held:
                    context = OUT_CONTEXT[self.scanner.state if self.stale else self.expect]
                elif chunk.strip(_BLANK):
                    context = HELD_IN_ARRAY if self.scanner.brackets[-1] == "]" else HELD_IN_OBJECT
                else:  # blank space after a held comma: held too
                    self.held.append((chunk, base))
                    self.count_lines(chunk, 0, n)
                    return
            elif mode == STRING:
                if self.quote == '"' and chunk.isprintable() and self.string_goes_on(chunk):
                    return
                context = self.context()
            else:
                context = self.context()
            if context is None or not self.take(chunk, context):
                if self.stale:
                    self.resync()
                self.read(chunk)
            return
        if output.next_in != base:
            output.mark(base)
        output.out_len += n
        output.next_in = base + n
        try:
            self.engine_feed(chunk)
        except JsonStreamError as error:
            raise output.translate(error) from None

    def string_goes_on(self, chunk: str) -> bool:
        """Hand on a (printable) chunk that only continues a double-quoted string, escapes and
        all (a backslash at its end is held, as the general path holds it); False if it is not one."""
        start = self.escape_at
        escaped = start >= 0  # (the chunk's first character is escaped by a held backslash)
        if '"' in (chunk[1:] if escaped else chunk):
            return False
        n = len(chunk)
        end = n
        if chunk[-1] == "\\" and min(n - len(chunk.rstrip("\\")), n - escaped) % 2:
            end = n - 1  # a backslash that escapes what the next chunk begins with
        if escaped:
            self.escape_at = -1
            self.hand_on("\\" + chunk[:end], start)
        else:
            self.hand_on(chunk[:end] if end < n else chunk, self.base)
        if end < n:
            self.escape_at = self.base + end
        return True

    def context(self) -> str | None:
        """The state to read the next chunk from, for SAFE (None: the general path reads it)."""
        mode = self.mode
        if mode == OUT:
            if self.held:
                return HELD_IN_ARRAY if self.scanner.brackets[-1] == "]" else HELD_IN_OBJECT
            return OUT_CONTEXT[self.scanner.state if self.stale else self.expect]
        if mode == STRING:
            if self.quote != '"':
                return None
            return AFTER_BACKSLASH if self.escape_at >= 0 else IN_STRING
        if mode == NUMBER:
            return AFTER_MINUS if self.minus_at >= 0 else NUMBER_CONTEXT.get(self.num_last, DIGIT_NEXT)
        return self.word_context() if mode == WORD else None

    def word_context(self) -> str | None:
        """The state to read the next chunk from, in a bare word: after a literal already handed
        on, or re-reading a literal's beginning (held) from where a value stands."""
        if self.word_shown:
            return AFTER_LITERAL
        expect = self.scanner.state if self.stale else self.expect
        if expect <= FIRST_VALUE and "".join(self.word) in LITERAL_HEADS:
            return IN_WORD
        return None

    def take(self, chunk: str, context: str) -> bool:
        """Hand on ``chunk``, read from ``context``, with what was held in front of it, and hold
        what it ends in; False (nothing done) if it is not safe."""
        start = self.base
        if context == IN_WORD:  # a literal's beginning, read again
            head = "".join(self.word)
            m = self.safe(context + head + chunk)
            start = self.word_where[0]
        else:
            head = ""
            m = self.safe(context + chunk)
        if m is None:
            return False
        ending = self.endings[m.lastindex or 0]
        if ending == ENDS_HELD_COMMA and context == AFTER_TOKEN and self.comma_after_key(chunk):
            return False  # the general path refuses that comma at once, not with the next chunk
        if context in _HEADED:
            held = self.held
            if held:
                start = held[0][1]
                head = held[0][0] if len(held) == 1 else "".join([piece for piece, _ in held])
                if start + len(head) != self.base:
                    return False  # a comment between the held pieces: the general path hands them on
                held.clear()
            elif context == AFTER_BACKSLASH:
                start = self.escape_at
                head = "\\"
                self.escape_at = -1
            elif context == AFTER_MINUS:
                start = self.minus_at
                head = "-"
                self.minus_at = -1
            elif context == AFTER_LITERAL:
                self.word_shown = False
        self.stale = True
        text = head + chunk if head else chunk
        end = len(text)
        if ending == ENDS_OUT or ending == ENDS_HELD_COMMA and not self.hold_commas:
            if "\n" in chunk or chunk[-1] in _BLANK:
                self.count_blank_end(chunk, self.mode == OUT)
            else:
                self.newline = False
            self.mode = OUT
        elif ending <= ENDS_IN_NUMBER or ending == ENDS_AFTER_BACKSLASH:
            if "\n" in chunk:
                self.count_lines(chunk, 0, len(chunk))
            self.newline = False  # (a value is being read: no newline after it yet)
            if ending == ENDS_IN_NUMBER:
                self.mode = NUMBER
                self.num_last = chunk[-1]
            else:
                self.mode = STRING
                self.quote = '"'
                self.plain = self.plain_double
                if ending == ENDS_AFTER_BACKSLASH:
                    end -= 1
                    self.escape_at = start + end
        else:
            end = m.start(m.lastindex or 0) - len(m.string) + end  # where the held text begins
            self.count_lines(chunk, 0, max(0, end - len(text) + len(chunk)))
            if ending == ENDS_HELD_COMMA:
                self.hand_on(text[:end], start)
                if not self.scanner.brackets:  # after the top-level value: not held, the engine says why
                    self.count_blank_end(chunk, self.mode == OUT)
                    self.mode = OUT
                    self.hand_on(text[end:], start + end)
                    return True
                text, start, end = text[end:], start + end, 0
            end = self.hold_end(text, start, end, ending, chunk)
        self.hand_on(text if end == len(text) else text[:end], start)
        return True

    def comma_after_key(self, chunk: str) -> bool:
        """Whether ``chunk``, read where a colon comes next, begins with something else (a comma
        that SAFE would hold as a possible trailing one)."""
        expect = self.scanner.state if self.stale else self.expect
        return expect == COLON and chunk.lstrip(_BLANK)[:1] != ":"

    def hold_end(self, text: str, start: int, end: int, ending: int, chunk: str) -> int:
        """Hold what ``text`` (from input offset ``start``; it ends in ``chunk``) ends in from
        ``text[end]`` on, as the general path holds it; the end of what is handed on now."""
        at = start + end
        if ending == ENDS_HELD_COMMA:
            self.mode = OUT
            self.comma_where = self.where(at)
            self.held.append((",", at))
            if end + 1 < len(text):  # (the comma is in the chunk, the chunk's last one)
                blank = text[end + 1 :]
                self.held.append((blank, at + 1))
                self.count_lines(chunk, len(chunk) - len(blank), len(chunk))
        elif ending == ENDS_HELD_MINUS:
            self.mode = NUMBER
            self.num_last = ""
            self.minus_at = at
        elif ending == ENDS_HELD_WORD:
            self.start_word(at, "")
            self.word.append(text[end:])
            self.word_len = len(text) - end
        else:  # a literal at the chunk's end: handed on now, as the general path shows it
            self.newline = False
            self.mode = WORD
            self.word_shown = True
            return len(text)
        return end

    def hand_on(self, text: str, start: int) -> None:
        """Hand ``text``, copied from input offset ``start``, to the engine."""
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

    def count_blank_end(self, chunk: str, between: bool) -> None:
        """Count the lines of ``chunk`` (read between tokens) and whether a newline follows its last token
        (``between``: the chunk began between tokens, so blank space alone goes on from the last chunk's)."""
        last = chunk.rfind("\n")
        if last >= 0:
            self.line += chunk.count("\n")
            self.line_start = self.base + last + 1
        end = len(chunk.rstrip(_BLANK)) if chunk[-1] in _BLANK else len(chunk)
        if end or not between:
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
