"""The streams recorded from the real llama-server, replayed through chunkwise's models."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel, Field

from chunkwise import JsonOutputToolsParser, OutputParserException
from chunkwise.providers import ChatAnthropic

from .helpers import FAST_RETRIES, openai_model
from .recordings import Recording, recorded
from .server import ReplayServer, Reply

RECORDED = {rec.name: rec for rec in recorded()}


class Country(BaseModel):
    name: str = Field(max_length=12)
    population: int
    languages: list[Annotated[str, Field(max_length=10)]]


def replay(server: ReplayServer, rec: Recording) -> None:
    server.script(rec.path, Reply(rec.body, status=rec.status,
                                  headers={"content-type": rec.content_type}))


def test_the_recordings_are_there() -> None:
    assert set(RECORDED) >= {"llamacpp_chat", "llamacpp_json_schema", "llamacpp_length",
                             "llamacpp_tool_calls", "llamacpp_tool_calls_length",
                             "llamacpp_messages"}


def test_a_recorded_chat(server: ReplayServer) -> None:
    replay(server, RECORDED["llamacpp_chat"])
    chunks = list(openai_model(server).stream("Why is the sky blue?"))
    assert len([c for c in chunks if c.text]) == 24  # one word per token, max_tokens=24
    assert chunks[0].response_metadata["model_name"] == "tiny"


def test_recorded_json_schema_output_streams_partial_instances(server: ReplayServer) -> None:
    replay(server, RECORDED["llamacpp_json_schema"])
    values = list(openai_model(server).with_structured_output(Country).stream("x"))
    assert len(values) >= 2 and all(isinstance(v, Country) for v in values)
    assert values[-1] == Country.model_validate(values[-1].model_dump())


def test_recorded_parallel_calls_and_a_call_cut_off_by_max_tokens(server: ReplayServer) -> None:
    replay(server, RECORDED["llamacpp_tool_calls"])
    outputs = list((openai_model(server) | JsonOutputToolsParser()).stream("x"))
    assert len(outputs[-1]) >= 2 and len(outputs) > len(outputs[-1])
    replay(server, RECORDED["llamacpp_tool_calls_length"])
    answer = openai_model(server).invoke("x")
    assert answer.tool_calls == [] and answer.invalid_tool_calls[0]["args"] == "{"
    with pytest.raises(OutputParserException, match="token limit"):
        list(openai_model(server).with_structured_output(Country, method="function_calling")
             .stream("x"))


def test_recorded_truncated_json_is_a_clear_error(server: ReplayServer) -> None:
    """llama-server sends none of a cut-off JSON answer (it holds back a possible fence)."""
    replay(server, RECORDED["llamacpp_length"])
    with pytest.raises(OutputParserException, match="token limit .*'length'"):
        openai_model(server).with_structured_output(Country).invoke("x")


def test_the_recorded_anthropic_endpoint(server: ReplayServer) -> None:
    replay(server, RECORDED["llamacpp_messages"])
    model = ChatAnthropic(model="tiny", base_url=server.url, retry_policy=FAST_RETRIES)
    answer = model.invoke("Tell me about the sea.")
    assert answer.text.strip() and answer.response_metadata["stop_reason"] == "max_tokens"
    assert answer.usage_metadata is not None and answer.usage_metadata["output_tokens"] == 24
