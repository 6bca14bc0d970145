"""Token usage reported with a message (``usage_metadata``), and how chunks add it up.

Streamed chunks each carry their part of the usage; ``+`` adds them counter by
counter (nested details too), as LangChain's ``add_usage`` does.
"""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = ["InputTokenDetails", "OutputTokenDetails", "UsageMetadata", "add_usage",
           "subtract_usage"]


class InputTokenDetails(TypedDict, total=False):
    """Breakdown of the input tokens (``audio``, ``cache_read``, ``cache_creation``)."""

    audio: int
    cache_creation: int
    cache_read: int


class OutputTokenDetails(TypedDict, total=False):
    """Breakdown of the output tokens (``audio``, ``reasoning``)."""

    audio: int
    reasoning: int


class _Counts(TypedDict):
    input_tokens: int
    output_tokens: int
    total_tokens: int


class UsageMetadata(_Counts, total=False):
    """Token counts of one model call (the details are optional)."""

    input_token_details: InputTokenDetails
    output_token_details: OutputTokenDetails


def _combine(left: dict[str, Any], right: dict[str, Any], sign: int) -> dict[str, Any]:
    merged: dict[str, Any] = dict(left)
    for key, value in right.items():
        mine = merged.get(key)
        if isinstance(value, dict):
            merged[key] = _combine(mine if isinstance(mine, dict) else {}, value, sign)
        elif isinstance(value, int) and not isinstance(value, bool) and not isinstance(mine, float):
            total = (mine if isinstance(mine, int) else 0) + sign * value
            merged[key] = max(total, 0) if sign < 0 else total
        else:
            raise ValueError(f"Unknown value types: {type(mine).__name__}, "
                             f"{type(value).__name__} for usage key {key!r}: token counts "
                             "are ints (or dicts of them)")
    return merged


_ZERO: UsageMetadata = {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0}


def add_usage(left: UsageMetadata | None, right: UsageMetadata | None) -> UsageMetadata:
    """``left + right``, counter by counter (``None`` counts as nothing)."""
    if left is None and right is None:
        return dict(_ZERO)  # type: ignore[return-value]
    if left is None or right is None:
        return (left or right)  # type: ignore[return-value]
    return _combine(dict(left), dict(right), 1)  # type: ignore[return-value]


def subtract_usage(left: UsageMetadata | None, right: UsageMetadata | None) -> UsageMetadata:
    """``left - right``, counter by counter, never below zero."""
    if left is None and right is None:
        return dict(_ZERO)  # type: ignore[return-value]
    if right is None:
        return left  # type: ignore[return-value]
    zero: dict[str, Any] = {**_ZERO}
    return _combine(dict(left) if left is not None else zero, dict(right), -1)  # type: ignore[return-value]
