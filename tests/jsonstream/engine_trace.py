"""Everything a user can observe of one parse, as a list: for comparing two engines.

``trace`` feeds chunks to a parser and records, in order, each ``feed()`` result and,
at the chosen looks, every view that the parser's options allow (the value,
RFC 6902 patches, compact patches, items, events), then ``close()``'s value or the
first error with its type, message, position, line, column, path and excerpt, and the
repairs made (with ``repair``). Two
parsers behave the same to a user exactly when their traces are equal (``same``,
type-exact). Shared by tests/jsonstream/test_shortcuts.py and the fuzz campaign.
"""

from __future__ import annotations

import copy
from typing import Any, Sequence

from chunkwise import IncrementalJsonParser, JsonStreamError
from chunkwise.testing import same

#: The views each traced parser reads (value and RFC patches on one parser: reads are pure).
VIEWS = ("value+rfc", "compact", "items", "events")


def _error_record(error: JsonStreamError) -> tuple[Any, ...]:
    return ("error", type(error).__name__, error.msg, error.pos, error.lineno, error.colno, error.path, error.excerpt)


def _look(parser: IncrementalJsonParser, view: str) -> list[Any]:
    if view == "value+rfc":
        return [copy.deepcopy(parser.value), parser.patches(), parser.path]
    if view == "compact":
        return [parser.patches(compact=True)]
    if view == "items":
        return [parser.items()]
    return [parser.events()]


def trace(chunks: Sequence[Any], looks: Sequence[bool], view: str, **options: Any) -> list[Any]:
    """What a user sees of ``view`` when feeding ``chunks`` (looking where ``looks`` says)."""
    if view == "events":
        options["events"] = True
    parser = IncrementalJsonParser(**options)
    seen: list[Any] = []
    try:
        for chunk, look in zip(chunks, list(looks) + [True] * len(chunks)):
            seen.append(parser.feed(chunk))
            if look:
                seen.extend(_look(parser, view))
        seen.append(("closed", parser.close()))
        seen.extend(_look(parser, view))
    except JsonStreamError as error:
        seen.append(_error_record(error))
        seen.extend(_after_error(parser, view, error))
    if parser.repair:
        seen.append(("repairs", parser.repairs))
    return seen


def _after_error(parser: IncrementalJsonParser, view: str, error: JsonStreamError) -> list[Any]:
    """What the view gives after the parse failed: once what completed before the error
    (the delta views) or the error, then the same error."""
    seen: list[Any] = []
    for attempt in (1, 2):
        try:
            seen.extend(_look(parser, view))
        except JsonStreamError as again:
            assert again is error, f"the {view} view raised another error: {again!r}"
            seen.append("raised")
        else:
            assert attempt == 1 and view != "value+rfc", f"the {view} view did not raise the error again"
    assert seen[-1] == "raised"
    return seen


def first_difference(a: list[Any], b: list[Any]) -> str | None:
    """Where two traces differ, or None."""
    for index, (x, y) in enumerate(zip(a, b)):
        if not same(x, y):
            return f"step {index}: {x!r} != {y!r}"
    if len(a) != len(b):
        return f"lengths {len(a)} != {len(b)}: {a[len(b):]!r} / {b[len(a):]!r}"
    return None
