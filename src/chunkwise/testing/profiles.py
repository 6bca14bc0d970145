"""Hypothesis settings profiles: one definition for the test suite, the fuzz campaigns and users.

* ``ci``: the test suite's default. Bounded example counts so a suite stays fast on
  two cores, no deadline (shared machines make timings noisy), and derandomised: the
  same examples on every run and every machine, so a red suite means a change broke
  something, never that chance found something (derandomised runs use no example
  database).
* ``explore``: the ``ci`` example counts with fresh random examples and the example
  database, for hunting bugs locally with the suite (``HYPOTHESIS_PROFILE=explore``).
* ``long``: the fuzz campaigns (many examples per round, random, no deadline).
* ``dev``: a handful of random examples, for a quick local loop.
* ``smoke``: five derandomised examples (campaign smoke runs).

They are plain :class:`hypothesis.settings` objects; :func:`register_profiles`
registers them under those names so ``HYPOTHESIS_PROFILE=long`` or pytest's
``--hypothesis-profile=long`` select them. Nothing is registered on import, so a
project's own profiles of the same names are never overwritten behind its back.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

__all__ = ["CI", "DEV", "EXPLORE", "LONG", "PROFILES", "SMOKE", "load_profile", "register_profiles"]

# generated JSON and chunkings are large by Hypothesis' standards, by design
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
# The random profiles start from Hypothesis' own "default" profile, not from whatever is
# loaded: under a CI variable Hypothesis loads its derandomised "ci" profile, and a
# settings object built without a parent would inherit that and stop being random.
_RANDOM = settings.get_profile("default")

CI = settings(max_examples=100, deadline=None, derandomize=True, suppress_health_check=_SLOW_OK)
EXPLORE = settings(_RANDOM, max_examples=100, deadline=None, suppress_health_check=_SLOW_OK)
DEV = settings(_RANDOM, max_examples=10, deadline=None, suppress_health_check=_SLOW_OK)
LONG = settings(_RANDOM, max_examples=5_000, deadline=None, suppress_health_check=_SLOW_OK)
SMOKE = settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=_SLOW_OK)

PROFILES: dict[str, settings] = {"ci": CI, "explore": EXPLORE, "dev": DEV, "long": LONG, "smoke": SMOKE}


def register_profiles(prefix: str = "") -> None:
    """Register the profiles with Hypothesis as ``prefix + name`` (``ci``, ``long``, ...)."""
    for name, profile in PROFILES.items():
        settings.register_profile(prefix + name, profile)


def load_profile(default: str = "ci") -> str:
    """Register the profiles and load the one named by ``$HYPOTHESIS_PROFILE`` (else
    ``default``); returns its name."""
    register_profiles()
    name = os.environ.get("HYPOTHESIS_PROFILE", default)
    settings.load_profile(name)
    return name
