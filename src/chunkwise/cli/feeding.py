"""Handing the input to the engine: bytes or text, bare JSON or JSON inside model output.

Bare JSON (``--frame none``) goes to the engine as it came: bytes stay bytes, so the
engine decodes UTF-8 itself (split characters, the BOM, invalid bytes as a located
error). Framed input (``--frame auto``) goes through :class:`JsonFramer` until the
JSON starts; for bytes, the skipped part is decoded with ``surrogateescape``, so that
the chunk in which the JSON starts can be encoded back to exactly the bytes that came
(with any bytes of a character still cut off) and every later chunk goes to the
engine untouched. The skipped text is counted (characters, lines, the last line's
length) so that errors are located in the whole input, not in the JSON alone.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from chunkwise.jsonstream import IncompleteJsonError, IncrementalJsonParser, JsonFramer, JsonStreamError, RepairRecord

__all__ = ["JsonFeed", "Location"]


@dataclass(frozen=True)
class Location:
    """Where an error is, counted in the whole input (characters, 1-based line and column)."""

    pos: int
    lineno: int
    colno: int


class JsonFeed:
    """Feeds one JSON value to ``engine`` from input chunks; see the module docstring.

    ``engine`` must be made with ``trailing="ignore"`` when ``framed``: text after the
    value is then not looked at (the framer hands on everything once the JSON began,
    up to the closing line of a fence: fenced chunks keep going through the framer).
    """

    __slots__ = ("engine", "framer", "_decoder", "_skipped", "_lines", "_column", "_read", "_binary")

    def __init__(self, engine: IncrementalJsonParser, *, framed: bool) -> None:
        self.engine = engine
        self.framer = JsonFramer() if framed else None
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self._skipped = 0  # characters before the JSON
        self._lines = 0  # newlines among them
        self._column = 0  # characters after the last of them
        self._read = 0  # characters read by the framer
        self._binary = False  # the input is bytes

    def feed(self, chunk: bytes | str) -> None:
        """The next chunk of input (all chunks of one kind: bytes, or text)."""
        framer = self.framer
        if framer is None:
            self.engine.feed(chunk)
        elif framer.found and not framer.fenced:
            if not self.engine.done:  # what follows the value is not read
                self.engine.feed(chunk)
        else:
            self._frame(chunk)

    def _frame(self, chunk: bytes | str) -> None:
        """Look for the JSON's start in ``chunk`` (or a fence's closing line); hand on
        what belongs to the JSON."""
        framer = self.framer
        assert framer is not None
        self._binary = not isinstance(chunk, str)
        text = chunk if isinstance(chunk, str) else self._decoder.decode(chunk)
        before = self._read
        self._read += len(text)
        searching = not framer.found
        part = framer.feed(text)
        if searching:
            self._count_skipped(text[: framer.start - before] if framer.start is not None else text)
        if not part or self.engine.done:
            return
        if isinstance(chunk, str):
            self.engine.feed(part)
        else:  # the very bytes that came, with those of a character the chunk cut off
            self._feed_bytes(part, held=framer.holding)

    def _feed_bytes(self, part: str, *, held: bool) -> None:
        """``part`` as the bytes that came; unless the framer holds text after it, with
        the bytes of a character still cut off (then no longer kept by the decoder)."""
        pending = b"" if held else self._decoder.getstate()[0]
        self.engine.feed(part.encode("utf-8", "surrogateescape") + pending)
        if pending:
            self._decoder.reset()

    def close(self) -> None:
        """End of input: raise the engine's error if the value is cut off or invalid."""
        framer = self.framer
        if framer is not None and (not framer.found or framer.fenced):
            fenced = framer.fenced
            held = framer.close()  # a bare literal that ended the output, or a fence's held text
            if framer.start is None:  # an empty fence: nothing was handed on (located at the end)
                self._skipped = self._read
                raise IncompleteJsonError(
                    "No JSON value in the input (only prose, fences or <think> were read)")
            pending = self._decoder.getstate()[0] if fenced else b""
            if (held or pending) and not self.engine.done:
                if self._binary:
                    self._feed_bytes(held, held=False)
                else:
                    self.engine.feed(held)
        self.engine.close()

    def _count_skipped(self, text: str) -> None:
        if not text:
            return
        self._skipped += len(text)
        newlines = text.count("\n")
        if newlines:
            self._lines += newlines
            self._column = len(text) - text.rfind("\n") - 1
        else:
            self._column += len(text)

    def locate(self, error: JsonStreamError | RepairRecord) -> Location:
        """``error``'s (or a repair's) position in the whole input (the engine counts from the JSON's start)."""
        if error.lineno == 1:
            return Location(self._skipped + error.pos, self._lines + 1, self._column + error.colno)
        return Location(self._skipped + error.pos, self._lines + error.lineno, error.colno)
