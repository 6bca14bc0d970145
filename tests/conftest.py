"""Shared test configuration.

Hypothesis profiles (select with HYPOTHESIS_PROFILE=<name> or pytest's
``--hypothesis-profile=<name>``):

* ``ci`` (the default): bounded example counts so the whole suite stays fast on
  two cores; no deadline, because shared CI machines make timings noisy.
* ``long``: for the fuzz campaigns in ``fuzz/`` (many examples, still no
  deadline).
* ``dev``: a handful of examples, for a quick local loop.
* ``smoke``: five derandomised examples without database (the campaign smoke test).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

_TESTS = Path(__file__).resolve().parent

# tests/jsonstream holds shared, importable helpers (jsonstream_props.py,
# jsonstream_reference.py) used by the tests and by fuzz/campaign_jsonstream.py.
if str(_TESTS / "jsonstream") not in sys.path:
    sys.path.insert(0, str(_TESTS / "jsonstream"))

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("dev", max_examples=10, deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile(
    "long", max_examples=5_000, deadline=None, suppress_health_check=_SLOW_OK
)
# the campaign's smoke run in the normal suite: tiny, reproducible, no database
settings.register_profile(
    "smoke", max_examples=5, deadline=None, database=None, derandomize=True, suppress_health_check=_SLOW_OK
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
