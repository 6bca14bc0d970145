"""init_chat_model: "provider:model", each preset's URL, key variable and options."""

from __future__ import annotations

import pytest

from chunkwise.providers import (
    PRESETS,
    ChatAnthropic,
    ChatGoogleGenerativeAI,
    ChatOpenAI,
    init_chat_model,
)

from . import streams as s
from .server import ReplayServer, Reply


@pytest.fixture(autouse=True)
def no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for preset in PRESETS.values():
        for name in (*preset.api_key_env, preset.base_url_env, preset.endpoint_env):
            if name:
                monkeypatch.delenv(name, raising=False)


def test_groq_with_its_key_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROQ_API_KEY", "gsk-1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")  # never sent to another provider
    model = init_chat_model("groq:llama-3.3-70b-versatile", temperature=0)
    assert isinstance(model, ChatOpenAI)
    assert (model.model, model.base_url, model.provider) == (
        "llama-3.3-70b-versatile", "https://api.groq.com/openai/v1", "groq")
    request = model.request([])
    assert request.url == "https://api.groq.com/openai/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer gsk-1"


def test_a_missing_key_is_named() -> None:
    with pytest.raises(ValueError, match="groq needs an API key: .* GROQ_API_KEY"):
        init_chat_model("groq:llama-3.3-70b-versatile")


def test_local_servers_take_base_url_and_need_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai")
    model = init_chat_model("ollama:llama3.2:1b", base_url="http://gpu:11434/v1")
    assert (model.model, model.base_url) == ("llama3.2:1b", "http://gpu:11434/v1")
    assert "authorization" not in model.request([]).headers
    assert init_chat_model("vllm:qwen").base_url == "http://localhost:8000/v1"
    monkeypatch.setenv("LLAMACPP_BASE_URL", "http://127.0.0.1:9999/v1")
    assert init_chat_model("llamacpp:tiny").base_url == "http://127.0.0.1:9999/v1"
    assert init_chat_model("lmstudio:m").base_url == "http://localhost:1234/v1"


def test_presets_pick_the_class_and_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "a")
    monkeypatch.setenv("GEMINI_API_KEY", "g")
    monkeypatch.setenv("MISTRAL_API_KEY", "m")
    monkeypatch.setenv("OPENAI_API_KEY", "o")
    assert isinstance(init_chat_model("anthropic:claude-sonnet-4-5"), ChatAnthropic)
    assert isinstance(init_chat_model("google_genai:gemini-2.5-flash"), ChatGoogleGenerativeAI)
    gemini_openai = init_chat_model("gemini_openai:gemini-2.5-flash")
    assert gemini_openai.base_url.endswith("/v1beta/openai")
    assert init_chat_model("mistralai:mistral-large-latest").stream_usage is False  # type: ignore[attr-defined]
    assert init_chat_model("gpt-4o-mini").provider == "openai"  # inferred, as LangChain does
    assert isinstance(init_chat_model("claude-haiku-4-5"), ChatAnthropic)
    with pytest.raises(ValueError, match="cannot tell the provider"):
        init_chat_model("tiny-model")
    with pytest.raises(ValueError, match="unknown provider 'nope'"):
        init_chat_model("tiny", model_provider="nope")


def test_azure_builds_its_v1_url_from_the_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "az")
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com/")
    model = init_chat_model("azure_openai:gpt-4o", max_tokens=10)
    assert model.base_url == "https://res.openai.azure.com/openai/v1"
    assert b'"max_completion_tokens": 10' in model.request([]).body
    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT")
    with pytest.raises(ValueError, match="AZURE_OPENAI_ENDPOINT"):
        init_chat_model("azure_openai:gpt-4o")


def test_a_preset_model_streams_from_its_server(server: ReplayServer) -> None:
    server.script("/v1/chat/completions", Reply(s.openai_text("Hi", " there")))
    model = init_chat_model("llamacpp:tiny", base_url=f"{server.url}/v1")
    assert model.invoke("hi").content == "Hi there"
