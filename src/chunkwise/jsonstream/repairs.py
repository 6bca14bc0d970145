"""The repairs of model mistakes that the engine can make, and the record of each one made.

Repair is opt-in (``IncrementalJsonParser(repair=True)`` or a set of :class:`Repair`
flags) and never silent: every repair made is a :class:`RepairRecord` in
``parser.repairs``, located in the text as it came. ``docs/repair.md`` describes each
kind, and where chunkwise refuses instead of guessing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Repair(enum.Flag):
    """One kind of model mistake; combine them with ``|`` (``Repair.DEFAULT``: the common set)."""

    TRAILING_COMMA = enum.auto()  #: ``[1, 2,]``: the comma is dropped
    COMMENT = enum.auto()  #: ``// …``, ``# …`` and ``/* … */`` outside strings: dropped
    SINGLE_QUOTES = enum.auto()  #: ``'text'`` as a string or a key
    SMART_QUOTES = enum.auto()  #: ``“text”`` (or ``‘text’``) as a string or a key
    PYTHON_LITERAL = enum.auto()  #: ``True``, ``False``, ``None``
    UNQUOTED_KEY = enum.auto()  #: ``{name: 1}``
    MISSING_COMMA = enum.auto()  #: members or items on separate lines with no comma between
    MISSING_COLON = enum.auto()  #: ``{"a" 1}``
    NAN_INFINITY = enum.auto()  #: ``NaN``, ``Infinity``, ``-Infinity`` (read as floats)
    NUMBER_FORMAT = enum.auto()  #: ``+1``, ``.5``, ``1.``
    CONTROL_CHARACTER = enum.auto()  #: a raw newline, tab… inside a string: escaped
    SEVERAL_VALUES = enum.auto()  #: several top-level values (NDJSON): read as one list
    TRUNCATED = enum.auto()  #: text cut off at ``close()``: the value shown so far is the result

    #: The common repairs; none changes the value of a valid JSON text or completes cut-off text.
    DEFAULT = (
        TRAILING_COMMA | COMMENT | SINGLE_QUOTES | SMART_QUOTES | PYTHON_LITERAL | UNQUOTED_KEY
        | MISSING_COMMA | MISSING_COLON | NAN_INFINITY | NUMBER_FORMAT | CONTROL_CHARACTER
    )
    NONE = 0


@dataclass(frozen=True)
class RepairRecord:
    """One repair: what kind, where in the text as it came, and what it replaced.

    ``pos`` (character offset), ``lineno`` and ``colno`` (1-based) locate the mistake in
    the original text; ``path`` is the JSON Pointer being written when it was repaired;
    ``text`` is the original text replaced (``""`` when something was inserted) and
    ``replacement`` what the engine read instead (``""`` when something was dropped).
    """

    kind: Repair
    pos: int
    lineno: int
    colno: int
    path: str
    text: str
    replacement: str

    def __str__(self) -> str:
        name = (self.kind.name or "").lower().replace("_", " ")
        where = f"line {self.lineno} column {self.colno} (char {self.pos})"
        if self.path:
            where += f", at {self.path}"
        return f"repaired {name}: {self.text!r} -> {self.replacement!r} ({where})"


def repairs_of(repair: bool | Repair) -> Repair:
    """The set of repairs that the ``repair`` option stands for (``True``: ``Repair.DEFAULT``)."""
    if repair is True:
        return Repair.DEFAULT
    if repair is False:
        return Repair.NONE
    if not isinstance(repair, Repair):
        raise TypeError(f"repair must be a bool or Repair flags, not {type(repair).__name__}")
    return repair
