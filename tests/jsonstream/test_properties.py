"""Split invariance, completion rules, monotonicity and snapshot stability.

For JSON texts from two independent sources -- Hypothesis values serialised by
json.dumps in varied layouts, and texts generated from grammars/json.lark -- fed in
chunks cut at random positions (and one character / one byte at a time):

* close() == json.loads(text) (type-exact, NaN-aware, key order kept);
* fed one character at a time, the value shown after each character is exactly what
  the completion rules of DESIGN.md give for that prefix (an independent model in
  jsonstream_reference.scan_prefix), and parse_partial_json(prefix) agrees;
* feed() returns False only when the shown value is unchanged, and True only when
  it changed (the latter in its own test, so it cannot mask the others);
* every shown value keeps everything the previous one showed (a number may change,
  a string grows; nothing in the atomic/complete policies changes at all);
* the values shown for any chunking are a subsequence of the one-character sequence;
  one byte at a time shows the same sequence as one character at a time, and byte
  chunkings that split UTF-8 sequences are subsequences too;
* every snapshot handed out is unchanged at the end (deep copies taken at hand-out).
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jsonstream_props import check_feed_result, check_split_invariance, chunkings, dumped_texts, grammar_texts, valid_texts


@given(st.data(), dumped_texts(), st.sampled_from(["partial", "partial", "atomic", "complete"]))
def test_split_invariance_dumped_values(data: st.DataObject, text: str, completion: str) -> None:
    check_split_invariance(text, data.draw(chunkings(text), label="chunks"), completion)


@given(st.data(), grammar_texts(), st.sampled_from(["partial", "partial", "atomic", "complete"]))
def test_split_invariance_grammar_texts(data: st.DataObject, text: str, completion: str) -> None:
    check_split_invariance(text, data.draw(chunkings(text), label="chunks"), completion)


@given(st.data(), valid_texts)
def test_feed_returns_true_exactly_when_value_changed(data: st.DataObject, text: str) -> None:
    check_feed_result(text, data.draw(chunkings(text), label="chunks"))
