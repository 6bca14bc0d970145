"""Token counts as chunk deltas, whichever way a provider reports them.

``usage_metadata`` adds up when chunks are added, so each chunk must carry only
what is new. Some servers report usage once (OpenAI's usage chunk), others
cumulatively on every chunk (Gemini, vLLM's continuous usage, some proxies):
:class:`UsageDeltas` turns running totals into the differences since the last
report (``subtract_usage``), so the summed message has the totals either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from chunkwise.models import InputTokenDetails, OutputTokenDetails, UsageMetadata, subtract_usage

__all__ = ["UsageDeltas", "usage"]


def usage(input_tokens: int, output_tokens: int, total_tokens: int | None = None,
          input_details: Mapping[str, int] | None = None,
          output_details: Mapping[str, int] | None = None) -> UsageMetadata:
    """A ``UsageMetadata`` dict; details only when there are some. The details' keys
    are the ones ``InputTokenDetails`` / ``OutputTokenDetails`` name (``cache_read``,
    ``reasoning``...), picked by each provider's reader."""
    result: UsageMetadata = {
        "input_tokens": input_tokens, "output_tokens": output_tokens,
        "total_tokens": input_tokens + output_tokens if total_tokens is None else total_tokens,
    }
    if input_details:
        result["input_token_details"] = cast(InputTokenDetails, dict(input_details))
    if output_details:
        result["output_token_details"] = cast(OutputTokenDetails, dict(output_details))
    return result


class UsageDeltas:
    """Running totals in, the change since the previous totals out."""

    __slots__ = ("_last",)

    def __init__(self) -> None:
        self._last: UsageMetadata | None = None

    def delta(self, totals: UsageMetadata) -> UsageMetadata | None:
        """What ``totals`` adds to the totals reported before (None: nothing new)."""
        last, self._last = self._last, totals
        if last is None:
            return totals
        if last == totals:
            return None
        return subtract_usage(totals, last)
