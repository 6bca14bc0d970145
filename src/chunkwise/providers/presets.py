"""``init_chat_model("provider:model")``: a chat model from a provider's preset.

A preset knows a provider's base URL, the environment variables that hold its key
(and may override its URL), which model class speaks its API, and its known
quirks (options it needs, and the named stream quirks it shows, for the docs).
Keyword arguments override the preset: ``init_chat_model("ollama:llama3.2",
base_url="http://gpu-box:11434/v1", temperature=0)``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from chunkwise.providers.base import HTTPChatModel
from chunkwise.providers.chat_anthropic import ChatAnthropic
from chunkwise.providers.chat_gemini import ChatGoogleGenerativeAI
from chunkwise.providers.chat_openai import ChatOpenAI

__all__ = ["PRESETS", "Preset", "init_chat_model"]


@dataclass(frozen=True)
class Preset:
    """How to reach one provider."""

    model_class: type[HTTPChatModel]
    base_url: str
    api_key_env: tuple[str, ...] = ()
    base_url_env: str | None = None
    key_required: bool = True
    #: Constructor options the provider needs (``stream_usage=False``...).
    options: dict[str, Any] = field(default_factory=dict)
    #: The named quirks of its streams (see ``openai_stream``), for the docs.
    quirks: tuple[str, ...] = ()
    #: For Azure: an endpoint variable and the path that makes the v1 URL of it.
    endpoint_env: str | None = None
    endpoint_path: str = ""


def _local(url: str, env: str, *quirks: str, key: str | None = None) -> Preset:
    return Preset(ChatOpenAI, url, (key,) if key else (), env, key_required=False,
                  quirks=quirks)


PRESETS: dict[str, Preset] = {
    "openai": Preset(ChatOpenAI, "https://api.openai.com/v1", ("OPENAI_API_KEY",),
                     "OPENAI_BASE_URL"),
    "azure_openai": Preset(ChatOpenAI, "", ("AZURE_OPENAI_API_KEY",), "AZURE_OPENAI_BASE_URL",
                           endpoint_env="AZURE_OPENAI_ENDPOINT", endpoint_path="/openai/v1",
                           options={"max_tokens_field": "max_completion_tokens"},
                           quirks=("empty_choices",)),
    "groq": Preset(ChatOpenAI, "https://api.groq.com/openai/v1", ("GROQ_API_KEY",),
                   quirks=("cumulative_usage",)),
    "together": Preset(ChatOpenAI, "https://api.together.xyz/v1", ("TOGETHER_API_KEY",)),
    "fireworks": Preset(ChatOpenAI, "https://api.fireworks.ai/inference/v1",
                        ("FIREWORKS_API_KEY",)),
    "mistralai": Preset(ChatOpenAI, "https://api.mistral.ai/v1", ("MISTRAL_API_KEY",),
                        options={"stream_usage": False},  # usage comes anyway; the field is refused
                        quirks=("content_list", "stream_options_refused")),
    "nvidia": Preset(ChatOpenAI, "https://integrate.api.nvidia.com/v1", ("NVIDIA_API_KEY",)),
    "cohere": Preset(ChatOpenAI, "https://api.cohere.ai/compatibility/v1",
                     ("COHERE_API_KEY", "CO_API_KEY"), quirks=("stream_options_refused",)),
    "gemini_openai": Preset(ChatOpenAI, "https://generativelanguage.googleapis.com/v1beta/openai",
                            ("GEMINI_API_KEY", "GOOGLE_API_KEY"), quirks=("reasoning_content",)),
    "deepseek": Preset(ChatOpenAI, "https://api.deepseek.com/v1", ("DEEPSEEK_API_KEY",),
                       quirks=("reasoning_content",)),
    "xai": Preset(ChatOpenAI, "https://api.x.ai/v1", ("XAI_API_KEY",)),
    "openrouter": Preset(ChatOpenAI, "https://openrouter.ai/api/v1", ("OPENROUTER_API_KEY",),
                         quirks=("reasoning_content",)),
    "ollama": _local("http://localhost:11434/v1", "OLLAMA_BASE_URL", "tool_index_by_id",
                     "no_done"),
    "vllm": _local("http://localhost:8000/v1", "VLLM_BASE_URL", "reasoning_content",
                   "cumulative_usage", key="VLLM_API_KEY"),
    "llamacpp": _local("http://127.0.0.1:8080/v1", "LLAMACPP_BASE_URL", "reasoning_content",
                       key="LLAMACPP_API_KEY"),
    "lmstudio": _local("http://localhost:1234/v1", "LMSTUDIO_BASE_URL"),
    "anthropic": Preset(ChatAnthropic, "https://api.anthropic.com", ("ANTHROPIC_API_KEY",),
                        "ANTHROPIC_BASE_URL"),
    "google_genai": Preset(ChatGoogleGenerativeAI,
                           "https://generativelanguage.googleapis.com/v1beta",
                           ("GOOGLE_API_KEY", "GEMINI_API_KEY"), "GOOGLE_GEMINI_BASE_URL"),
}

#: Model-name prefixes that tell the provider when none is given (as LangChain infers).
_INFERRED = (("gpt-", "openai"), ("o1", "openai"), ("o3", "openai"), ("o4", "openai"),
             ("claude", "anthropic"), ("gemini", "google_genai"), ("mistral", "mistralai"),
             ("command", "cohere"), ("deepseek", "deepseek"), ("grok", "xai"))


def _split(model: str, provider: str | None) -> tuple[str, str]:
    if provider is None and ":" in model and model.split(":", 1)[0] in PRESETS:
        provider, model = model.split(":", 1)
    if provider is None:
        provider = next((name for prefix, name in _INFERRED if model.startswith(prefix)), None)
    if provider is None:
        raise ValueError(f"cannot tell the provider of {model!r}: write 'provider:model' "
                         f"(providers: {', '.join(PRESETS)})")
    if provider not in PRESETS:
        raise ValueError(f"unknown provider {provider!r}; the presets are: {', '.join(PRESETS)}")
    return provider, model


def _base_url(preset: Preset, given: str | None) -> str:
    if given:
        return given
    if preset.base_url_env and os.environ.get(preset.base_url_env):
        return os.environ[preset.base_url_env]
    if preset.endpoint_env and os.environ.get(preset.endpoint_env):
        return os.environ[preset.endpoint_env].rstrip("/") + preset.endpoint_path
    if not preset.base_url:
        raise ValueError(f"give base_url= or set {preset.base_url_env} or {preset.endpoint_env}")
    return preset.base_url


def init_chat_model(model: str, *, model_provider: str | None = None,
                    **options: Any) -> HTTPChatModel:
    """The chat model ``"provider:model"`` names (or ``model_provider=``), set up by its
    preset; ``options`` are the model class's options and override the preset's."""
    provider, name = _split(model, model_provider)
    preset = PRESETS[provider]
    base_url = _base_url(preset, options.pop("base_url", None))
    key = options.pop("api_key", None) or next(
        (os.environ[var] for var in preset.api_key_env if os.environ.get(var)), None)
    if key is None and preset.key_required:
        raise ValueError(f"{provider} needs an API key: pass api_key= or set "
                         f"{' or '.join(preset.api_key_env)}")
    settings = {**preset.options, **options}
    return preset.model_class(model=name, base_url=base_url, api_key=key, api_key_env=(),
                              provider=provider, **settings)
