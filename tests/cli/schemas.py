"""Schemas for ``chunkwise chat --schema tests.cli.schemas:...`` (the recordings' shape)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field


class Country(BaseModel):
    name: str = Field(max_length=12)
    population: int
    languages: list[Annotated[str, Field(max_length=10)]] = Field(max_length=3)


#: The same shape as a JSON-schema dict: structured output then streams plain dicts.
COUNTRY_SCHEMA = {"title": "Country", **Country.model_json_schema()}

NOT_A_SCHEMA = 42
