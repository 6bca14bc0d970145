"""JSON text for a parsed value, without recursion and without an integer-length limit.

``json.dumps`` recurses on nesting (a ``RecursionError`` past about a thousand levels)
and converts integers with ``str``, which refuses more digits than the interpreter's
limit (4300 by default), so it fails on values the engine parsed with its own, wider
limits. :func:`dumps` writes the same text as ``json.dumps(value)`` with its default
options (``", "`` and ``": "`` separators, ASCII escapes, ``NaN``/``Infinity``) for
dicts, lists, tuples, strings, numbers, booleans and None, iteratively.
"""

from __future__ import annotations

import decimal
import math
from json.encoder import encode_basestring_ascii
from typing import Any

__all__ = ["dumps"]



class _Text:
    """Text already written as JSON (a bracket, a separator, a key): told apart from
    data by its type, since data holds no such objects."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


_CLOSE_OBJECT, _CLOSE_ARRAY, _SEPARATOR = _Text("}"), _Text("]"), _Text(", ")


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        try:
            return int.__repr__(value)
        except ValueError:  # beyond the interpreter's int-string limit
            return str(decimal.Decimal(value))
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> str:
    """``value`` as JSON text, as ``json.dumps(value)`` writes it (see the module docstring)."""
    out: list[str] = []
    work: list[Any] = [value]
    while work:
        item = work.pop()
        if type(item) is _Text:
            out.append(item.text)
        elif isinstance(item, dict):
            out.append("{")
            work.append(_CLOSE_OBJECT)
            members = list(item.items())
            for position in range(len(members) - 1, -1, -1):
                key, member = members[position]
                work.append(member)
                work.append(_Text((", " if position else "") + _key(key) + ": "))
        elif isinstance(item, (list, tuple)):
            out.append("[")
            work.append(_CLOSE_ARRAY)
            for position in range(len(item) - 1, -1, -1):
                work.append(item[position])
                if position:
                    work.append(_SEPARATOR)
        else:
            out.append(_scalar(item))
    return "".join(out)


def _key(key: Any) -> str:
    """A dict key as ``json.dumps`` writes it (numbers, booleans and None become strings)."""
    if isinstance(key, str):
        return encode_basestring_ascii(key)
    if isinstance(key, (bool, int, float)) or key is None:
        return encode_basestring_ascii(_scalar(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
