"""docs/cli.md runs: each ``$`` line of its ``console`` blocks in a shell, its output checked.

A command's expected output is the lines under it up to the next ``$`` line (stdout
and stderr together, in the order written). The commands run in a fresh directory
holding the page's named files (a ```` ```python shapes.py ```` block is written to
``shapes.py``), with this interpreter's ``chunkwise`` first on PATH and the
``llamacpp`` preset pointed at the replay of the recorded llama-server streams.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.providers.server import ReplayServer

from .helpers import ROOT

PAGE = ROOT / "docs" / "cli.md"
FENCE = re.compile(r"^```(console|python)( [^\n]+)?\n(.*?)^```", re.DOTALL | re.MULTILINE)


def examples(text: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The page's named files, and its (command, expected output) pairs in order."""
    files: dict[str, str] = {}
    commands: list[tuple[str, str]] = []
    for kind, name, body in FENCE.findall(text):
        if kind == "python":
            if name.strip():
                files[name.strip()] = body
            continue
        for part in re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]:
            command, _, output = part.partition("\n")
            commands.append((command, output))
    return files, commands


def test_the_page_has_examples() -> None:
    files, commands = examples(PAGE.read_text(encoding="utf-8"))
    assert "shapes.py" in files and len(commands) >= 10


def test_console_examples_run(tmp_path: Path, server: ReplayServer) -> None:
    files, commands = examples(PAGE.read_text(encoding="utf-8"))
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "LLAMACPP_BASE_URL": f"{server.url}/v1", "PYTHONPATH": ""}
    for command, expected in commands:
        done = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=60)
        assert done.stdout.decode() == expected, f"$ {command}"
