"""Token counts as chunk deltas, whichever way a provider reports them.

``usage_metadata`` adds up when chunks are added, so each chunk must carry only
what is new. Some servers report usage once (OpenAI's usage chunk), others
cumulatively on every chunk (Gemini, vLLM's continuous usage, some proxies):
:class:`UsageDeltas` turns running totals into the differences since the last
report, so the summed message has the totals either way.
"""

from __future__ import annotations

from chunkwise.models import UsageMetadata

__all__ = ["UsageDeltas", "usage"]


def usage(input_tokens: int, output_tokens: int, total_tokens: int | None = None,
          input_details: dict[str, int] | None = None,
          output_details: dict[str, int] | None = None) -> UsageMetadata:
    """A ``UsageMetadata`` dict; details only when there are some."""
    result: UsageMetadata = {
        "input_tokens": input_tokens, "output_tokens": output_tokens,
        "total_tokens": input_tokens + output_tokens if total_tokens is None else total_tokens,
    }
    if input_details:
        result["input_token_details"] = input_details
    if output_details:
        result["output_token_details"] = output_details
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
        return usage(
            totals["input_tokens"] - last["input_tokens"],
            totals["output_tokens"] - last["output_tokens"],
            totals["total_tokens"] - last["total_tokens"],
            _minus(totals.get("input_token_details"), last.get("input_token_details")),
            _minus(totals.get("output_token_details"), last.get("output_token_details")),
        )


def _minus(now: dict[str, int] | None, before: dict[str, int] | None) -> dict[str, int] | None:
    if not now:
        return None
    before = before or {}
    changed = {key: value - before.get(key, 0) for key, value in now.items()}
    return {key: value for key, value in changed.items() if value} or None
