"""Every ```python block in README.md and docs/*.md runs, per file, in order, in one namespace.

Top-level ``await`` is not allowed in the blocks: async examples use ``asyncio.run``.
A page that needs a server names the fixture that provides it in ``PAGE_FIXTURES``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.DOTALL | re.MULTILINE)
#: providers.md talks to llama-server: the suite's replay of its recorded streams.
PAGE_FIXTURES = {"providers.md": "recorded_llama_server"}


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_python_blocks_run(page: Path, request: pytest.FixtureRequest) -> None:
    if page.name in PAGE_FIXTURES:
        request.getfixturevalue(PAGE_FIXTURES[page.name])
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"{page.name} (python block {number})", "exec", dont_inherit=True), namespace)
