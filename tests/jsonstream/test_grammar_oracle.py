"""grammars/json.lark as the reference recogniser, and near-JSON texts.

* The grammar itself: accepts every y_ file of JSONTestSuite and rejects every n_
  file (as text), accepts what json.dumps writes, loads as package data.
* The prefix model used as an oracle elsewhere: every prefix of a valid text is
  viable (its closing suffix makes a text the grammar accepts).
* Near-JSON: valid texts mutated by inserting, deleting or replacing a character
  (or a token such as NaN), or truncated. In strict mode the engine accepts exactly
  the texts the grammar accepts (with json.loads' value); a cut-off but viable text
  raises IncompleteJsonError at close(); any other invalid text raises
  JsonStreamError (never IncompleteJsonError) while feeding, with pos = the first
  character that makes the text non-viable, matching lineno/colno, the same pos for
  every chunking and for bytes; after an error every call raises it again. With
  strict=False the engine accepts exactly what json.loads(strict=False) accepts.
  Nothing but JsonStreamError ever escapes.
"""

from __future__ import annotations

import json
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jsonstream_props import check_near_json, chunkings, mutated_texts, valid_texts
from jsonstream_reference import CONFORMANCE_DIR, grammar_accepts, scan_prefix


def test_grammar_is_package_data() -> None:
    text = (files("chunkwise.grammars") / "json.lark").read_text(encoding="utf-8")
    assert "NUMBER" in text and "STRING" in text


@pytest.mark.parametrize(
    "text, ok",
    [
        ("{}", True), (" [ 1 , {\"a\" : null } ] \n", True), ('"\\u00e9\\ud800"', True), ("-0.0e+1", True),
        ("01", False), ("[1,]", False), ("NaN", False), ('"\x01"', False), ("1 2", False), ("", False),
        (" ", False), ("[1.]", False), (".5", False), ("+1", False), ("[\"\\x\"]", False), ("truex", False),
    ],
)
def test_grammar_examples(text: str, ok: bool) -> None:
    assert grammar_accepts(text) is ok


def test_grammar_on_conformance_suite() -> None:
    if not CONFORMANCE_DIR.is_dir():
        pytest.skip(f"JSONTestSuite not found at {CONFORMANCE_DIR} (only in the project's shared workspace)")
    wrong = []
    for path in sorted(CONFORMANCE_DIR.glob("[yn]_*.json")):
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        if path.name.startswith("n_structure_100000") or path.name == "n_structure_open_array_object.json":
            continue  # deep: lark builds its tree recursively
        if grammar_accepts(text) != path.name.startswith("y_"):
            wrong.append(path.name)
    assert not wrong


@given(valid_texts)
def test_grammar_agrees_with_json_dumps_and_prefix_model(text: str) -> None:
    assert grammar_accepts(text)
    json.loads(text)
    step = max(1, len(text) // 40)
    for i in range(0, len(text) + 1, step):
        _, suffix = scan_prefix(text[:i])
        assert grammar_accepts(text[:i] + suffix), (text[:i], suffix)


@given(st.data(), mutated_texts())
def test_near_json_accepted_iff_grammar_accepts(data: st.DataObject, text: str) -> None:
    check_near_json(text, data.draw(chunkings(text), label="chunks"))
