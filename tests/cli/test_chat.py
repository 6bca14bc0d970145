"""``chunkwise chat`` against a real HTTP server replaying streams recorded from llama-server."""

from __future__ import annotations

import pytest

from tests.providers import streams as s
from tests.providers.server import ReplayServer, Reply

from .helpers import run_cli

FINAL = {"name": " but only by", "population": 358, "languages": [" fish live"]}


@pytest.fixture
def url(server: ReplayServer) -> str:
    return f"{server.url}/v1"


def test_text_streams_as_it_arrives(url: str) -> None:
    result = run_cli("chat", "llamacpp:tiny", "Why is the sky blue?", "--base-url", url)
    assert result.status == 0 and result.err == ""
    assert result.out.startswith(b" some need too word") and result.out.endswith(b"\n")


def test_the_prompt_from_stdin(url: str) -> None:
    result = run_cli("chat", "llamacpp:tiny", "-", "--base-url", url, data=b"Why is the sky blue?")
    assert result.status == 0 and result.out.startswith(b" some need")


def test_json_shows_the_partial_value_growing(url: str) -> None:
    result = run_cli("chat", "llamacpp:tiny", "Describe a country as JSON.", "--base-url", url, "--json")
    assert result.status == 0
    records = result.records
    assert records[0] == {} and records[-1] == FINAL and len(records) > 5


@pytest.mark.parametrize("schema", ["tests.cli.schemas:Country", "tests.cli.schemas:COUNTRY_SCHEMA"])
def test_schema_shows_partial_instances(url: str, schema: str) -> None:
    result = run_cli("chat", "llamacpp:tiny", "Describe a country as JSON.", "--base-url", url,
                     "--schema", schema)
    assert result.status == 0 and result.err == ""
    assert result.records[-1] == FINAL
    if schema.endswith(":Country"):  # partial instances hold complete fields only
        assert result.records == [{**FINAL, "languages": []}, FINAL]


def test_an_answer_cut_off_by_the_token_limit_exits_2(url: str) -> None:
    result = run_cli("chat", "llamacpp:tiny", "Describe a country, briefly.", "--base-url", url,
                     "--schema", "tests.cli.schemas:Country")
    assert result.status == 2 and "cut off by the token limit" in result.err


def test_anthropic(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "not-needed-by-llama-server")
    result = run_cli("chat", "anthropic:tiny", "Tell me about the sea.", "--base-url", url[:-3],
                     "--max-tokens", "24")
    assert result.status == 0 and result.out.startswith(b" some")


def test_a_stream_that_breaks_exits_2_after_the_text(server: ReplayServer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    body = s.openai_text("Hello", " there", '{"a": 1')
    cut = Reply(body, cut_after=body.index(b"\n\n", body.index(b" there")) + 2)
    server.script("/v1/chat/completions", cut)
    try:
        text = run_cli("chat", "openai:m", "hi", "--base-url", f"{server.url}/v1")
        json = run_cli("chat", "openai:m", "hi", "--base-url", f"{server.url}/v1", "--json")
    finally:
        server.scripts.clear()
    assert text.status == 2 and text.out == b"Hello there\n"
    assert "the answer is cut off" in text.err
    assert json.status == 2 and "the answer is cut off" in json.err


def test_provider_errors_exit_3(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    unknown = run_cli("chat", "llamacpp:tiny", "a prompt nobody recorded", "--base-url", url)
    assert unknown.status == 3 and "HTTP 404" in unknown.err
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    keyless = run_cli("chat", "openai:gpt-4o-mini", "hi")
    assert keyless.status == 3 and "openai needs an API key" in keyless.err
    nameless = run_cli("chat", "mystery-model", "hi")
    assert nameless.status == 3 and "cannot tell the provider" in nameless.err


@pytest.mark.parametrize("schema, message", [
    ("tests.cli.schemas", "--schema takes module:Class"),
    ("tests.cli.nowhere:Country", "cannot load the schema"),
    ("tests.cli.schemas:Missing", "cannot load the schema"),
    ("tests.cli.schemas:NOT_A_SCHEMA", "neither a pydantic model class nor a JSON-schema dict"),
])
def test_schemas_that_do_not_load(url: str, schema: str, message: str) -> None:
    result = run_cli("chat", "llamacpp:tiny", "Describe a country as JSON.", "--base-url", url,
                     "--schema", schema)
    assert result.status == 3 and message in result.err
