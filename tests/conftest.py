"""Shared test configuration.

The Hypothesis profiles are defined once, in ``chunkwise.testing.profiles`` (also
used by the fuzz campaigns and by users): ``ci`` (the default: bounded examples, no
deadline, derandomised, so the suite gives the same answer on every run and every
fresh clone), ``explore`` (the same with random examples, to hunt bugs locally),
``long`` (campaigns), ``dev`` (a quick local loop), ``smoke`` (five derandomised
examples). Select one with HYPOTHESIS_PROFILE=<name> or pytest's
``--hypothesis-profile=<name>``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from chunkwise.testing import load_profile

_TESTS = Path(__file__).resolve().parent

# tests/jsonstream holds shared, importable helpers (jsonstream_props.py,
# jsonstream_reference.py) used by the tests and by the fuzz campaigns in fuzz/.
if str(_TESTS / "jsonstream") not in sys.path:
    sys.path.insert(0, str(_TESTS / "jsonstream"))

load_profile("ci")
