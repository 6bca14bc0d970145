"""JSONTestSuite (nst/JSONTestSuite, test_parsing/) through the engine.

Every file is fed as bytes in chunks of 1, 2, 3, 7 and 64 bytes, and as str in the
same chunk sizes when it is valid UTF-8:

* y_: close() gives json.loads' value (type-exact, NaN-aware);
* n_: JsonStreamError in strict mode -- never a value, never another exception. The 32
  files that are merely cut off raise IncompleteJsonError, and only at close()
  (max_depth raised for the two deep ones); the others raise while feeding (a file
  that is invalid only because its bytes end inside a UTF-8 sequence may fail at
  close), before or at the offending character;
* i_: nothing but JsonStreamError; when accepted and json.loads (of the str text)
  accepts, the values agree.

The data lives in the project's shared workspace (<repo>/../shared/conformance/), not
in the repository; without it these tests skip.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import pytest

from chunkwise import IncompleteJsonError, IncrementalJsonParser, JsonStreamError
from jsonstream_reference import CONFORMANCE_DIR, reference_loads, same

TRUNCATED = {
    "n_array_incomplete", "n_array_newlines_unclosed", "n_array_unclosed", "n_array_unclosed_trailing_comma",
    "n_array_unclosed_with_new_lines", "n_array_unclosed_with_object_inside", "n_object_missing_value",
    "n_object_no-colon", "n_object_unterminated-value", "n_single_space", "n_string_1_surrogate_then_escape",
    "n_string_escaped_backslash_bad", "n_string_incomplete_escape", "n_string_single_doublequote",
    "n_string_start_escape_unclosed", "n_structure_100000_opening_arrays",
    "n_structure_array_with_unclosed_string", "n_structure_comma_instead_of_closing_brace",
    "n_structure_lone-open-bracket", "n_structure_no_data", "n_structure_object_unclosed_no_value",
    "n_structure_open_array_object", "n_structure_open_array_open_object", "n_structure_open_array_open_string",
    "n_structure_open_array_string", "n_structure_open_object", "n_structure_open_object_open_string",
    "n_structure_unclosed_array", "n_structure_unclosed_array_partial_null",
    "n_structure_unclosed_array_unfinished_false", "n_structure_unclosed_array_unfinished_true",
    "n_structure_unclosed_object",
}
DEEP = {"n_structure_100000_opening_arrays", "n_structure_open_array_object"}
SIZES = (1, 2, 3, 7, 64)


MISSING = f"JSONTestSuite not found at {CONFORMANCE_DIR} (it lives in the project's shared workspace)"


def _files(prefix: str) -> list[Any]:
    """One test parameter per case file; without the data, one that skips and says why."""
    if not CONFORMANCE_DIR.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=MISSING), id="no-data")]
    return [pytest.param(path, id=path.stem) for path in sorted(CONFORMANCE_DIR.glob(prefix + "_*.json"))]


@pytest.fixture(autouse=True)
def _need_data() -> None:
    if not CONFORMANCE_DIR.is_dir():
        pytest.skip(MISSING)


def _feeds(data: bytes) -> list[tuple[str, list[str | bytes]]]:
    out: list[tuple[str, list[str | bytes]]] = [
        (f"bytes/{n}", [data[i : i + n] for i in range(0, len(data), n)]) for n in SIZES
    ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return out
    out += [(f"str/{n}", [text[i : i + n] for i in range(0, len(text), n)]) for n in SIZES]
    return out


def _run(chunks: list[str | bytes], **opts: object) -> tuple[str, object]:
    """('ok', value) | ('feed', error, chunk index) | ('close', error); anything but a
    JsonStreamError propagates and fails the test."""
    p = IncrementalJsonParser(**opts)  # type: ignore[arg-type]
    for n, c in enumerate(chunks):
        try:
            p.feed(c)
        except JsonStreamError as e:
            return ("feed", e, n)
    try:
        return ("ok", p.close())
    except JsonStreamError as e:
        return ("close", e)


@pytest.mark.parametrize("path", _files("y"))
def test_y_files_give_json_loads_value(path: Path) -> None:
    data = path.read_bytes()
    expected = reference_loads(data.decode("utf-8"))
    for how, chunks in _feeds(data):
        res = _run(chunks)
        assert res[0] == "ok", f"{how}: {res!r}"
        assert same(res[1], expected), f"{how}: {res[1]!r} != {expected!r}"


def _invalid_only_at_eof(data: bytes) -> bool:
    """The bytes are valid UTF-8 except for a sequence cut off by the end."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@pytest.mark.parametrize("path", _files("n"))
def test_n_files_raise_json_stream_error(path: Path) -> None:
    data = path.read_bytes()
    name = path.stem
    opts = {"max_depth": 1_000_000} if name in DEEP else {}
    for how, chunks in _feeds(data):
        if name in DEEP and how.endswith("/1") and how.startswith("str"):
            continue  # one char at a time is covered by bytes/1; keep the suite fast
        res = _run(chunks, **opts)
        assert res[0] != "ok", f"{how}: accepted, value {res[1]!r}"
        err = res[1]
        assert isinstance(err, JsonStreamError)
        if name in TRUNCATED or (how.startswith("bytes") and data.startswith(codecs.BOM_UTF8) and not data[3:].strip()):
            # (a UTF-8 BOM opening a byte stream is skipped, so BOM-only bytes are a cut-off empty text)
            assert res[0] == "close" and isinstance(err, IncompleteJsonError), f"{how}: cut-off text gave {res!r}"
        elif res[0] == "close":
            assert _invalid_only_at_eof(data), f"{how}: invalid text only rejected at close(): {err!r}"
        else:
            assert not isinstance(err, IncompleteJsonError), f"{how}: invalid text reported as incomplete: {err!r}"
            if how.startswith("str"):
                text = data.decode("utf-8")
                n_chunk = res[2]
                fed = sum(len(c) for c in chunks[: n_chunk + 1])
                assert err.pos < fed, f"{how}: error pos {err.pos} beyond the text fed so far ({fed})"
                assert 0 <= err.pos <= len(text)


@pytest.mark.parametrize("name", sorted(DEEP))
def test_deep_n_files_hit_max_depth_cleanly(name: str) -> None:
    data = (CONFORMANCE_DIR / f"{name}.json").read_bytes()
    res = _run([data[i : i + 4096] for i in range(0, len(data), 4096)])  # default max_depth
    assert res[0] == "feed" and not isinstance(res[1], IncompleteJsonError), res
    assert "depth" in str(res[1]).lower()


@pytest.mark.parametrize("path", _files("i"))
def test_i_files_never_crash(path: Path) -> None:
    data = path.read_bytes()
    try:
        expected = ("ok", reference_loads(data.decode("utf-8")))
    except (ValueError, RecursionError):
        expected = ("error", None)
    for how, chunks in _feeds(data):
        res = _run(chunks)
        if res[0] == "ok" and expected[0] == "ok":
            assert same(res[1], expected[1]), f"{how}: {res[1]!r} != json.loads {expected[1]!r}"
        if res[0] == "ok" and how.startswith("bytes"):
            # accepted bytes must be UTF-8 (a BOM at the start allowed)
            data.decode("utf-8-sig")
