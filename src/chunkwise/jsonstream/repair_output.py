"""The repaired text on its way to the engine, and the map back to the text as it came.

:class:`RepairedOutput` collects what the repairer hands on: pieces copied from the
input (*verbatim*) and pieces it made itself (*synthesized*: an inserted comma, a
double quote standing for a single one). It remembers a breakpoint wherever the
two texts stop running in step, so an engine error at an offset of the repaired
text is located at the offset of the original text that produced it; valid input
has one breakpoint. Old breakpoints are dropped, so memory stays bounded.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from chunkwise.jsonstream.errors import JsonStreamError, Position

#: The breakpoints kept: when there are more, the older half is dropped.
KEEP = 512


class RepairedOutput:
    """Output pieces for the engine, with the map from output offsets to input offsets."""

    __slots__ = ("pieces", "out_len", "next_in", "bp_out", "bp_in", "bp_verbatim", "origin", "send",
                 "chunk", "base", "kept_from", "kept_to")

    def __init__(self, send: Callable[[str], None]) -> None:
        self.send = send  # the engine's feed
        self.pieces: list[str] = []  # not yet sent
        self.out_len = 0  # characters of output (sent or not)
        self.next_in = 0  # the input offset that continues the last verbatim piece (-1: none)
        self.bp_out: list[int] = [0]  # where each run of output starts
        self.bp_in: list[int] = [0]  # the input offset it stands for
        self.bp_verbatim: list[bool] = [True]  # whether it is copied (else made up)
        self.origin = Position()  # the input, for the positions and excerpts of errors
        self.chunk = ""  # the chunk being read, at input offset ``base``
        self.base = 0
        self.kept_from = 0  # chunk[kept_from:kept_to] is handed on as it came, not copied yet
        self.kept_to = 0

    def start(self, chunk: str, base: int) -> None:
        """A new chunk, at input offset ``base``."""
        self.chunk = chunk
        self.base = base
        self.kept_from = self.kept_to = 0

    def keep(self, start: int, end: int) -> None:
        """Hand on ``chunk[start:end]`` as it came (runs kept one after another cost nothing)."""
        if start != self.kept_to:
            self._commit()
            self.kept_from = start
        self.kept_to = end

    def _commit(self) -> None:
        if self.kept_to > self.kept_from:
            start, end = self.kept_from, self.kept_to
            self.kept_from = self.kept_to
            chunk = self.chunk
            self.verbatim(chunk if start == 0 and end == len(chunk) else chunk[start:end], self.base + start)

    def verbatim(self, text: str, at: int) -> None:
        """Hand on ``text``, copied from the input at offset ``at``."""
        if self.kept_to > self.kept_from:
            self._commit()
        if at != self.next_in:
            self._breakpoint(at, True)
        self.pieces.append(text)
        self.out_len += len(text)
        self.next_in = at + len(text)

    def synth(self, text: str, at: int) -> None:
        """Hand on ``text``, made up in place of (or in front of) the input at offset ``at``."""
        if self.kept_to > self.kept_from:
            self._commit()
        self._breakpoint(at, False)
        self.pieces.append(text)
        self.out_len += len(text)
        self.next_in = -1

    def mark(self, at: int) -> None:
        """The next text handed on is copied from input offset ``at``, which does not continue the last."""
        self._breakpoint(at, True)

    def _breakpoint(self, at: int, verbatim: bool) -> None:
        if len(self.bp_out) > KEEP:
            half = KEEP // 2
            del self.bp_out[:half], self.bp_in[:half], self.bp_verbatim[:half]
        self.bp_out.append(self.out_len)
        self.bp_in.append(at)
        self.bp_verbatim.append(verbatim)

    def flush(self) -> None:
        """Send the pieces collected to the engine."""
        if self.kept_to > self.kept_from:
            chunk = self.chunk
            if not self.pieces and self.kept_to - self.kept_from == len(chunk) and self.next_in == self.base:
                self.kept_from = self.kept_to  # the whole chunk as it came: the commonest case
                self.out_len += len(chunk)
                self.next_in += len(chunk)
                self.send(chunk)
                return
            self._commit()
        pieces = self.pieces
        if pieces:
            text = pieces[0] if len(pieces) == 1 else "".join(pieces)
            pieces.clear()
            if text:
                self.send(text)

    def input_offset(self, out: int) -> int:
        """The offset in the input of the output character at ``out``."""
        k = max(0, bisect_right(self.bp_out, out) - 1)
        start = self.bp_in[k]
        return start + (out - self.bp_out[k]) if self.bp_verbatim[k] else start

    def error_at(self, cls: type[JsonStreamError], msg: str, pos: int, path: str) -> JsonStreamError:
        """An error at input offset ``pos``, located and excerpted in the input."""
        origin = self.origin
        text = "".join(origin.recent)
        index = max(0, min(pos - origin.offset, len(text)))
        line = origin.line + text.count("\n", 0, index)
        last_newline = text.rfind("\n", 0, index)
        column = index - last_newline if last_newline >= 0 else origin.offset + index - origin.line_start + 1
        edge = Position.EXCERPT
        excerpt = text[max(0, index - edge) : index] + ">>>" + text[index : index + edge]
        return cls(msg, excerpt, origin.offset + index, lineno=line, colno=column, path=path)

    def translate(self, error: JsonStreamError) -> JsonStreamError:
        """The engine's ``error`` (located in the output) located in the input."""
        return self.error_at(type(error), error.msg, self.input_offset(error.pos), error.path)
