"""``BaseLLM``: a string-completion model; text in, text (or a stream of strings) out.

Subclass it and implement ``_generate(prompt: str) -> str`` and/or ``_stream(prompt)``
yielding strings (async: ``_agenerate`` / ``_astream``); see ``language_models`` for
the fallbacks. Input: a string, a prompt value (read with ``to_string()``), or
message-likes (read as a ``Role: text`` transcript). Events are ``on_llm_*``.
"""

from __future__ import annotations

from chunkwise.models.convert import convert_to_messages, get_buffer_string
from chunkwise.models.language_models import BaseLanguageModel, LanguageModelInput
from chunkwise.models.prompt_values import PromptValue

__all__ = ["BaseLLM"]


class BaseLLM(BaseLanguageModel[str, str, str]):
    """A completion model; see the module docstring."""

    run_type = "llm"

    def _prepare(self, input: LanguageModelInput) -> str:
        if isinstance(input, str):
            return input
        if isinstance(input, PromptValue):
            return input.to_string()
        return get_buffer_string(convert_to_messages(input))

    def _to_chunk(self, item: str, run_id: str | None) -> str:
        return item

    def _combine(self, chunks: list[str]) -> str:
        return "".join(chunks)
