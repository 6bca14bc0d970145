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
    value is then not looked at (the framer hands on everything once the JSON began).
    """

    __slots__ = ("engine", "framer", "_decoder", "_skipped", "_lines", "_column")

    def __init__(self, engine: IncrementalJsonParser, *, framed: bool) -> None:
        self.engine = engine
        self.framer = JsonFramer() if framed else None
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self._skipped = 0  # characters before the JSON
        self._lines = 0  # newlines among them
        self._column = 0  # characters after the last of them

    def feed(self, chunk: bytes | str) -> None:
        """The next chunk of input (all chunks of one kind: bytes, or text)."""
        framer = self.framer
        if framer is None:
            self.engine.feed(chunk)
        elif framer.found:
            if not self.engine.done:  # what follows the value is not read
                self.engine.feed(chunk)
        else:
            self._frame(chunk)

    def _frame(self, chunk: bytes | str) -> None:
        """Look for the JSON's start in ``chunk``; hand on what belongs to the JSON."""
        assert self.framer is not None
        text = chunk if isinstance(chunk, str) else self._decoder.decode(chunk)
        part = self.framer.feed(text)
        self._count_skipped(text[: len(text) - len(part)])
        if not part:
            return
        if isinstance(chunk, str):
            self.engine.feed(part)
        else:  # the very bytes that came, with those of a character the chunk cut off
            pending = self._decoder.getstate()[0]
            self.engine.feed(part.encode("utf-8", "surrogateescape") + pending)

    def close(self) -> None:
        """End of input: raise the engine's error if the value is cut off or invalid."""
        framer = self.framer
        if framer is not None and not framer.found:
            held = framer.close()  # a bare literal that ended the output
            if not held:
                raise IncompleteJsonError(
                    "No JSON value in the input (only prose, fences or <think> were read)")
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
