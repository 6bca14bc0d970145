"""The NDJSON decoder: one value per line in any byte chunking, clear errors for bad lines."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import strategies as st

from chunkwise.providers.wire import NDJSONDecoder, WireFormatError
from chunkwise.testing import (
    check_final_matches,
    check_no_internal_errors,
    check_split_invariance,
    json_values,
)


def decode(*chunks: bytes) -> list[Any]:
    decoder = NDJSONDecoder()
    values = [value for chunk in chunks for value in decoder.feed(chunk)]
    return values + decoder.close()


def test_one_value_per_line_crlf_and_blank_lines() -> None:
    assert decode(b'{"a": 1}\r\n\n  \n[2]\n"\xc3\xa9"') == [{"a": 1}, [2], "é"]


def test_a_line_cut_anywhere_waits() -> None:
    body = '{"t": "é😀"}\n{"u": 2}\n'.encode()
    assert decode(*[body[i:i + 1] for i in range(len(body))]) == [{"t": "é😀"}, {"u": 2}]


def test_bad_lines_raise_naming_the_line() -> None:
    with pytest.raises(WireFormatError, match="NDJSON line 2 is not JSON") as info:
        decode(b'{"a": 1}\n{"a": \n')
    assert info.value.line == b'{"a": '
    with pytest.raises(WireFormatError, match="NDJSON line 1 is not UTF-8"):
        decode(b'"\xff"\n')
    with pytest.raises(WireFormatError, match="line 1 is not JSON"):
        decode(b"data: {}\n")  # an event stream is not NDJSON


def test_pending_tells_an_unfinished_line() -> None:
    decoder = NDJSONDecoder()
    decoder.feed(b'{"a": 1}\n{"b"')
    assert decoder.pending


def collect(shown: list[Any], value: Any) -> list[Any]:
    return [*shown, value]


_BODIES = st.lists(st.tuples(json_values(max_leaves=6), st.sampled_from(["\n", "\r\n", "\n\n"])),
                   max_size=6).map(
    lambda lines: "".join(json.dumps(v, ensure_ascii=False) + end for v, end in lines).encode())


def test_split_invariance_and_oracle() -> None:
    check_split_invariance(NDJSONDecoder, _BODIES, combine=collect, start=[])
    oracle = lambda body: [json.loads(line) for line in body.splitlines() if line.strip()]  # noqa: E731
    check_final_matches(NDJSONDecoder, _BODIES, oracle=oracle, combine=collect, start=[])


def test_any_bytes_give_values_or_a_wire_format_error() -> None:
    check_no_internal_errors(NDJSONDecoder, st.binary(max_size=40), allowed=WireFormatError)
