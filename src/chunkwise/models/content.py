"""Message content: a string or a list of content blocks, and how chunks of it add up.

A content block is a string or a dict such as ``{"type": "text", "text": "Hi"}``.
Providers that stream blocks tag each piece with an ``index``; pieces with the
same index are one block and are merged (their strings concatenated), as in
LangChain. ``content_text`` is what parsers read: the text, whatever the shape.
"""

from __future__ import annotations

from typing import Any, Union

__all__ = ["Content", "ContentBlock", "content_text", "merge_content", "merge_dicts"]

ContentBlock = Union[str, dict[str, Any]]
Content = Union[str, list[ContentBlock]]

# Keys that identify a block or a value rather than carry streamed text.
_IDENTITY_KEYS = frozenset({"index", "type", "id"})


def content_text(content: Content) -> str:
    """The text of ``content``: the string itself, or its string and ``text`` blocks joined.

    Blocks of other types (images, tool use, reasoning) carry no answer text and are skipped.
    """
    if isinstance(content, str):
        return content
    parts: list[str] = []
    for block in content:
        if isinstance(block, str):
            parts.append(block)
        elif block.get("type") == "text" and isinstance(block.get("text"), str):
            parts.append(block["text"])
    return "".join(parts)


def merge_content(left: Content, right: Content) -> Content:
    """``left`` followed by ``right``; indexed blocks with the same index are merged."""
    if isinstance(left, str):
        if isinstance(right, str):
            return left + right
        return [left, *right] if left else right
    if isinstance(right, str):
        if not right:
            return left
        if left and isinstance(left[-1], str):
            return [*left[:-1], left[-1] + right]
        return [*left, right]
    return merge_indexed(left, right)


def merge_indexed(left: list[Any], right: list[Any]) -> list[Any]:
    """Append ``right``'s items to ``left``'s; a dict whose ``index`` matches one in ``left``
    (and whose ``id`` does not contradict it) is merged into that one instead."""
    if not left:
        return right
    merged = list(left)
    for item in right:
        index = item.get("index") if isinstance(item, dict) else None
        if index is not None:
            for position, mine in enumerate(merged):
                if (isinstance(mine, dict) and mine.get("index") == index
                        and (not mine.get("id") or not item.get("id")
                             or mine.get("id") == item.get("id"))):
                    merged[position] = merge_dicts(mine, item)
                    break
            else:
                merged.append(item)
        else:
            merged.append(item)
    return merged


def merge_dicts(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """Merge streamed metadata: strings concatenate (identity keys keep their first
    value), dicts merge recursively, lists merge by index, other values: the later
    non-None value wins. Empty operands are returned as is (no copy)."""
    if not right:
        return left
    if not left:
        return right
    merged = dict(left)
    for key, value in right.items():
        mine = merged.get(key)
        if mine is None:
            merged[key] = value
        elif value is None:
            continue
        elif isinstance(mine, str) and isinstance(value, str):
            if key not in _IDENTITY_KEYS:
                merged[key] = mine + value
            elif not mine:
                merged[key] = value
        elif isinstance(mine, dict) and isinstance(value, dict):
            merged[key] = merge_dicts(mine, value)
        elif isinstance(mine, list) and isinstance(value, list):
            merged[key] = merge_indexed(mine, value)
        else:
            merged[key] = value
    return merged
