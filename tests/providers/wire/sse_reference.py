"""A whole-body event-stream parser written straight from the WHATWG text: the oracle.

It reads the entire body at once (no chunk state at all) and follows the
standard's steps literally -- the data buffer is a string that gets a LF after
every data line and loses its last LF on dispatch -- so it shares no code or
shortcut with the incremental ``SSEDecoder``.
"""

from __future__ import annotations

import re

from chunkwise.providers.wire import ServerSentEvent


def parse_event_stream(body: bytes) -> list[ServerSentEvent]:
    text = body.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    # Every line is followed by an end-of-line; what follows the last one is no line.
    *lines, _unterminated = re.split(r"\r\n|\r|\n", text)
    events = []
    data, event_type, last_id = "", "", ""
    for line in lines:
        if line == "":
            if data == "":
                event_type = ""
                continue
            if data.endswith("\n"):
                data = data[:-1]
            events.append(ServerSentEvent(data, event_type or "message", last_id))
            data, event_type = "", ""
            continue
        if line.startswith(":"):
            continue
        if ":" in line:
            field, value = line.split(":", 1)
            if value.startswith(" "):
                value = value[1:]
        else:
            field, value = line, ""
        if field == "event":
            event_type = value
        elif field == "data":
            data += value + "\n"
        elif field == "id" and "\0" not in value:
            last_id = value
    return events
