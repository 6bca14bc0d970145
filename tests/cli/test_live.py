"""``LiveRegion``: the escape sequences it writes, and how it counts terminal rows."""

from __future__ import annotations

import io
import os

import pytest

from chunkwise.cli.live import LiveRegion, can_redraw, printable, rows

UP, ERASE, HIDE, SHOW = "\x1b[{}A", "\x1b[2K", "\x1b[?25l", "\x1b[?25h"


def region(columns: int = 20, lines: int = 10) -> tuple[LiveRegion, io.BytesIO]:
    out = io.BytesIO()
    return LiveRegion(out, size=lambda: os.terminal_size((columns, lines))), out


def written(out: io.BytesIO) -> str:
    text = out.getvalue().decode()
    out.seek(0)
    out.truncate()
    return text


def erase(rows: int) -> str:
    """Going to the first of the last frame's ``rows``, erasing them, and back."""
    up = UP.format(rows - 1) + "\r" if rows > 1 else "\r"
    return up + ERASE + ("\r\n" + ERASE) * (rows - 1) + up


def test_each_frame_replaces_the_last_from_its_first_row() -> None:
    live, out = region()
    with live:
        assert written(out) == HIDE
        live.draw("one")
        assert written(out) == "\rone"
        live.draw("two\nlines")
        assert written(out) == erase(1) + "two\r\nlines"
        live.draw("x" * 45)  # wraps: 3 rows
        assert written(out) == erase(2) + "x" * 45
        live.draw("done")
        assert written(out) == erase(3) + "done"
    assert written(out) == "\r\n" + SHOW  # the last frame stays, the cursor below it


def test_a_frame_taller_than_the_screen_shows_its_end_then_all_of_it() -> None:
    live, out = region(lines=5)
    frame = "\n".join(f"line {n}" for n in range(8))
    with live:
        live.draw(frame)
        assert written(out).endswith("... 5 more line(s) a\r\nline 5\r\nline 6\r\nline 7")  # 20 columns
        assert live.drawn == 4
    assert written(out) == erase(4) + frame.replace("\n", "\r\n") + "\r\n" + SHOW


def test_rows_count_wide_characters_and_combining_marks() -> None:
    assert rows("", 10) == 1 and rows("x" * 10, 10) == 1 and rows("x" * 11, 10) == 2
    assert rows("\u65e5\u672c" * 3, 10) == 2  # six wide characters: 12 columns
    assert rows("e\u0301" * 10, 10) == 1  # combining accents take no column


def test_control_characters_are_shown_escaped() -> None:
    assert printable("a\x1b[2Jb\u202e\x9bc\nd\u00a0e") == "a\\u001b[2Jb\\u202e\\u009bc\nd\u00a0e"
    live, out = region()
    live.draw("\x1b[31mred")
    assert "\x1b[31m" not in written(out)


def test_only_a_terminal_that_moves_its_cursor_is_redrawn(monkeypatch: pytest.MonkeyPatch) -> None:
    leader, follower = os.openpty()
    with os.fdopen(follower, "wb") as terminal, os.fdopen(leader, "rb"):
        monkeypatch.setenv("TERM", "xterm-256color")
        assert can_redraw(terminal) and not can_redraw(io.BytesIO())
        monkeypatch.setenv("TERM", "dumb")
        assert not can_redraw(terminal)


def test_text_may_keep_tabs() -> None:
    assert printable("a\tb\rc") == "a\\u0009b\\u000dc" and printable("a\tb\rc", keep="\n\t") == "a\tb\\u000dc"
