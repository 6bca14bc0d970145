"""Running a port (``port.Spec``) in a child pytest, and judging its outcomes.

Shared by the ``test_*_port.py`` files: each runs its spec's tree once per module
and checks that enough tests pass, that every failure is a listed deliberate
difference whose docs section exists, that listed differences still fail, and
that exclusions give an allowed reason.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.runnables.langchain_port.port import ROOT, PortUnavailable, Spec, port

PASSING = {"passed", "xfailed", "xpassed"}
Outcomes = dict[str, dict[str, Any]]


def run(spec: Spec, workdir: Path) -> Outcomes:
    """The outcome of every ported test (skips the calling test when the sdist is unavailable)."""
    try:
        tree = port(spec)
    except PortUnavailable as exc:
        pytest.skip(f"langchain-core {spec.version} sdist unavailable: {exc}")
    results = workdir / "outcomes.json"
    env = {**os.environ, "PORT_RESULTS": str(results)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", str(tree), "-q", "--no-header", "-p", "no:randomly"],
        cwd=tree, env=env, capture_output=True, text=True, timeout=600,
    )
    if not results.exists():
        pytest.fail(f"the ported run produced no results:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    recorded: Outcomes = json.loads(results.read_text(encoding="utf-8"))
    print(summary(spec, recorded))
    return recorded


def counted(spec: Spec, recorded: Outcomes) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The tests that count (not excluded) and those of them that pass."""
    kept = [r for r in recorded.values() if r["id"] not in spec.selection.EXCLUDED]
    return kept, [r for r in kept if r["outcome"] in PASSING]


def summary(spec: Spec, recorded: Outcomes) -> str:
    kept, passed = counted(spec, recorded)
    return (f"langchain-core {spec.version} ported tests ({spec.name}): {len(passed)} of "
            f"{len(kept)} pass ({len(recorded) - len(kept)} excluded)")


def check_pass_rate(spec: Spec, recorded: Outcomes, rate: float) -> None:
    kept, passed = counted(spec, recorded)
    assert kept, "no ported test ran"
    assert len(passed) >= rate * len(kept), summary(spec, recorded)


def check_failures_listed(spec: Spec, recorded: Outcomes) -> None:
    differences, excluded = spec.selection.DIFFERENCES, spec.selection.EXCLUDED
    unexplained = sorted(
        node for node, r in recorded.items()
        if r["id"] not in excluded and r["outcome"] not in PASSING and r["id"] not in differences
    )
    assert not unexplained, f"{len(unexplained)} ported tests fail: {unexplained}"


def check_differences_still_fail(spec: Spec, recorded: Outcomes) -> None:
    failing = {r["id"] for r in recorded.values() if r["outcome"] not in PASSING}
    stale = sorted(set(spec.selection.DIFFERENCES) - failing)
    assert not stale, f"listed as differences but passing (or gone): {stale}"


def check_differences_documented(spec: Spec) -> None:
    pages = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}
    for test, sections in spec.selection.DIFFERENCES.items():
        for where in (sections,) if isinstance(sections, str) else sections:
            page, _, heading = where.partition("#")
            assert page in pages, f"{test}: {page} is not a docs page"
            anchors = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-")
                       for h in re.findall(r"^#+ (.*)$", pages[page], re.MULTILINE)}
            assert heading in anchors, f"{test}: no section #{heading} in docs/{page}"


def check_exclusions(spec: Spec, allowed: tuple[str, ...]) -> None:
    for test, reason in spec.selection.EXCLUDED.items():
        assert any(word in reason for word in allowed), f"{test}: {reason!r}"


class PortChecks:
    """The checks of one port, as a test class: subclass it (``class TestX(PortChecks)``)
    and set ``spec``, the pass ``rate`` and the reasons an exclusion may give."""

    spec: Spec
    rate: float
    allowed_exclusions: tuple[str, ...] = ()

    @pytest.fixture(scope="class")
    @classmethod
    def outcomes(cls, tmp_path_factory: pytest.TempPathFactory) -> Outcomes:
        return run(cls.spec, tmp_path_factory.mktemp(cls.spec.name))

    def test_enough_pass(self, outcomes: Outcomes) -> None:
        check_pass_rate(self.spec, outcomes, self.rate)

    def test_every_failure_is_a_documented_difference(self, outcomes: Outcomes) -> None:
        check_failures_listed(self.spec, outcomes)

    def test_every_listed_difference_still_fails(self, outcomes: Outcomes) -> None:
        check_differences_still_fail(self.spec, outcomes)

    def test_every_difference_is_documented(self) -> None:
        check_differences_documented(self.spec)

    def test_exclusions_name_an_allowed_reason(self) -> None:
        check_exclusions(self.spec, self.allowed_exclusions)
