"""Token counts a model reports (``usage_metadata``), and how streamed counts add up.

Named and shaped as LangChain's ``UsageMetadata``: ``input_tokens``,
``output_tokens``, ``total_tokens`` and optional ``input_token_details`` /
``output_token_details`` dicts of counts. Adding two chunks adds their counts key
by key, so a provider that reports input tokens at the start of a stream and
output tokens at its end gives the right totals on the summed message.
"""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = ["UsageMetadata", "add_usage"]


class _TokenDetails(TypedDict, total=False):
    input_token_details: dict[str, int]   # e.g. {"cache_read": 12}
    output_token_details: dict[str, int]  # e.g. {"reasoning": 40}


class UsageMetadata(_TokenDetails):
    """Tokens in the prompt, in the answer, and both; details by kind when known."""

    input_tokens: int
    output_tokens: int
    total_tokens: int


def add_usage(left: UsageMetadata | None, right: UsageMetadata | None) -> UsageMetadata | None:
    """``left`` and ``right`` counted together (either may be None: nothing reported)."""
    if right is None:
        return left
    if left is None:
        return right
    total: dict[str, Any] = dict(left)
    for key, value in right.items():
        mine = total.get(key)
        if isinstance(value, dict):
            total[key] = _add_counts(mine if isinstance(mine, dict) else {}, value)
        elif isinstance(value, int):
            total[key] = (mine if isinstance(mine, int) else 0) + value
    return total  # type: ignore[return-value]


def _add_counts(left: dict[str, int], right: dict[str, int]) -> dict[str, int]:
    counts = dict(left)
    for key, value in right.items():
        counts[key] = counts.get(key, 0) + value
    return counts
