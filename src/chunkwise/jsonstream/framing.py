"""Finding the JSON value in model output while it streams (DESIGN.md, "Framing").

Models wrap the JSON they were asked for: a Markdown fence, a sentence of prose,
a ``<think>…</think>`` reasoning preamble. :class:`JsonFramer` is a small state
machine in front of the engine: ``feed`` it each chunk and it returns the part of
the chunk that belongs to the JSON text (``""`` while it is still skipping). Every
chunk is looked at once, by C-level searches from where the previous step stopped;
the accumulated text is never scanned again. Once the JSON has started the rest of
every chunk is handed on unchanged (up to a fence's closing line): the engine, with ``trailing="ignore"``, stops at
the end of the value, so a closing fence and any "Hope this helps" after it are
never parsed.

The rules, in order, from the start of the output:

1. Blank space is skipped. A ``<think>`` tag here opens a reasoning block that is
   skipped up to its ``</think>``; then the rules start again.
2. A fence (three or more backticks, any tag or none): the JSON is its content. It
   starts at the first ``{`` or ``[`` on the fence's own line, else at the first
   non-blank character after that line, and ends at the fence's closing line (as in
   CommonMark: up to three spaces, at least as many backticks, then only blank space),
   so JSON cut off inside a fence that closes is truncated, not invalid. (A string
   holding a raw line break followed by such a line, which lenient JSON allows, is
   cut there too: Markdown closed the fence.)
3. ``{``, ``[``, ``"``, ``-`` or a digit: the JSON starts right here.
4. A word that is a JSON literal (``true``, ``false``, ``null``, ``NaN``,
   ``Infinity``) is the JSON only if nothing but blank space follows it; any other
   text is prose.
5. In prose the JSON starts at the first ``{`` or ``[``, or in the first fence (as
   in rule 2), whichever comes first. Prose never starts a scalar, and brackets in
   prose before the JSON (``see [1]``) are taken for its start: ask the model for a
   fence when its prose may hold brackets.
"""

from __future__ import annotations

import re

__all__ = ["JsonFramer"]

_THINK_OPEN = "<think>"
_THINK_CLOSE = "</think>"
_LITERALS = ("true", "false", "null", "NaN", "Infinity")
_VALUE_START = frozenset('{["-0123456789')
_LITERAL_START = frozenset(word[0] for word in _LITERALS)
_BLANK = " \t\r\n\ufeff"

_NOT_BLANK = re.compile(r"[^ \t\r\n\ufeff]")
_PROSE_MARK = re.compile(r"[{\[`]")  # where prose may end: a bracket or a fence's backtick
_FENCE_LINE_MARK = re.compile(r"[{\[\n]")  # on a fence's line: the JSON, or the line's end
_NOT_BACKTICK = re.compile(r"[^`]")

# States: what the framer is reading.
_START = 0  # blank space before anything else
_THINK_TAG = 1  # a prefix of "<think>" at the start
_THINK = 2  # inside the reasoning block
_LITERAL = 3  # a prefix of a JSON literal at the start
_AFTER_LITERAL = 4  # a complete literal followed by blank space
_PROSE = 5
_BACKTICKS = 6  # a run of backticks: a fence if it reaches three
_FENCE_LINE = 7  # the rest of a fence's opening line (its tag)
_FENCE_BODY = 8  # blank space after the fence's line
_JSON = 9


