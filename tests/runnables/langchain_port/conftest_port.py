"""conftest.py of the ported tree: selection, exclusions, async tests, outcome record.

Copied next to the ported langchain-core tests by ``port.py``. Tests outside
``selection.SELECTED`` are deselected, ``selection.EXCLUDED`` ones are skipped with
their reason, ``async def`` tests run on a fresh event loop each, and every outcome
is written as JSON to ``$PORT_RESULTS`` for ``test_langchain_port.py`` to judge.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from blockbuster import BlockBuster, blockbuster_ctx

from selection import EXCLUDED, SELECTED

_outcomes: dict[str, str] = {}


def test_id(item: pytest.Item) -> str:
    """``file stem::test name`` (parameters and classes dropped), the key of the tables."""
    path = item.path.as_posix()
    stem = path.rsplit("/", 1)[-1].removesuffix(".py")
    name = getattr(item, "originalname", None) or item.name.split("[")[0]
    return f"{stem}::{name}"


def _selected(item: pytest.Item) -> bool:
    for path, pattern in SELECTED.items():
        if item.path.as_posix().endswith(path):
            name = getattr(item, "originalname", None) or item.name
            return re.search(pattern, name) is not None
    return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    keep = [item for item in items if _selected(item)]
    config.hook.pytest_deselected(items=[item for item in items if not _selected(item)])
    items[:] = keep
    for item in keep:
        reason = EXCLUDED.get(test_id(item))
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=f"excluded: {reason}"))


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (langchain-core's run under pytest-asyncio's auto mode)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    wanted = inspect.signature(pyfuncitem.obj).parameters
    kwargs = {name: value for name, value in pyfuncitem.funcargs.items() if name in wanted}
    asyncio.run(pyfuncitem.obj(**kwargs))
    return True


@pytest.fixture(autouse=True)
def blockbuster() -> Iterator[BlockBuster]:
    """As in langchain-core's conftest: blocking calls on the event loop fail the test,
    here those made by chunkwise's own code."""
    with blockbuster_ctx("chunkwise") as detector:
        yield detector


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    key = report.nodeid
    if report.when == "call" or report.outcome != "passed":
        if report.skipped and hasattr(report, "wasxfail"):
            outcome = "xfailed"
        elif report.passed and hasattr(report, "wasxfail"):
            outcome = "xpassed"
        else:
            outcome = report.outcome
        if _outcomes.get(key) in (None, "passed"):
            _outcomes[key] = outcome


def pytest_sessionfinish(session: pytest.Session) -> None:
    target = os.environ.get("PORT_RESULTS")
    if target:
        by_id: dict[str, Any] = {}
        for item in session.items:
            by_id[item.nodeid] = {"id": test_id(item), "outcome": _outcomes.get(item.nodeid)}
        with open(target, "w", encoding="utf-8") as out:
            json.dump(by_id, out, indent=1, sort_keys=True)
