"""Real chat models over HTTP: OpenAI-compatible servers, Anthropic and Gemini.

``ChatOpenAI``, ``ChatAnthropic`` and ``ChatGoogleGenerativeAI`` stream
``AIMessageChunk``s from the provider's streaming API; ``init_chat_model
("provider:model")`` picks one with the provider's preset (base URL, key variable,
quirks). The wire decoders (``chunkwise.providers.wire``) need only the standard
library; the HTTP client (``httpx2``, extra ``[providers]``) is imported when a
model sends its first request, so importing this package imports no HTTP client.
See ``docs/providers.md``.
"""

from chunkwise.providers.base import HTTPChatModel
from chunkwise.providers.chat_anthropic import ChatAnthropic
from chunkwise.providers.chat_gemini import ChatGoogleGenerativeAI
from chunkwise.providers.chat_openai import ChatOpenAI
from chunkwise.providers.errors import IncompleteStreamError, ProviderError
from chunkwise.providers.presets import PRESETS, Preset, init_chat_model
from chunkwise.providers.retry import RetryPolicy
from chunkwise.providers.sdk import from_anthropic_stream, from_openai_stream
from chunkwise.providers.transport import HTTPRequest, ReadTimeout, Transport, TransportError

__all__ = [
    "ChatAnthropic",
    "ChatGoogleGenerativeAI",
    "ChatOpenAI",
    "HTTPChatModel",
    "HTTPRequest",
    "IncompleteStreamError",
    "PRESETS",
    "Preset",
    "ProviderError",
    "ReadTimeout",
    "RetryPolicy",
    "Transport",
    "TransportError",
    "from_anthropic_stream",
    "from_openai_stream",
    "init_chat_model",
]
