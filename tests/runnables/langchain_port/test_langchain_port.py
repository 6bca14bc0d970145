"""langchain-core's own streaming tests, ported to chunkwise (issue 14's acceptance).

Fetches the pinned sdist (``selection.VERSION``) with pip, ports the selected tests
(``port.py``) and runs them in a child pytest (``judge.py``). Passes when at least
90% of the selected tests that are not excluded pass and every failure is a
documented deliberate difference (``selection.DIFFERENCES``). Skips, saying why,
when the sdist cannot be downloaded. By hand::

    python -m pytest tests/runnables/langchain_port -q -rA
"""

from __future__ import annotations

from tests.runnables.langchain_port.judge import PortChecks
from tests.runnables.langchain_port.port import RUNNABLES


class TestRunnablesPort(PortChecks):
    spec = RUNNABLES
    rate = 0.9
    allowed_exclusions = ("callback manager", "tracer", "LangSmith", "serialisation", "snapshot")
