"""The port of langchain-core's output-parser tests: only the drop-ins' imports change.

``from langchain_core.output_parsers... import (A, B)`` keeps what is not a drop-in
and takes the drop-ins (``selection.DROP_INS``) from ``chunkwise.langchain``; every
other import stays langchain-core's. The tree is built and run by the machinery of
``tests/runnables/langchain_port`` (``port.Spec``, ``judge``).
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.langchain.port import selection
from tests.runnables.langchain_port.port import FROM_IMPORT, HERE, Spec, imported_names


def _rewrite_import(match: re.Match[str]) -> str:
    if not match["module"].startswith("langchain_core.output_parsers"):
        return match[0]
    names = imported_names(match)
    ours = [n for n in names if n.split(" as ")[0] in selection.DROP_INS]
    if not ours:
        return match[0]
    indent, theirs = match["indent"], [n for n in names if n not in ours]
    lines = [f"{indent}from chunkwise.langchain import ({', '.join(ours)},)"]
    if theirs:
        lines.insert(0, f"{indent}from {match['module']} import ({', '.join(theirs)},)")
    return "\n".join(lines)


def rewrite(source: str) -> str:
    """The test source with the drop-in parsers imported from chunkwise.langchain."""
    return FROM_IMPORT.sub(_rewrite_import, source)


PARSERS = Spec("parsers", selection, rewrite, {
    "selection.py": Path(selection.__file__),
    "conftest.py": HERE / "conftest_port.py",
})

if __name__ == "__main__":
    from tests.runnables.langchain_port.port import port

    print(port(PARSERS))
