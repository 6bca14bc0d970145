"""The SSE decoder: the WHATWG rules case by case, then split invariance over every
byte chunking against a whole-body oracle."""

from __future__ import annotations

import json

from hypothesis import strategies as st

from chunkwise.providers.wire import ServerSentEvent, SSEDecoder
from chunkwise.testing import (
    check_final_matches,
    check_no_internal_errors,
    check_split_invariance,
)

from .sse_reference import parse_event_stream


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    events = [event for chunk in chunks for event in decoder.feed(chunk)]
    return events + decoder.close()


def test_data_lines_are_joined_with_lf_and_one_space_after_the_colon_is_dropped() -> None:
    assert decode(b"data: a\ndata:  b\ndata:c\n\n") == [ServerSentEvent("a\n b\nc")]


def test_lines_end_at_crlf_lf_or_cr_only() -> None:
    assert decode(b"data: 1\r\n\r\ndata: 2\r\rdata: 3\n\n") == [
        ServerSentEvent("1"), ServerSentEvent("2"), ServerSentEvent("3")]
    # U+2028, U+2029 and U+0085 inside JSON end no line (str.splitlines would cut there)
    payload = json.dumps({"t": "a\u2028b\u2029c\x85d\x0be\x1cf"}, ensure_ascii=False)
    [event] = decode(f"data: {payload}\n\n".encode())
    assert json.loads(event.data) == {"t": "a\u2028b\u2029c\x85d\x0be\x1cf"}


def test_a_crlf_cut_between_chunks_is_one_line_end() -> None:
    assert decode(b"data: a\r", b"\n", b"\r", b"\n") == [ServerSentEvent("a")]
    assert decode(b"data: a\r", b"\r") == [ServerSentEvent("a")]


def test_event_id_retry_and_comments() -> None:
    decoder = SSEDecoder()
    events = decoder.feed(b": keep-alive\nevent: delta\nid: 7\nretry: 1500\ndata: x\n\n"
                          b"data: y\n\nid: bad\0id\nretry: 1s\ndata: z\n\n")
    assert events == [ServerSentEvent("x", "delta", "7"), ServerSentEvent("y", "message", "7"),
                      ServerSentEvent("z", "message", "7")]
    assert decoder.retry == 1500
    assert decoder.ignored_lines == 0


def test_events_without_data_are_not_dispatched_and_reset_the_type() -> None:
    assert decode(b"event: ping\n\ndata: a\n\n") == [ServerSentEvent("a")]
    assert decode(b"data\n\n") == [ServerSentEvent("")]  # a field name alone: empty value
    assert decode(b"data:\ndata:\n\n") == [ServerSentEvent("\n")]


def test_unknown_fields_are_ignored_and_counted() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b'{"not": "sse"}\n{"x": 1}\n') == []
    assert decoder.ignored_lines == 2


def test_bom_and_utf8_cut_anywhere() -> None:
    body = "\ufeffdata: é😀\n\n".encode()
    assert decode(*[body[i:i + 1] for i in range(len(body))]) == [ServerSentEvent("é😀")]
    assert decode(b"\xef\xbb\xbf\xef\xbb\xbfdata: a\n\n") == []  # only one BOM is dropped
    assert decode(b"data: \xff\n\n") == [ServerSentEvent("\ufffd")]  # UTF-8 decode replaces


def test_an_unfinished_event_at_the_end_is_discarded() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n\ndata: b") == [ServerSentEvent("a")]
    assert decoder.pending
    assert decoder.close() == []
    assert decode(b"data: a\n") == []


# ---- properties --------------------------------------------------------------------

_LINES = st.one_of(
    st.builds(lambda v: f"data: {json.dumps(v, ensure_ascii=False)}",
              st.dictionaries(st.text(max_size=3), st.text(max_size=6), max_size=2)),
    st.sampled_from(["data", "data:", "data:  x", "event: ping", "event:", "id: 3", "id",
                     "id: a\0b", "retry: 250", "retry: 2s", ": comment", ":", "junk", "x: y",
                     "", "", "", "\ufeff", "data: \u2028\x85"]),
    st.text(max_size=8),
)
_ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def event_streams(draw: st.DrawFn) -> bytes:
    """Bodies made of events (field lines, then a blank line), any line ends, a BOM,
    bytes that are not UTF-8 and a cut-off end."""
    events = draw(st.lists(st.lists(_LINES, max_size=4), max_size=6))
    lines = [line for event in events for line in (*event, "")]
    ends = draw(st.lists(_ENDS, min_size=len(lines), max_size=len(lines)))
    body = "".join(line + end for line, end in zip(lines, ends)).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        body = "\ufeff".encode() + body
    if draw(st.booleans()):
        body += draw(st.binary(max_size=4)) + draw(st.sampled_from([b"", b"\n\n", b"data: z"]))
    return body


def collect(shown: list[ServerSentEvent], event: ServerSentEvent) -> list[ServerSentEvent]:
    return [*shown, event]


def test_split_invariance_over_every_byte_chunking() -> None:
    check_split_invariance(SSEDecoder, event_streams(), combine=collect, start=[])


def test_the_events_are_those_of_the_whole_body_oracle() -> None:
    check_final_matches(SSEDecoder, event_streams(), oracle=parse_event_stream,
                        combine=collect, start=[])


def test_any_bytes_give_events_never_an_error() -> None:
    check_no_internal_errors(SSEDecoder, st.binary(max_size=64), allowed=())
