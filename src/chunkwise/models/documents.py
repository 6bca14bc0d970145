"""``Document``: a piece of text and where it came from, as retrievers return it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Document"]


@dataclass
class Document:
    """Text (``page_content``) with ``metadata`` and an optional ``id``."""

    page_content: str
    metadata: dict[str, Any] = field(default_factory=dict)
    id: str | None = None