class JsonFramer:
    """Hands on the JSON part of model output, chunk by chunk (see the module rules).

    ``start`` is the offset of the JSON's first character in the whole output once
    it is found (None before), so positions the engine reports can be mapped back.
    ``close()`` returns a held bare literal when the output ended right after it.
    """

    __slots__ = ("start", "_state", "_offset", "_held", "_literal_at", "_backticks", "_in_prose", "_fence")

    def __init__(self) -> None:
        self.start: int | None = None
        self._state = _START
        self._offset = 0  # characters fed before the current chunk
        self._held = ""  # the partial "<think>", "</think>" or literal matched so far
        self._literal_at = 0  # offset of the held literal
        self._backticks = 0
        self._in_prose = False  # whether a failed fence returns to prose or to the start
        self._fence: FenceEnd | None = None  # inside a fence: finds its closing line

    @property
    def found(self) -> bool:
        """Whether the JSON has started."""
        return self._state == _JSON

    @property
    def fenced(self) -> bool:
        """Whether the JSON is inside a fence (its later chunks then go through :meth:`feed`,
        which stops at the closing line)."""
        return self._fence is not None

    @property
    def holding(self) -> bool:
        """Whether text at the start of a line in the fence is held back (it may close it)."""
        return self._fence is not None and self._fence.holding

    def feed(self, chunk: str) -> str:
        """The part of ``chunk`` that belongs to the JSON text (maybe ``""``)."""
        if self._state == _JSON:
            self._offset += len(chunk)
            return chunk if self._fence is None else self._fence.feed(chunk)
        index, size = 0, len(chunk)
        while index < size:
            index = self._step(chunk, index)
            if self._state == _JSON:
                self.start = self._offset + index
                self._offset += size
                return chunk[index:] if self._fence is None else self._fence.feed(chunk[index:])
        self._offset += size
        return ""

    def close(self) -> str:
        """End of the output: the held literal if the output was one, the text held at
        the start of a line in a fence if it was not the closing fence, else ``""``."""
        if self._state in (_LITERAL, _AFTER_LITERAL) and self._held in _LITERALS:
            self._state, self.start = _JSON, self._literal_at
            return self._held
        if self._fence is not None:
            held = self._fence.close()
            if not self._fence.handed and not held:  # an empty fence: no JSON
                self.start = None
            return held
        return ""

    def _step(self, text: str, index: int) -> int:
        """Read on from ``text[index]`` in the current state; return where it stopped.

        Either the state changed (the JSON starts at the returned index when it is
        ``_JSON``) or the chunk was used up.
        """
        state = self._state
        if state == _START or state == _FENCE_BODY:
            found = _NOT_BLANK.search(text, index)
            if found is None:
                return len(text)
            index = found.start()
            if state == _FENCE_BODY:
                self._state, self._fence = _JSON, FenceEnd(self._backticks, line_start=True)
            else:
                self._begin(text[index])
                self._literal_at = self._offset + index
            return index
        if state == _THINK_TAG or state == _LITERAL:
            return self._match_word(text, index)
        if state == _THINK:
            return self._skip_think(text, index)
        if state == _AFTER_LITERAL:
            found = _NOT_BLANK.search(text, index)
            if found is None:
                return len(text)
            self._to_prose()
            return found.start()
        if state == _PROSE:
            found = _PROSE_MARK.search(text, index)
            if found is None:
                return len(text)
            self._begin(text[found.start()])
            return found.start()
        if state == _BACKTICKS:
            return self._count_backticks(text, index)
        # _FENCE_LINE
        found = _FENCE_LINE_MARK.search(text, index)
        if found is None:
            return len(text)
        if found.group() == "\n":
            self._state = _FENCE_BODY
            return found.end()
        self._state, self._fence = _JSON, FenceEnd(self._backticks, line_start=False)
        return found.start()

    def _begin(self, char: str) -> None:
        """Choose the state for the first character of something new (not blank)."""
        if char in _VALUE_START:
            self._state = _JSON
        elif char == "`":
            self._state, self._backticks = _BACKTICKS, 0
        elif self._in_prose:
            self._state = _PROSE
        elif char == "<":
            self._state, self._held = _THINK_TAG, ""
        elif char in _LITERAL_START:
            self._state, self._held = _LITERAL, ""
        else:
            self._state = _PROSE

    def _to_prose(self) -> None:
        self._state, self._held, self._in_prose = _PROSE, "", True

    def _match_word(self, text: str, index: int) -> int:
        """Extend the held prefix of ``<think>`` or of a literal, character by character."""
        size = len(text)
        held = self._held
        thinking = self._state == _THINK_TAG
        while index < size:
            grown = held + text[index]
            if thinking:
                if _THINK_OPEN.startswith(grown):
                    held = grown
                    index += 1
                    if held == _THINK_OPEN:
                        self._state, self._held = _THINK, ""
                        return index
                    continue
            elif any(word.startswith(grown) for word in _LITERALS):
                held = grown
                index += 1
                continue
            elif held in _LITERALS and text[index] in _BLANK:
                self._state, self._held = _AFTER_LITERAL, held
                return index
            # Not a tag or a literal: it was prose. What is held holds no bracket or
            # backtick, so nothing in it is looked at again.
            self._to_prose()
            return index
        self._held = held
        return index

    def _skip_think(self, text: str, index: int) -> int:
        """Skip reasoning up to ``</think>``, which may be split across chunks."""
        held = self._held
        if held:  # a prefix of "</think>" ended the previous chunk
            need = _THINK_CLOSE[len(held) :]
            if text.startswith(need, index):
                self._state, self._held = _START, ""
                return index + len(need)
            if need.startswith(text[index:]):  # still a prefix, and the chunk ends here
                self._held = held + text[index:]
                return len(text)
            self._held = ""
        end = text.find(_THINK_CLOSE, index)
        if end >= 0:
            self._state = _START
            return end + len(_THINK_CLOSE)
        # Keep the longest end of the chunk that may begin "</think>".
        for keep in range(min(len(_THINK_CLOSE) - 1, len(text) - index), 0, -1):
            if text.endswith(_THINK_CLOSE[:keep]):
                self._held = _THINK_CLOSE[:keep]
                break
        return len(text)

    def _count_backticks(self, text: str, index: int) -> int:
        """Count a run of backticks: three or more open a fence, fewer are prose."""
        found = _NOT_BACKTICK.search(text, index)
        end = len(text) if found is None else found.start()
        self._backticks += end - index
        if found is None:
            return end
        if self._backticks >= 3:
            self._state = _FENCE_LINE  # (_backticks stays: the closing fence needs as many)
        else:
            self._to_prose()
        return end


