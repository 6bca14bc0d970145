"""Small helpers shared by the engine's hand-written tests."""

from __future__ import annotations

from typing import Any

from chunkwise import IncrementalJsonParser


def shown_values(chunks: list[str] | list[bytes], **options: Any) -> list[Any]:
    """The values shown after each chunk that changed the shown value."""
    parser = IncrementalJsonParser(**options)
    shown = []
    for chunk in chunks:
        if parser.feed(chunk):
            shown.append(parser.value)
    return shown


def feed_all(chunks: list[str] | list[bytes], **options: Any) -> Any:
    """Feed every chunk and return ``close()``'s value."""
    parser = IncrementalJsonParser(**options)
    for chunk in chunks:
        parser.feed(chunk)
    return parser.close()
