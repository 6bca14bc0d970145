"""JSON Patch output rebuilds every shown value.

Patches are taken after some feeds (a random subset, so changes accumulate between
looks), then p.value is read (also a look). Applying the RFC 6902 ops in order with
the independent ``jsonpatch`` library -- compact ops with a tiny applier of our own
that knows the "append" extension -- must give exactly the value shown; RFC mode must
use RFC 6902 ops only; the first op after "nothing" adds the root; a look with no
change yields []; patches and values handed out are never mutated later; the ops
after close() bring the document to the final value.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from typing import Any

from chunkwise import IncrementalJsonParser
from chunkwise.testing import same
from jsonstream_props import apply_compact, apply_rfc, check_patches, chunkings, valid_texts
from jsonstream_reference import has_duplicate_keys


@given(st.data(), valid_texts, st.booleans(), st.sampled_from(["partial", "partial", "atomic", "complete"]))
def test_patches_rebuild_every_shown_value(data: st.DataObject, text: str, compact: bool, completion: str) -> None:
    chunks = data.draw(chunkings(text), label="chunks")
    looks = data.draw(st.lists(st.booleans(), min_size=len(chunks), max_size=len(chunks)), label="looks")
    check_patches(text, chunks, looks, compact=compact, completion=completion)


@given(st.data(), valid_texts, st.booleans())
def test_patches_over_bytes(data: st.DataObject, text: str, compact: bool) -> None:
    raw = text.encode("utf-8")
    chunks = data.draw(chunkings(raw), label="chunks")
    check_patches(raw, chunks, [True] * len(chunks), compact=compact)


def test_a_repeated_key_may_bring_back_what_the_last_look_showed() -> None:
    # Found by the fuzz campaign: the look comes before the parser sees any key
    # repeated, and close() is the next look. The operations then net to nothing;
    # they must still rebuild the final value.
    text = '{"00\\\\": ["",{}] ,"":{"":{},"":{}},"":{}}'
    chunks = ['{"00\\\\": ["",{}] ,"":{"":', '{},"":{}},"":{}}']
    assert "".join(chunks) == text
    for compact in (False, True):
        check_patches(text, chunks, [True, False], compact=compact)


def test_a_look_that_finds_nothing_changed_keeps_what_a_repeated_key_replaced() -> None:
    # Found while building the repeated-key tracking: the second look changes nothing
    # (the member completed as shown, and the key repeats), so it must not forget that
    # the member was replaced since the first look.
    text = '[1,1,{"a": -0.5, "a\\u0062": "", "~/": 1, "~/": {"a": 1e5}, "~/": 1},{"a": "\\u00e9\\n"}]'
    chunks = ['[1,1,{"a": -0.5, "a\\u0062": "", "~/": 1, "~/": {"a": 1e5', '}, "~/": ', '1},{"a": "\\u00e9\\n"}]']
    assert "".join(chunks) == text
    for compact in (False, True):
        check_patches(text, chunks, [True, True, True], compact=compact)


@given(st.data(), valid_texts, st.booleans())
def test_retain_false_patches_are_the_same_and_rebuild_the_value(data: st.DataObject, text: str, compact: bool) -> None:
    # Released members are never needed again, so the operations are those of a parser
    # that keeps everything; only a key repeated after its first member was released
    # may be reported as an add again (which still rebuilds the value).
    chunks = data.draw(chunkings(text), label="chunks")
    looks = data.draw(st.lists(st.booleans(), min_size=len(chunks), max_size=len(chunks)), label="looks")
    kept, released = IncrementalJsonParser(), IncrementalJsonParser(retain=False)
    repeats = has_duplicate_keys(text)
    doc: Any = None
    for chunk, look in zip(chunks, looks):
        changed = kept.feed(chunk), released.feed(chunk)
        assert repeats or changed[0] == changed[1]
        if look:
            ops = released.patches(compact=compact)
            assert repeats or ops == kept.patches(compact=compact)
            doc = apply_compact(doc, ops) if compact else apply_rfc(doc, ops)
    final = kept.close()
    assert released.close() is None
    doc = apply_compact(doc, released.patches(compact=compact)) if compact else apply_rfc(doc, released.patches())
    assert same(doc, final)