_NOT_LINE_BLANK = re.compile(r"[^ \t\r]")
# FenceEnd states
_INLINE, _LINE_START, _RUN, _TAIL, _CLOSED = range(5)


class FenceEnd:
    """The JSON text inside a fence, up to its closing line, chunk by chunk.

    The text at the start of a line that may be the closing fence (up to three spaces,
    a run of backticks, blank space) is held as counts until the line shows what it
    is, then handed on or, at the closing line, dropped with everything after it.
    """

    __slots__ = ("ticks", "handed", "_state", "_indent", "_run", "_tail")

    def __init__(self, ticks: int, *, line_start: bool) -> None:
        self.ticks = ticks  # the opening fence's backticks
        self.handed = False  # whether any text was handed on
        self._state = _LINE_START if line_start else _INLINE
        self._indent = 0
        self._run = 0
        self._tail: list[str] = []

    def feed(self, chunk: str) -> str:
        """The part of ``chunk`` before the closing line (all of it while none is seen)."""
        out: list[str] = []
        index, size = 0, len(chunk)
        while index < size and self._state != _CLOSED:
            index = self._step(chunk, index, out)
        text = "".join(out)
        self.handed = self.handed or bool(text)
        return text

    @property
    def holding(self) -> bool:
        """Whether text is held back, or the fence closed (nothing more is handed on)."""
        return self._state != _INLINE and (self._state != _LINE_START or self._indent > 0)

    def close(self) -> str:
        """End of the output: what is held, unless it is the closing fence."""
        if self._state in (_RUN, _TAIL) and self._run >= self.ticks or self._state == _CLOSED:
            return ""
        return self._held() if self._state != _INLINE else ""

    def _held(self) -> str:
        return " " * self._indent + "`" * self._run + "".join(self._tail)

    def _step(self, text: str, index: int, out: list[str]) -> int:
        state = self._state
        if state == _INLINE:
            end = text.find("\n", index)
            if end < 0:
                out.append(text[index:])
                return len(text)
            out.append(text[index : end + 1])
            self._state, self._indent, self._run, self._tail = _LINE_START, 0, 0, []
            return end + 1
        if state == _LINE_START:
            char = text[index]
            if char == " " and self._indent < 3:
                self._indent += 1
                return index + 1
            if char == "`":
                self._state = _RUN
                return index
            return self._not_a_fence(out, index)
        if state == _RUN:
            found = _NOT_BACKTICK.search(text, index)
            end = len(text) if found is None else found.start()
            self._run += end - index
            if found is None:
                return end
            if self._run < self.ticks:
                return self._not_a_fence(out, end)
            self._state = _TAIL
            return end
        # _TAIL: blank space after the backticks, up to the line's end
        found = _NOT_LINE_BLANK.search(text, index)
        end = len(text) if found is None else found.start()
        self._tail.append(text[index:end])
        if found is None:
            return end
        if text[end] == "\n":
            self._state = _CLOSED
            return len(text)
        return self._not_a_fence(out, end)

    def _not_a_fence(self, out: list[str], index: int) -> int:
        """The line's start was not the closing fence: hand on what was held."""
        out.append(self._held())
        self._state = _INLINE
        return index
