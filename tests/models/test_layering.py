"""``chunkwise.models`` builds on runnables and the engine, never on the parsers above it."""

from __future__ import annotations

import ast
from pathlib import Path

import chunkwise.models

MODELS = Path(chunkwise.models.__file__).parent


def test_models_never_import_parsers() -> None:
    for path in MODELS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("chunkwise.parsers"), path.name
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("chunkwise.parsers") for a in node.names), path.name
