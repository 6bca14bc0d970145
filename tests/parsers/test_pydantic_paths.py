"""The open-path test of the pydantic parsers: never wrong, and what it saves (issue 19)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Optional, Union

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, RootModel, field_validator, model_validator

from chunkwise import AIMessageChunk, IncrementalJsonParser, PydanticOutputParser, PydanticToolsParser
from chunkwise.models import tool_call_chunk
from chunkwise.parsers.pydantic_paths import surely_invalid

from .helpers import run_sync


class Item(BaseModel):
    id: int
    note: str = ""


class Order(BaseModel):
    name: str
    items: list[Item]
    extra: Optional[dict[str, Item]] = None
    pair: tuple[Item, int] | None = None


class Aliased(BaseModel):
    model_config = ConfigDict(populate_by_name=False)
    item: Item = Field(alias="thing")


class Loose(BaseModel):
    items: list[Union[Item, Order]]
    raw: Annotated[list[Item], BeforeValidator(lambda v: v)] = []
    checked: list[Item] = []

    @field_validator("checked", mode="before")
    @classmethod
    def anything(cls, value: Any) -> Any:
        return value


Items = RootModel[list[Item]]


class Wrapped(RootModel[list[Item]]):
    """A root model whose validator may turn anything into its list."""

    @model_validator(mode="before")
    @classmethod
    def listed(cls, value: Any) -> Any:
        return value if isinstance(value, list) else [value]


def open_path(text: str) -> Any:
    engine = IncrementalJsonParser()
    engine.feed(text)
    return engine.open_containers()


@pytest.mark.parametrize(("model", "text", "invalid"), [
    (Order, '{"items": [', True),  # "name" is missing
    (Order, '{"name": "x", "items": [{"note": "a"', True),  # the item lacks "id"
    (Order, '{"name": "x", "items": [{"note": "a", "id": ', False),  # the pending key counts as present
    (Order, '{"name": "x", "items": [{"id": 1}, {', True),
    (Order, '{"name": "x", "items": [{"id": 1}, ', False),
    (Order, '{"name": "x", "items": [], "extra": {"a": {', True),  # Optional[dict[str, Item]]
    (Order, '{"name": "x", "items": [], "pair": [{', True),  # tuple[Item, int]
    (Order, '{"name": "x", "items": [], "pair": [{"id": 1}, {', False),  # an int there: invalid, but not by a lacking key
    (Order, '{"name": "x", "items": [], "unknown": {', False),  # not a field: nothing known
    (Items, '[{"id": 1}, {"note": ', True),  # a root model's items
    (Wrapped, '[{"id": 1}, {"note": ', False),  # its validator sees the input first
    (Aliased, '{"thing": {', True),
    (Aliased, '{"item": {', False),  # without populate_by_name "item" sets nothing: an extra key
    (Loose, '{"items": [{', False),  # a union: either member may fit
    (Loose, '{"items": [], "raw": [{', False),  # a validator sees the raw input first
    (Loose, '{"items": [], "checked": [{', False),
])
def test_surely_invalid_only_where_validation_must_fail(model: type[BaseModel], text: str, invalid: bool) -> None:
    assert surely_invalid(model, open_path(text)) is invalid


def test_a_root_model_streams_partial_instances() -> None:
    shown = run_sync(PydanticOutputParser(Items), list('[{"id": 1}, {"id": 2}]'))
    assert [len(items.root) for items in shown] == [0, 1, 2, 2]  # the last one with the defaults
    assert shown[-1] == Items([Item(id=1), Item(id=2)]) and shown[-1].root[0].note == ""


def test_a_call_once_shown_is_never_taken_back() -> None:
    """An item growing through an invalid state (it lacks "id" so far) keeps the call
    shown as it last was valid, instead of dropping it from the output."""
    args = '{"name": "x", "items": [{"id": 1}, {"note": "b", "id": 2}]}'
    outputs = run_sync(PydanticToolsParser([Order]), tool_chunks("Order", list(args)))
    assert [len(output) for output in outputs] == [0] + [1] * (len(outputs) - 1)
    assert [len(output[0].items) for output in outputs[1:]] == [0, 1, 2, 2]  # the last one with the defaults


def test_an_open_item_lacking_its_field_is_not_snapshotted_or_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19's last superlinear case: each member of the open item used to cost a
    snapshot and a validation of the whole order."""
    calls = []
    real = Order.model_validate.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Order, "model_validate", classmethod(lambda cls, v, **k: calls.append(v) or real(cls, v, **k)))
    text = '{"name": "x", "items": [{' + "".join(f'"k{i}": 1, ' for i in range(200)) + '"id": 1}]}'
    expected = Order(name="x", items=[Item(id=1)])
    assert run_sync(PydanticOutputParser(Order), list(text))[-1] == expected
    assert len(calls) <= 4  # "name", the empty list, the final one (at most twice)
    calls.clear()
    assert run_sync(PydanticToolsParser([Order]), tool_chunks("Order", list(text)))[-1] == [expected]
    assert len(calls) <= 4


def tool_chunks(name: str, pieces: list[str]) -> list[AIMessageChunk]:
    first = AIMessageChunk("", tool_call_chunks=[tool_call_chunk(name=name, id="c1", args="", index=0)])
    return [first] + [AIMessageChunk("", tool_call_chunks=[tool_call_chunk(args=p, index=0)]) for p in pieces]


# ------------------------------------------------------------------ the test is never wrong

def items(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for key in draw(st.permutations(["id", "note", "k"])):
        if draw(st.booleans()):
            item[key] = draw(st.integers(0, 9)) if key != "note" else draw(st.text("ab", max_size=3))
    return item


@st.composite
def orders(draw: st.DrawFn) -> str:
    """Orders with fields in any order, some missing, items with or without their id."""
    order: dict[str, Any] = {}
    for key in draw(st.permutations(["name", "items", "extra", "pair", "zz"])):
        if not draw(st.booleans()):
            continue
        if key == "items":
            order[key] = [items(draw) for _ in range(draw(st.integers(0, 3)))]
        elif key == "extra":
            order[key] = {"a": items(draw)}
        elif key == "pair":
            order[key] = [items(draw), 1]
        else:
            order[key] = draw(st.text("xy", max_size=3))
    return json.dumps(order)


@st.composite
def chunkings(draw: st.DrawFn, text: str) -> list[str]:
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=len(text))))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)]) if text[a:b]]


def shown(outputs: list[Any]) -> list[Any]:
    """What each output shows: the instances' classes, fields set and data."""
    def one(value: Any) -> Any:
        if isinstance(value, list):
            return [one(v) for v in value]
        return type(value).__name__, sorted(value.model_fields_set), value.model_dump()
    return [one(output) for output in outputs]


def outcome(parser: Any, chunks: list[Any], skip: bool) -> Any:
    parser._skip_invalid = skip
    try:
        return shown(run_sync(parser, chunks))
    except Exception as error:  # a final validation error: the same either way
        return type(error).__name__


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_skipping_shows_exactly_what_validating_every_change_shows(data: st.DataObject) -> None:
    text = data.draw(orders())
    chunks = data.draw(chunkings(text))
    for make, feed in ((lambda: PydanticOutputParser(Order), chunks),
                       (lambda: PydanticToolsParser([Order]), tool_chunks("Order", chunks))):
        assert outcome(make(), feed, skip=True) == outcome(make(), feed, skip=False)
