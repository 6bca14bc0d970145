"""List parsers: comma-separated, numbered and Markdown lists, streamed item by item.

``grammars/lists.lark`` is the executable specification of the three formats; the
tests parse with it and compare. While streaming, each item is emitted as soon as
it is complete, as a one-item list (as LangChain does), so the chunks added with
``+`` are the whole list. State is kept per call in a session; each character is
read once (C-level searches from where the last step stopped), so cost is linear
in the output however it is split.

Rules shared by all three: items are stripped of surrounding blank space and empty
items are dropped (a trailing separator, blank lines); ``\\r\\n`` and ``\\r`` end
lines like ``\\n``.
"""

from __future__ import annotations

import re


from chunkwise.parsers.base import BaseTransformOutputParser, ParserInput, ParseSession, text_of
from chunkwise.parsers.format_instructions import (
    COMMA_LIST_INSTRUCTIONS,
    MARKDOWN_LIST_INSTRUCTIONS,
    NUMBERED_LIST_INSTRUCTIONS,
)

__all__ = [
    "CommaSeparatedListOutputParser",
    "ListOutputParser",
    "MarkdownListOutputParser",
    "NumberedListOutputParser",
]

Items = list[list[str]]


class ListOutputParser(BaseTransformOutputParser[list[str]]):
    """A parser whose output is a list of strings, streamed one item at a time."""

    def parse(self, text: str) -> list[str]:
        return [item for [item] in self.stream_all(text)]


# ---------------------------------------------------------------- comma-separated

# Where each state of a comma-separated list stops reading.
_ITEM_START = re.compile(r"[^ \t]")
_BARE_END = re.compile(r"[,\r\n]")

_START, _BARE, _QUOTED, _QUOTE, _TAIL = range(5)


class _CommaSession(ParseSession[list[str]]):
    """Items separated by commas or line breaks; ``"..."`` quotes an item (commas and
    line breaks inside are text, ``""`` is a quote), CSV-style. A quote left open to
    the end keeps the text after it, as ``csv`` does (such text is outside the grammar)."""

    def __init__(self) -> None:
        self.state = _START
        self.pieces: list[str] = []  # the item being read
        self.quoted = 0  # for a quoted item: the length of its quoted text (-1: not quoted)

    def feed(self, chunk: ParserInput) -> Items:
        text = text_of(chunk)
        items: Items = []
        index, size = 0, len(text)
        while index < size:
            index = self._step(text, index, items)
        return items

    def end(self) -> Items:
        items: Items = []
        self._finish(items)
        return items

    def _step(self, text: str, index: int, items: Items) -> int:
        state = self.state
        if state == _START:
            found = _ITEM_START.search(text, index)
            if found is None:
                return len(text)
            index = found.start()
            if text[index] == '"':
                self.state, self.quoted = _QUOTED, 0
                return index + 1
            self.state, self.quoted = _BARE, -1
            return index
        if state == _QUOTED:
            end = text.find('"', index)
            if end < 0:
                self.pieces.append(text[index:])
                return len(text)
            self.pieces.append(text[index:end])
            self.state = _QUOTE
            return end + 1
        if state == _QUOTE:  # a quote inside quotes: doubled, or the closing one
            if text[index] == '"':
                self.pieces.append('"')
                self.state = _QUOTED
                return index + 1
            self.quoted = sum(map(len, self.pieces))
            self.state = _TAIL
            return index
        # _BARE or _TAIL: text up to the next separator
        found = _BARE_END.search(text, index)
        if found is None:
            self.pieces.append(text[index:])
            return len(text)
        self.pieces.append(text[index : found.start()])
        self._finish(items)
        return found.end()

    def _finish(self, items: Items) -> None:
        """End the item being read (at a separator or at the end of the text)."""
        text = "".join(self.pieces)
        if self.state in (_QUOTED, _QUOTE):  # the text ended inside the quotes
            items.append([text])
        elif self.state == _TAIL:
            items.append([text[: self.quoted] + text[self.quoted :].rstrip()])
        elif text.strip():
            items.append([text.strip()])
        self.pieces, self.state = [], _START


class CommaSeparatedListOutputParser(ListOutputParser):
    """``foo, bar, "baz, qux"`` → ``["foo", "bar", "baz, qux"]``, streamed item by item."""

    def session(self) -> ParseSession[list[str]]:
        return _CommaSession()

    def get_format_instructions(self) -> str:
        return COMMA_LIST_INSTRUCTIONS


# ---------------------------------------------------------------- line lists

_LINE_BREAK = re.compile(r"\r\n?|\n")


class _LineSession(ParseSession[list[str]]):
    """Items that are lines matching ``pattern`` (group 1: the item); other lines are
    ignored. A line is joined and matched once, when it ends."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.line: list[str] = []  # pieces of the line being read
        self.after_cr = False  # the last chunk ended with "\r": a "\n" next is the same break

    def feed(self, chunk: ParserInput) -> Items:
        text = text_of(chunk)
        if self.after_cr and text.startswith("\n"):
            text = text[1:]
        self.after_cr = text.endswith("\r")
        lines = _LINE_BREAK.split(text)
        if len(lines) == 1:
            self.line.append(text)
            return []
        self.line.append(lines[0])
        items = self._item("".join(self.line))
        for line in lines[1:-1]:
            items += self._item(line)
        self.line = [lines[-1]]
        return items

    def end(self) -> Items:
        return self._item("".join(self.line))

    def _item(self, line: str) -> Items:
        found = self.pattern.match(line)
        return [[found.group(1)]] if found else []


class _LineListParser(ListOutputParser):
    """A list whose items are the lines matching ``pattern`` (group 1)."""

    pattern: re.Pattern[str]
    instructions: str

    def session(self) -> ParseSession[list[str]]:
        return _LineSession(self.pattern)

    def get_format_instructions(self) -> str:
        return self.instructions


class NumberedListOutputParser(_LineListParser):
    """Lines such as ``1. foo`` or ``2) bar`` → ``["foo", "bar"]``; other lines are ignored."""

    pattern = re.compile(r"[ \t]*\d+[.)][ \t]+(\S.*?)\s*\Z")
    instructions = NUMBERED_LIST_INSTRUCTIONS


class MarkdownListOutputParser(_LineListParser):
    """Lines such as ``- foo``, ``* bar`` or ``+ baz`` → their text; other lines are ignored."""

    pattern = re.compile(r"[ \t]*[-*+][ \t]+(\S.*?)\s*\Z")
    instructions = MARKDOWN_LIST_INSTRUCTIONS
