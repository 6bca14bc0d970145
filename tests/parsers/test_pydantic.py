"""PydanticOutputParser: partial instances that never claim more than the data says."""

from __future__ import annotations

import asyncio
from typing import Literal

import pytest
from pydantic import BaseModel, field_validator

from chunkwise import Completion, OutputParserException, PydanticOutputParser, ScriptedChatModel
from chunkwise.samples import COUNTRIES_JSON, COUNTRIES_TOKENS

from .helpers import run_sync, streamed


class Country(BaseModel):
    name: str
    population: int
    capital: str = "unknown"


class Answer(BaseModel):
    countries: list[Country]
    note: str = "none"


def test_partial_instances_hold_only_complete_data() -> None:
    parser = PydanticOutputParser(Answer)
    shown = streamed(parser, list(COUNTRIES_TOKENS))
    assert [len(answer.countries) for answer in shown] == [0, 1, 2, 3, 3]
    partial, final = shown[1], shown[-1]
    assert partial.countries[0].population == 67413000  # never 67 or 67413
    with pytest.raises(AttributeError):  # not arrived: not filled with the default
        partial.note
    assert partial.model_fields_set == {"countries"}
    assert repr(partial.countries[0]) == "Country(name='France', population=67413000)"
    assert final == Answer.model_validate_json(COUNTRIES_JSON)
    assert final.note == "none" and final.countries[0].capital == "unknown"
    assert parser.invoke(COUNTRIES_JSON) == final


def test_a_prefix_never_passes_for_a_value() -> None:
    class Status(BaseModel):
        state: Literal["in", "inactive"]

    chunks = ['{"state": "in', 'active"}']
    assert run_sync(PydanticOutputParser(Status), chunks) == [Status(state="inactive")]
    # growing strings are an explicit choice, with the risk spelled out in the docs
    lenient = run_sync(PydanticOutputParser(Status, completion=Completion.ATOMIC), chunks)
    assert lenient == [Status(state="in"), Status(state="inactive")]


def test_validation_failure_carries_pydantic_details() -> None:
    with pytest.raises(OutputParserException) as info:
        PydanticOutputParser(Country).invoke('{"name": "X", "population": "many"}')
    error = info.value
    assert error.errors is not None and error.errors[0]["loc"] == ("population",)
    assert error.llm_output == '{"name": "X", "population": "many"}'


def test_truncated_output_raises_at_the_end_of_the_stream() -> None:
    model = ScriptedChatModel(streams=[list(COUNTRIES_TOKENS[:12])])
    chain = model | PydanticOutputParser(Answer)

    async def main() -> list[Answer]:
        got = []
        with pytest.raises(OutputParserException, match="Truncated"):
            async for answer in chain.astream("x"):
                got.append(answer)
        return got

    assert [len(a.countries) for a in asyncio.run(main())] == [0, 1]


def test_validators_run_on_partial_data_too() -> None:
    class Shout(BaseModel):
        words: list[str]

        @field_validator("words")
        @classmethod
        def upper(cls, words: list[str]) -> list[str]:
            return [w.upper() for w in words]

    assert run_sync(PydanticOutputParser(Shout), ['{"words": ["a", ', '"b"]}']) == [
        Shout(words=["a"]), Shout(words=["a", "b"])]


def test_format_instructions_use_the_schema() -> None:
    text = PydanticOutputParser(Answer).get_format_instructions()
    assert '"countries"' in text and '"Country"' in text


class Order(BaseModel):
    name: str
    items: list[int]


def test_an_object_lacking_a_required_field_is_not_validated_while_it_streams(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19: validating costs the size of the value, on every chunk that changed it."""
    calls = []
    real = Order.model_validate.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Order, "model_validate", classmethod(lambda cls, v, **k: calls.append(v) or real(cls, v, **k)))
    text = '{"items": [' + "1, " * 200 + '1], "name": "x"}'
    shown = run_sync(PydanticOutputParser(Order), list(text))
    assert shown[-1] == Order(name="x", items=[1] * 201)
    assert len(calls) <= 3  # when "name" completes, and the final validation


def test_a_model_validator_before_the_fields_may_fill_them_in() -> None:
    from pydantic import model_validator

    class Filled(BaseModel):
        name: str
        size: int = 0

        @model_validator(mode="before")
        @classmethod
        def default_name(cls, data: object) -> object:
            return {"name": "anon", **data} if isinstance(data, dict) else data

    shown = run_sync(PydanticOutputParser(Filled), ['{"size": 3', ', "x": 1}'])
    assert shown[0].name == "anon"  # shown before the data holds "name": the validator filled it
    assert shown[-1] == Filled(name="anon", size=3)
