"""``BaseLLM``: a string-completion model; text in, text (or a stream of strings) out.

Subclass it and implement ``_generate(prompt: str) -> str`` and/or ``_stream(prompt)``
yielding strings (async: ``_agenerate`` / ``_astream``); see ``language_models`` for
the fallbacks. Input: a string, a prompt value (read with ``to_string()``), or
message-likes (read as a ``Role: text`` transcript). Events are ``on_llm_*`` with
LangChain's shapes: ``{"prompts": [...]}`` in, ``{"generations": [[...]], ...}`` out.
"""

from __future__ import annotations

from typing import Any

from chunkwise.models.convert import convert_to_messages, get_buffer_string
from chunkwise.models.language_models import BaseLanguageModel, LanguageModelInput
from chunkwise.models.outputs import Generation, GenerationChunk, LLMResult
from chunkwise.models.prompt_values import PromptValue

__all__ = ["BaseLLM"]


class BaseLLM(BaseLanguageModel[str, str, str]):
    """A completion model; see the module docstring."""

    run_type = "llm"
    ls_model_type = "llm"

    def _prepare(self, input: LanguageModelInput) -> str:
        if isinstance(input, str):
            return input
        if isinstance(input, PromptValue):
            return input.to_string()
        return get_buffer_string(convert_to_messages(input))

    def _to_chunk(self, item: Any, run_id: str | None) -> str:
        text: str = item.text if isinstance(item, Generation) else item
        return text

    def _combine(self, chunks: list[str]) -> str:
        return "".join(chunks)

    def _event_input(self, input: Any) -> Any:
        return {"prompts": [self._prepare(input)]}

    def _event_output(self, output: Any, version: str) -> Any:
        result = self._callback_result(output).as_dict()
        if version == "v2":
            del result["run"], result["type"]
            for generations in result["generations"]:
                for generation in generations:
                    generation["type"] = "Generation"
        return result

    def _callback_start(self, input: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return ([self._prepare(input)],), {}

    def _callback_token(self, chunk: Any) -> tuple[Any, Any]:
        return chunk, GenerationChunk(text=chunk)

    def _callback_result(self, output: Any) -> LLMResult:
        return LLMResult(generations=[[Generation(text=output)]])
