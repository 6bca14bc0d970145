"""One definition of the Hypothesis profiles, used by tests/conftest.py and the campaigns."""

from __future__ import annotations

from hypothesis import settings

from chunkwise.testing import CI, EXPLORE, LONG, PROFILES, SMOKE, load_profile


def test_profiles_are_registered_under_their_names() -> None:
    for name, profile in PROFILES.items():
        assert settings.get_profile(name).max_examples == profile.max_examples


def test_ci_is_bounded_and_has_no_deadline() -> None:
    assert CI.deadline is None and LONG.deadline is None
    assert CI.max_examples <= 100 < LONG.max_examples
    assert SMOKE.derandomize and SMOKE.database is None


def test_the_suite_cannot_fail_at_random() -> None:
    """The suite's profile draws the same examples everywhere, CI or a fresh clone alike;
    exploring with new examples is a choice (``explore``, ``dev``, ``long``)."""
    assert CI.derandomize and CI.database is None
    assert not EXPLORE.derandomize and EXPLORE.database is not None
    assert EXPLORE.max_examples == CI.max_examples


def test_the_suite_runs_under_the_env_profile(monkeypatch: object) -> None:
    import os

    assert settings.default.max_examples == PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "ci")].max_examples


def test_load_profile_reads_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    current = settings.default
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "dev")
    try:
        assert load_profile("ci") == "dev"
        assert settings.default.max_examples == PROFILES["dev"].max_examples
    finally:
        settings.load_profile("ci")
        assert settings.default.max_examples == current.max_examples
