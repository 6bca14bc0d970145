"""langchain-core's output-parser tests with the drop-in parsers (issue 13's acceptance).

Fetches the sdist of the installed langchain-core with pip (cached), ports the
tests of ``selection.SELECTED`` with only the parser classes' imports pointed at
``chunkwise.langchain`` and runs them in a child pytest. Passes when at least 95%
pass and every failure is a deliberate difference named in docs/langchain.md;
nothing is excluded. Skips, saying why, when the sdist cannot be had. By hand::

    python -m pytest tests/langchain/port -q -rA -s
"""

from __future__ import annotations

from tests.langchain.port.parsers_port import PARSERS
from tests.runnables.langchain_port.judge import PortChecks


class TestParsersPort(PortChecks):
    spec = PARSERS
    rate = 0.95
