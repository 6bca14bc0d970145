"""Replay the regression corpus fuzz/corpus/jsonstream/ (texts found by the fuzz
campaign or written by hand for past bugs).

Each file is read as bytes; when it is valid UTF-8 every property that applies runs
on it with deterministic chunkings (jsonstream_props.check_any_text): for a valid
text, split invariance and the completion rules in all three policies, RFC and
compact patches, events and items; for any text, the near-JSON checks (strict mode
accepts exactly what the grammar accepts, error positions, IncompleteJsonError only
for cut-off texts, strict=False like json.loads(strict=False)). Non-UTF-8 files must
be rejected as bytes with JsonStreamError.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jsonstream_props import check_any_text

CORPUS = Path(__file__).resolve().parents[2] / "fuzz" / "corpus" / "jsonstream"
FILES = sorted(p for p in CORPUS.glob("*") if p.is_file() and p.suffix in (".json", ".txt"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file(path: Path) -> None:
    check_any_text(path.read_bytes(), seed=len(path.name))


def test_corpus_is_not_empty() -> None:
    assert len(FILES) >= 10
