"""The input pipeline of ``chunkwise parse`` (framing, bytes, the views) at every chunk boundary.

The input arrives as bytes cut anywhere -- inside a UTF-8 character, inside the
fence, at the very byte where the JSON starts. Whatever the cutting: the records
written are those of one byte at a time (values: a subsequence of them), the last
value is ``json.loads`` of the JSON inside the wrapping (the oracle), the items are
the one-shot items, and an error is the same error at the same place (line, column,
character, path), which for text is where ``JsonOutputParser`` puts it too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from chunkwise.cli.feeding import JsonFeed
from chunkwise.cli.views import Mode, make_view
from chunkwise.jsonstream import JsonStreamError
from chunkwise.parsers import JsonOutputParser, OutputParserException
from jsonstream_props import apply_rfc  # (tests/jsonstream is on the path: see conftest.py)
from chunkwise.testing import (
    check_final_matches,
    check_split_invariance,
    chunkings,
    json_texts,
    json_values,
    llm_wrapped,
    mutated_texts,
    one_at_a_time,
)


class Encoded(bytes):
    """A text's UTF-8 bytes, with ``inner``: the JSON text inside its wrapping."""

    inner: str


def encoded(text: str) -> Encoded:
    data = Encoded(text.encode("utf-8", "surrogatepass"))  # a lone surrogate: invalid UTF-8
    data.inner = getattr(text, "inner", text)
    return data


#: The bare path hands the bytes to the engine unchanged (its own tests cut them everywhere):
#: fewer examples here keep the suite quick.
FEW = settings(max_examples=40)
BARE = json_texts().map(encoded)
#: Containers, so that prose may stand in front of them (prose never starts a scalar).
WRAPPED = llm_wrapped(json_texts(values=st.lists(json_values(max_leaves=12), max_size=4)
                                 | st.dictionaries(st.text(max_size=6), json_values(max_leaves=8),
                                                   max_size=4))).map(encoded)
ANY_WRAPPED = llm_wrapped(json_texts(), prose=False).map(encoded)


def pipeline(mode: Mode, *, framed: bool, items: str | None = None) -> Any:
    """The records of ``chunkwise parse`` for the chunks (items one list each, to be summed)."""
    def records(chunks: Iterator[bytes]) -> Iterator[Any]:
        view = make_view(mode, items=items, framed=framed)
        feed = JsonFeed(view.engine, framed=framed)
        for chunk in chunks:
            feed.feed(chunk)
            yield from shown(view.records())
        feed.close()
        yield from shown(view.records())

    def shown(records: list[Any]) -> list[Any]:  # items and events: summed; patches: applied
        return [[record] for record in records] if mode in ("items", "events") else records

    records.__name__ = f"parse --{mode}{' --frame auto' if framed else ''}"
    return records


def top_items(text: str) -> list[Any]:
    value = json.loads(text)
    return list(value.values()) if isinstance(value, dict) else list(value)


def test_values_framed() -> None:
    check_final_matches(pipeline("values", framed=True), ANY_WRAPPED, lambda data: json.loads(data.inner),
                        settings=FEW)
    check_split_invariance(pipeline("values", framed=True), WRAPPED, settings=FEW)


def test_items_and_patches_framed() -> None:
    check_final_matches(pipeline("items", framed=True, items="/*"), WRAPPED,
                        lambda data: top_items(data.inner), combine="sum", start=[], settings=FEW)
    check_final_matches(pipeline("patches", framed=True), WRAPPED, lambda data: json.loads(data.inner),
                        combine=applied, start=None, settings=FEW)


def applied(value: Any, patch: list[dict[str, Any]]) -> Any:
    """``value`` with an RFC 6902 ``patch`` applied (a copy; the root may be replaced)."""
    return apply_rfc(value, patch)


def test_events_bare() -> None:
    def without_parts(events: list[Any]) -> list[Any]:  # string parts follow the chunking
        return [event for event in events if event["kind"] != "string_part"]

    check_split_invariance(pipeline("events", framed=False), BARE, combine="sum", start=[],
                           equal=lambda a, b: without_parts(a) == without_parts(b), settings=FEW)


def failure(chunks: list[bytes], *, framed: bool) -> tuple[Any, ...] | None:
    """The error ``chunkwise parse`` reports for these chunks, located, or None."""
    view = make_view("values", framed=framed)
    feed = JsonFeed(view.engine, framed=framed)
    try:
        for chunk in chunks:
            feed.feed(chunk)
        feed.close()
    except JsonStreamError as error:
        at = feed.locate(error)
        return type(error), error.msg, at.pos, at.lineno, at.colno, error.path
    return None


@FEW
@given(st.data(), st.booleans())
def test_errors_are_the_same_at_the_same_place_for_every_cutting(data: st.DataObject, framed: bool) -> None:
    text = data.draw(mutated_texts(llm_wrapped(json_texts(), prose=False) if framed else None))
    whole = encoded(text)
    expected = failure([whole], framed=framed)
    assert failure(one_at_a_time(whole), framed=framed) == expected
    assert failure(data.draw(chunkings(bytes(whole))), framed=framed) == expected
    if expected is not None and "\ud800" not in text and framed:  # located as the parsers do
        try:
            JsonOutputParser(strict=True).parse(text)
        except OutputParserException as error:  # (no line or column when no JSON was found)
            assert (error.pos, error.lineno or expected[3], error.colno or expected[4]) == expected[2:5]
