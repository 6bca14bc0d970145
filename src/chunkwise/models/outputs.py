"""What callback handlers and LangChain-style model hooks exchange: generations and results.

``on_llm_new_token`` receives a ``GenerationChunk`` (LLMs) or ``ChatGenerationChunk``
(chat models) as ``chunk``; ``on_llm_end`` an ``LLMResult``. A model written the
LangChain way may return a ``ChatResult`` from ``_generate`` and yield
``ChatGenerationChunk``s from ``_stream``; chunkwise unwraps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chunkwise.models.messages import BaseMessage

__all__ = ["ChatGeneration", "ChatGenerationChunk", "ChatResult", "Generation",
           "GenerationChunk", "LLMResult"]


@dataclass
class Generation:
    """One text answer of an LLM."""

    text: str = ""
    generation_info: dict[str, Any] | None = None
    type: str = "Generation"

    def __add__(self, other: Generation) -> GenerationChunk:
        info = {**(self.generation_info or {}), **(other.generation_info or {})} or None
        return GenerationChunk(text=self.text + other.text, generation_info=info)


@dataclass
class GenerationChunk(Generation):
    """A piece of an LLM's streamed answer."""

    type: str = "GenerationChunk"


@dataclass
class ChatGeneration:
    """One answer of a chat model: its message (``text`` is the message's text)."""

    message: BaseMessage
    generation_info: dict[str, Any] | None = None
    type: str = "ChatGeneration"

    @property
    def text(self) -> str:
        return self.message.text

    def __add__(self, other: ChatGeneration) -> ChatGenerationChunk:
        info = {**(self.generation_info or {}), **(other.generation_info or {})} or None
        return ChatGenerationChunk(message=self.message + other.message,  # type: ignore[operator]
                                   generation_info=info)


@dataclass
class ChatGenerationChunk(ChatGeneration):
    """A piece of a chat model's streamed answer."""

    type: str = "ChatGenerationChunk"


@dataclass
class ChatResult:
    """What a LangChain-style chat model's ``_generate`` returns."""

    generations: list[ChatGeneration] = field(default_factory=list)
    llm_output: dict[str, Any] | None = None


@dataclass
class LLMResult:
    """What ``on_llm_end`` receives: one list of generations per prompt."""

    generations: list[list[Any]] = field(default_factory=list)
    llm_output: dict[str, Any] | None = None
    run: Any = None
    type: str = "LLMResult"

    def as_dict(self) -> dict[str, Any]:
        """The result as LangChain's v1 events show it."""
        return {
            "generations": [[_generation_dict(g) for g in gens] for gens in self.generations],
            "llm_output": self.llm_output, "run": self.run, "type": self.type,
        }


def _generation_dict(generation: Any) -> dict[str, Any]:
    shown = {"text": generation.text, "generation_info": generation.generation_info,
             "type": generation.type}
    if isinstance(generation, ChatGeneration):
        shown["message"] = generation.message
    return shown
