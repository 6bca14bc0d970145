"""A short smoke run of fuzz/campaign_jsonstream.py through its documented CLI, so the
campaign keeps working. It checks the campaign machinery: every property runs one
round and reports "ok" or a shrunk failure (exit status 0 or 1), never a harness
crash. The properties themselves are tested with more examples by the other
test_*.py files here; the real campaign runs for minutes with the "long" profile."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_campaign_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(REPO / "fuzz" / "campaign_jsonstream.py"), "--seconds", "1", "--profile", "smoke",
         "--no-save"],
        capture_output=True, text=True, timeout=300, cwd=REPO,
    )
    out = proc.stdout
    assert proc.returncode in (0, 1), out[-4000:] + proc.stderr[-4000:]
    assert re.search(r"done: [1-9][0-9]* round", out), out[-4000:] + proc.stderr[-4000:]
    sys.path.insert(0, str(REPO / "fuzz"))
    from campaign_jsonstream import PROPERTIES

    for _, name in PROPERTIES:
        assert f"ok  {name}" in out or f"FAIL {name}" in out, f"{name} did not run:\n{out[-4000:]}"
