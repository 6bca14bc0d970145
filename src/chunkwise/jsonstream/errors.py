"""The engine's two error types, and where an error is located in a stream.

``JsonStreamError`` subclasses :class:`json.JSONDecodeError`, so ``except
json.JSONDecodeError`` (and ``except ValueError``) clauses written for ``json.loads``
keep working. Because the engine never keeps the text it has consumed, ``doc`` holds a
short excerpt around the error instead of the whole document; ``pos``, ``lineno`` and
``colno`` still count from the start of the stream.
"""

from __future__ import annotations

import json
from typing import Any


class JsonStreamError(json.JSONDecodeError):
    """Invalid JSON (or a misused parser), with where it was found.

    Attributes: ``msg`` (what was wrong), ``pos`` (character offset from the start of
    the stream), ``lineno`` and ``colno`` (1-based), ``path`` (JSON Pointer of the
    value being written, ``""`` for the top level) and ``excerpt`` (the text around
    the error, the offending character marked by ``>>>``).
    """

    def __init__(
        self,
        msg: str,
        doc: str = "",
        pos: int = 0,
        *,
        lineno: int = 1,
        colno: int = 1,
        path: str = "",
    ) -> None:
        # json.JSONDecodeError.__init__ derives line and column from the whole
        # document, which a stream no longer has; set the fields directly.
        where = f"line {lineno} column {colno} (char {pos})"
        if path:
            where += f", at {_shorten(path)}"
        detail = f"{msg}: {where}"
        if doc:
            detail += f": {doc!r}"
        ValueError.__init__(self, detail)
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno
        self.path = path

    @property
    def excerpt(self) -> str:
        """The text around the error, the offending character after ``>>>``."""
        return self.doc

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.msg, self.doc, self.pos, self.lineno, self.colno, self.path))


class IncompleteJsonError(JsonStreamError):
    """The text was valid so far but ended (``close()``) before the JSON value did."""


def _shorten(text: str, limit: int = 60) -> str:
    """``text``, or its end behind an ellipsis when longer than ``limit``."""
    return text if len(text) <= limit else "…" + text[-limit:]


def _rebuild(
    cls: type[JsonStreamError], msg: str, doc: str, pos: int, lineno: int, colno: int, path: str
) -> JsonStreamError:
    return cls(msg, doc, pos, lineno=lineno, colno=colno, path=path)


class Position:
    """Tracks line and column across chunks without keeping consumed text.

    The parser appends each consumed chunk to ``recent`` (one list append per
    chunk); newlines are counted in batches, with one C-level join, as the list is
    trimmed, or when an error needs them. At least ``EXCERPT`` chunks stay in
    ``recent``, so an excerpt always has ``EXCERPT`` characters of context.
    """

    __slots__ = ("offset", "line", "line_start", "recent")

    EXCERPT = 24
    #: ``recent`` is trimmed when it grows past this many chunks.
    LIMIT = 64

    def __init__(self) -> None:
        self.offset = 0  # characters counted (those before ``recent``)
        self.line = 1  # line number at ``offset``
        self.line_start = 0  # offset of the first character of that line
        self.recent: list[str] = []  # the chunks consumed since ``offset``

    @property
    def at_start(self) -> bool:
        """Whether nothing has been consumed yet."""
        return self.offset == 0 and not self.recent

    def trim(self) -> None:
        """Count the older half of ``recent`` into offset and line, and drop it."""
        self._count(len(self.recent) - self.EXCERPT)

    def _count(self, chunks: int) -> None:
        text = "".join(self.recent[:chunks])
        if "\n" in text:
            self.line += text.count("\n")
            self.line_start = self.offset + text.rfind("\n") + 1
        self.offset += len(text)
        del self.recent[:chunks]

    def error(
        self, cls: type[JsonStreamError], msg: str, text: str, index: int, path: str
    ) -> JsonStreamError:
        """Build an error for ``text[index]``, ``text`` being the chunk being read."""
        context = "".join(self.recent[-self.EXCERPT :])
        self._count(len(self.recent))  # ``offset`` is now where ``text`` starts
        index = max(0, min(index, len(text)))
        line = self.line + text.count("\n", 0, index)
        last_newline = text.rfind("\n", 0, index)
        if last_newline >= 0:
            column = index - last_newline
        else:
            column = self.offset + index - self.line_start + 1
        before = (context + text[:index])[-self.EXCERPT :]
        after = text[index : index + self.EXCERPT]
        return cls(msg, before + ">>>" + after, self.offset + index, lineno=line, colno=column, path=path)
