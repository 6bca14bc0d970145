"""The low-level event stream replayed into a value equals json.loads.

Events collected after every feed and after close (str and bytes chunks) must form a
well-nested stream (start/end balanced, keys only inside objects and followed by
exactly one value, no container carried by a "value" event), a run of
"string_part" events is followed by the string's full "value" (or "key") event that
starts with their concatenation, and the rebuilt value equals json.loads(text) and
close()'s value.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jsonstream_props import check_events, chunkings, valid_texts


@given(st.data(), valid_texts)
def test_events_replay_to_loads(data: st.DataObject, text: str) -> None:
    check_events(text, data.draw(chunkings(text), label="chunks"))


@given(st.data(), valid_texts)
def test_events_replay_bytes(data: st.DataObject, text: str) -> None:
    raw = text.encode("utf-8")
    check_events(raw, data.draw(chunkings(raw), label="chunks"))
