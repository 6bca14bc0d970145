"""A block of lines at the bottom of a terminal, redrawn in place as a value grows.

Each :meth:`LiveRegion.draw` moves the cursor back to the block's first row (``CSI
n A``, then ``CR``), erases the old frame's rows one by one (``CSI 2 K``) and
writes the new frame there. It never erases the screen with ``CSI J``: tmux, for
one, saves a screen erased from its top-left corner into the scrollback, so every
frame would be kept there. The block's height is counted in terminal rows (a
long line wraps; wide characters take two columns). A frame taller than the screen
shows its last rows under a line saying how many are hidden (the cursor cannot go
above the screen, so what scrolled off could never be redrawn); at the end the
whole final frame is written. Control characters are shown escaped: a frame never
moves the cursor or changes the terminal by itself.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from collections.abc import Callable
from typing import BinaryIO

__all__ = ["LiveRegion", "can_redraw", "printable", "rows"]

_HIDE_CURSOR, _SHOW_CURSOR, _ERASE_LINE = "\x1b[?25l", "\x1b[?25h", "\x1b[2K"


def can_redraw(out: BinaryIO) -> bool:
    """Whether ``out`` is a terminal that moves its cursor (not one with ``TERM=dumb``)."""
    return out.isatty() and os.environ.get("TERM") != "dumb"


def printable(text: str, keep: str = "\n") -> str:
    """``text`` with control and format characters (but those in ``keep``) shown as ``\\uXXXX``."""
    if text.isprintable():
        return text
    return "".join(
        char if char in keep or char.isprintable() or unicodedata.category(char) == "Zs"
        else f"\\u{ord(char):04x}" for char in text)


def width(line: str) -> int:
    """The columns ``line`` takes on a terminal: wide characters 2, combining marks 0."""
    if line.isascii():
        return len(line)
    total = 0
    for char in line:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return total


def rows(line: str, columns: int) -> int:
    """The terminal rows ``line`` takes when it wraps at ``columns``."""
    return max(1, -(-width(line) // columns))


class LiveRegion:
    """Redraws a frame of text in place at the bottom of a terminal (see the module).

    Use it as a context manager: the cursor is hidden while frames are drawn, and at
    the end the last frame stays on the screen, whole, with the cursor below it.
    """

    def __init__(self, out: BinaryIO,
                 size: Callable[[], os.terminal_size] = shutil.get_terminal_size) -> None:
        self.out = out
        self.size = size
        self.frame = ""  # the last frame drawn
        self.drawn = 0  # the rows it takes on the screen (the cursor is on its last one)

    def __enter__(self) -> LiveRegion:
        self._write(_HIDE_CURSOR)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def draw(self, frame: str) -> None:
        """Replace what the last draw showed with ``frame``."""
        columns, height = self.size()
        columns = max(1, columns)
        lines = printable(frame).split("\n")
        shown, hidden = _tail(lines, columns, max(2, height - 1))
        if hidden:  # one row, however narrow the terminal
            shown.insert(0, f"... {hidden} more line(s) above"[:columns])
        self._over(shown, columns)
        self.frame = frame

    def close(self) -> None:
        """Leave the last frame for good -- all of it, even when taller than the screen --
        and move below it."""
        if self.drawn:
            columns, height = self.size()
            columns = max(1, columns)
            lines = printable(self.frame).split("\n")
            if sum(rows(line, columns) for line in lines) > max(2, height - 1):
                self._over(lines, columns)
            self._write("\r\n")
            self.drawn = 0
        self._write(_SHOW_CURSOR)

    def _over(self, lines: list[str], columns: int) -> None:
        """Erase the last frame row by row from its first row, then write ``lines`` there."""
        parts = [f"\x1b[{self.drawn - 1}A\r" if self.drawn > 1 else "\r"]
        if self.drawn:
            parts.append(_ERASE_LINE + f"\r\n{_ERASE_LINE}" * (self.drawn - 1))
            parts.append(f"\x1b[{self.drawn - 1}A\r" if self.drawn > 1 else "\r")
        parts.append("\r\n".join(lines))
        self._write("".join(parts))
        self.drawn = sum(rows(line, columns) for line in lines)

    def _write(self, text: str) -> None:
        self.out.write(text.encode("utf-8", "replace"))
        self.out.flush()


def _tail(lines: list[str], columns: int, budget: int) -> tuple[list[str], int]:
    """The last lines that fit in ``budget`` rows (one row kept for a "more above" line
    when some do not fit), and how many lines were left out."""
    total = sum(rows(line, columns) for line in lines)
    if total <= budget:
        return list(lines), 0
    kept: list[str] = []
    used = 0
    for line in reversed(lines):
        need = rows(line, columns)
        if used + need > budget - 1:
            if not kept:  # one line taller than the screen: its end
                kept.append(line[-(budget - 1) * columns // 2:])
            break
        kept.append(line)
        used += need
    kept.reverse()
    return kept, len(lines) - len(kept)
