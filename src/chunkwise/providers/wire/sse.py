"""An incremental decoder of ``text/event-stream`` bodies, exactly per the WHATWG rules.

Sans-I/O: feed it the body's bytes in any chunking, it returns the events that
the bytes completed; ``close()`` at the end of the body. The rules (HTML Living
Standard, "Server-sent events", parsing an event stream):

* the bytes are decoded as UTF-8 (a leading BOM dropped, invalid bytes replaced by
  U+FFFD, as the standard's UTF-8 decode does), characters cut between chunks wait;
* lines end at CRLF, LF or CR only -- never at U+2028, U+0085 or the other breaks
  ``str.splitlines`` knows, which appear unescaped inside JSON strings;
* a blank line dispatches the event; ``:`` starts a comment; ``field: value``
  loses one space after the colon; a line without a colon is a field with an
  empty value; ``data`` lines are joined with LF; ``event`` sets the type;
  ``id`` (unless it holds U+0000) sets the last event id, which later events keep;
  ``retry`` (ASCII digits only) sets :attr:`SSEDecoder.retry`; other fields are
  ignored (and counted in :attr:`SSEDecoder.ignored_lines`, which helps to tell
  someone that the body was not an event stream at all);
* an event whose data buffer is empty is not dispatched; at the end of the body
  an unfinished line or event is discarded (:attr:`SSEDecoder.pending` tells
  whether there was one).
"""

from __future__ import annotations

import codecs
import re

__all__ = ["SSEDecoder", "ServerSentEvent"]

_LINE_END = re.compile(r"\r\n|\r|\n")


class ServerSentEvent:
    """One dispatched event: its ``event`` type (``"message"`` by default), ``data``
    (the data lines joined with LF) and ``id`` (the last event id so far)."""

    __slots__ = ("event", "data", "id")

    def __init__(self, data: str, event: str = "message", id: str = "") -> None:
        self.event = event
        self.data = data
        self.id = id

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return (self.event, self.data, self.id) == (other.event, other.data, other.id)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ServerSentEvent(data={self.data!r}, event={self.event!r}, id={self.id!r})"


class SSEDecoder:
    """Bytes of an event stream in, :class:`ServerSentEvent` objects out."""

    __slots__ = ("_decoder", "_started", "_skip_lf", "_line", "_data", "_event", "_id",
                 "retry", "ignored_lines")

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._started = False  # the BOM check was done
        self._skip_lf = False  # the last text ended with CR: a LF next ends no line
        self._line = ""  # the line being received
        self._data: list[str] = []
        self._event = ""
        self._id = ""
        #: The reconnection time the stream asked for (``retry:``), in milliseconds.
        self.retry: int | None = None
        #: Lines that were neither blank, comments nor known fields.
        self.ignored_lines = 0

    def feed(self, data: bytes) -> list[ServerSentEvent]:
        """The events completed by ``data`` (the next bytes of the body)."""
        return self._text(self._decoder.decode(data))

    def close(self) -> list[ServerSentEvent]:
        """End of the body: what was not finished by a blank line is discarded."""
        events = self._text(self._decoder.decode(b"", final=True))
        self._line, self._data, self._event = "", [], ""
        return events

    @property
    def pending(self) -> bool:
        """Whether received text waits for the end of its line or event."""
        return bool(self._line or self._data)

    def _text(self, text: str) -> list[ServerSentEvent]:
        if not text:
            return []
        if not self._started:
            self._started = True
            if text[0] == "\ufeff":
                text = text[1:]
        if self._skip_lf:
            self._skip_lf = False
            if text[:1] == "\n":
                text = text[1:]
        if "\r" in text:
            self._skip_lf = text[-1] == "\r"
            lines = _LINE_END.split(text)
        else:
            lines = text.split("\n")
        if len(lines) == 1:
            self._line += text
            return []
        lines[0] = self._line + lines[0]
        self._line = lines.pop()
        events: list[ServerSentEvent] = []
        for line in lines:
            if line:
                self._process(line)
            elif self._data:
                events.append(self._dispatch())
            else:  # a blank line ends an event with no data: nothing to dispatch
                self._event = ""
        return events

    def _dispatch(self) -> ServerSentEvent:
        data = "\n".join(self._data)
        event = ServerSentEvent(data, self._event or "message", self._id)
        self._data, self._event = [], ""
        return event

    def _process(self, line: str) -> None:
        """One non-blank line: a field, or a comment."""
        if line[:6] == "data: ":  # the commonest line by far
            self._data.append(line[6:])
            return
        colon = line.find(":")
        if colon == 0:
            return  # a comment
        if colon < 0:
            field, value = line, ""
        else:
            field, value = line[:colon], line[colon + 1:]
            if value[:1] == " ":
                value = value[1:]
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id":
            if "\0" not in value:
                self._id = value
        elif field == "retry":
            if value.isascii() and value.isdigit():
                self.retry = int(value)
        else:
            self.ignored_lines += 1
