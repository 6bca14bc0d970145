"""``parse_json_markdown`` and ``parse_and_check_json_markdown``: LangChain's helpers, on the engine.

The JSON in a model's whole output (fences, prose and ``<think>`` found as
:class:`JsonOutputParser` finds them). They differ from LangChain's on purpose as the
parsers do: output cut off raises unless ``allow_incomplete=True``, and every failure
is an :class:`OutputParserException` (LangChain's ``parse_json_markdown`` raises
``json.JSONDecodeError``; both are ``ValueError``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chunkwise.parsers.exceptions import OutputParserException
from chunkwise.parsers.json import JsonReader

__all__ = ["parse_and_check_json_markdown", "parse_json_markdown"]


def parse_json_markdown(json_string: str, *, strict: bool = False, allow_incomplete: bool = False) -> Any:
    """The JSON value in ``json_string`` (model output: fenced, after prose or reasoning)."""
    reader = JsonReader(strict=strict, allow_incomplete=allow_incomplete)
    reader.feed(json_string)
    return reader.close()


def parse_and_check_json_markdown(text: str, expected_keys: Sequence[str]) -> dict[str, Any]:
    """The JSON object in ``text``, which must hold every key of ``expected_keys``."""
    value = parse_json_markdown(text)
    if not isinstance(value, dict):
        raise OutputParserException(f"Expected JSON object (dict), but got: {type(value).__name__}. ",
                                    llm_output=text)
    for key in expected_keys:
        if key not in value:
            raise OutputParserException(
                f"Got invalid return object. Expected key `{key}` to be present, but got the keys "
                f"{list(value)[:20]}", llm_output=text)
    return value
