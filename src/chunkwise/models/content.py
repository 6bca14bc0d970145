"""Message content: a string or a list of content blocks, and how chunks of it add up.

A content block is a string or a dict such as ``{"type": "text", "text": "Hi"}``.
Providers that stream blocks tag each piece with an ``index``; pieces with the
same index are one block and are merged (their strings concatenated), as in
LangChain. ``content_text`` is what parsers read: the text, whatever the shape.
"""

from __future__ import annotations

from typing import Any, Union

__all__ = ["Content", "ContentBlock", "content_text", "merge_content", "merge_dicts", "merge_lists", "merge_obj"]

ContentBlock = Union[str, dict[str, Any]]
Content = Union[str, list[ContentBlock]]

# Keys that identify a block or a value rather than carry streamed text.
_IDENTITY_KEYS = frozenset({"index", "type", "id", "output_version", "model_provider"})
# Integer keys that identify or date a piece: the later value wins instead of a sum.
_LAST_WINS = frozenset({"index", "created", "timestamp"})


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


def merge_content(first: Content, *others: Content) -> Content:
    """``first`` followed by ``others``; indexed blocks with the same index are merged."""
    merged = first
    for other in others:
        merged = _merge_two(merged, other)
    return merged


def _merge_two(left: Content, right: Content) -> Content:
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
    return merge_lists(left, right) or []


def _same_block(mine: Any, item: dict[str, Any], index: Any) -> bool:
    return (isinstance(mine, dict) and mine.get("index") == index
            and (not mine.get("id") or not item.get("id") or mine.get("id") == item.get("id")))


def merge_lists(left: list[Any] | None, *others: list[Any] | None) -> list[Any] | None:
    """Lists of streamed pieces appended; a dict whose ``index`` matches one already there
    (and whose ``id`` does not contradict it) is merged into that one instead."""
    merged = list(left) if left is not None else None
    for other in others:
        if other is None:
            continue
        if merged is None or not merged:
            merged = list(other)
            continue
        for item in other:
            index = item.get("index") if isinstance(item, dict) else None
            position = None if index is None else next(
                (i for i, mine in enumerate(merged) if _same_block(mine, item, index)), None)
            if position is None:
                merged.append(item)
            else:
                merged[position] = merge_dicts(merged[position], item)
    return merged


def _conflict(key: str, why: str) -> TypeError:
    return TypeError(f"cannot merge the values of key {key!r} of two chunks: {why}")


def _merge_value(key: str, mine: Any, value: Any) -> Any:
    if type(mine) is not type(value):
        raise _conflict(key, f"{type(mine).__name__} and {type(value).__name__} "
                             "(additional_kwargs of different types); unsupported type")
    if isinstance(mine, str) and key in _IDENTITY_KEYS:
        return mine or value
    if isinstance(mine, int) and not isinstance(mine, bool) and mine != value:
        return value if key in _LAST_WINS else mine + value
    merged = _merge_alike(mine, value)
    if merged is _UNMERGED:
        raise _conflict(key, f"{mine!r} and {value!r} differ (unsupported type {type(mine).__name__})")
    return merged


#: What :func:`_merge_alike` returns for two values it cannot merge.
_UNMERGED: Any = object()


def _merge_alike(mine: Any, value: Any) -> Any:
    """Two values of one type merged as LangChain merges them: strings concatenate,
    dicts and lists merge, equal values stay; ``_UNMERGED`` for anything else."""
    if isinstance(mine, str):
        return mine + value
    if isinstance(mine, dict):
        return merge_dicts(mine, value)
    if isinstance(mine, list):
        return merge_lists(mine, value)
    return mine if mine == value else _UNMERGED


def merge_obj(left: Any, right: Any) -> Any:
    """Two streamed values added up as LangChain's ``merge_obj`` adds them (a tool
    message's ``artifact``): ``None`` gives way, then :func:`_merge_alike`; values of
    different types raise ``TypeError``, other differing values ``ValueError``."""
    if left is None or right is None:
        return right if left is None else left
    if type(left) is not type(right):
        raise TypeError(f"Cannot add values of different types: {type(left).__name__} "
                        f"and {type(right).__name__}")
    merged = _merge_alike(left, right)
    if merged is _UNMERGED:
        raise ValueError(f"Cannot add {left!r} and {right!r}: only str, dict, list or equal values add up")
    return merged


def merge_dicts(left: dict[str, Any], *others: dict[str, Any]) -> dict[str, Any]:
    """Merge streamed metadata as LangChain does: strings concatenate (identity keys
    keep their first value), dicts merge recursively, lists merge by index, integers
    add up (``index``, ``created``, ``timestamp``: the later wins), equal values stay;
    values of different types or other differing values raise ``TypeError``. ``None``
    never overrides a value. Empty operands are returned as is (no copy)."""
    merged = left
    for right in others:
        if not right:
            continue
        if not merged:
            merged = right
            continue
        merged = dict(merged)
        for key, value in right.items():
            mine = merged.get(key)
            if mine is None:
                merged[key] = value
            elif value is not None:
                merged[key] = _merge_value(key, mine, value)
    return merged
