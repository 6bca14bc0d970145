"""Byte chunks to text: incremental UTF-8 with a leading byte-order mark skipped.

A character split across chunks is held back until its last byte arrives.
Invalid bytes are reported with the valid text before them, so that the parser can
read that text first and report the bytes at the right position.
"""

from __future__ import annotations

import codecs


class InvalidUtf8(Exception):
    """Bytes that are not UTF-8, after ``valid`` text that was."""

    def __init__(self, valid: str, bad: bytes) -> None:
        super().__init__(f"Invalid UTF-8 byte(s) {bad!r}")
        self.valid = valid
        self.bad = bad


class Utf8Input:
    """Decodes the byte chunks of one stream."""

    def __init__(self, at_start: bool) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._bom_possible = at_start  # the next character may be a byte-order mark

    def decode(self, chunk: bytes | bytearray | memoryview) -> str:
        """The text of ``chunk`` (possibly empty); raises :class:`InvalidUtf8`."""
        try:
            text: str = self._decoder.decode(chunk)
        except UnicodeDecodeError as error:
            valid = bytes(error.object[: error.start]).decode("utf-8")
            raise InvalidUtf8(self._without_bom(valid), bytes(error.object[error.start : error.end])) from None
        return self._without_bom(text)

    @property
    def pending(self) -> bool:
        """Whether the bytes so far end inside a character."""
        return self._decoder.getstate()[0] != b""

    def complete(self) -> bool:
        """Whether the bytes ended between characters."""
        try:
            self._decoder.decode(b"", True)
        except UnicodeDecodeError:
            return False
        return True

    def _without_bom(self, text: str) -> str:
        if self._bom_possible and text:
            self._bom_possible = False
            if text[0] == "\ufeff":
                return text[1:]
        return text
