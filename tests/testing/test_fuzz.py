"""The fuzz campaigns' corpus is replayed, and the one campaign command works.

Every failure a campaign ever found is kept in fuzz/corpus/parsers/ (target, check,
text and chunks) and replayed here on exactly that text and chunking; the engine's
texts in fuzz/corpus/jsonstream/ are replayed by tests/jsonstream/test_corpus.py.
Entries for bugs still open (fuzz.targets.KNOWN_BUGS) are strict xfails.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from fuzz.__main__ import decode
from fuzz.targets import KNOWN_BUGS, TARGETS

REPO = Path(__file__).resolve().parents[2]
FILES = sorted((REPO / "fuzz" / "corpus" / "parsers").glob("*.json"))


def _params() -> list[object]:
    out = []
    for path in FILES:
        entry = json.loads(path.read_text())
        bug = KNOWN_BUGS.get((entry["target"], entry["check"]))
        marks = [pytest.mark.xfail(reason=bug, strict=True)] if bug else []
        out.append(pytest.param(path, marks=marks, id=path.name))
    return out


@pytest.mark.parametrize("path", _params())
def test_corpus_entry(path: Path) -> None:
    entry = json.loads(path.read_text())
    TARGETS[entry["target"]].check(entry["check"], settings(max_examples=1, database=None),
                                   texts=[decode(entry["text"])], chunks=decode(entry["chunks"]))


def test_corpus_is_not_empty() -> None:
    assert FILES


def _campaign(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "fuzz", "--no-save", *args],
                          capture_output=True, text=True, timeout=600, cwd=REPO)
    return proc.stdout + proc.stderr


def test_campaign_smoke() -> None:
    """``python -m fuzz`` runs every check of every target for one round and reports it."""
    out = _campaign("--rounds", "1", "--seconds", "600", "--profile", "smoke")
    assert re.search(r"done: 1 round\(s\), \d+ checks", out), out[-4000:]
    for target in TARGETS:
        assert re.search(rf"(ok  |FAIL ){re.escape(target)}:junk", out), f"{target} did not run:\n{out[-4000:]}"
    assert "jsonstream:test_near_json_accepted_iff_grammar_accepts" in out
    failing = set(re.findall(r"FAILED (\S+):(\S+):", out))
    assert failing <= set(KNOWN_BUGS), out[-4000:]


def test_campaign_keeps_its_time_budget_from_the_first_round() -> None:
    """Each check gets a slice of the time left, so even the first round ends on time
    (it used to run every check's full batch first: 133 s for ``--seconds 20``)."""
    out = _campaign("--seconds", "2", "--profile", "long", "--batch", "5000")
    took = re.search(r"done: (\d+) round\(s\), \d+ checks in (\d+) s", out)
    assert took is not None, out[-4000:]
    assert int(took.group(2)) <= 4, out[-4000:]
