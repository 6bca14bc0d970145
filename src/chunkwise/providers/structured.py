"""``with_structured_output``: a model's answer as a schema's value, streamed as it grows.

The model is bound to ask for the schema -- a JSON schema response format
(``json_schema``), plain JSON output (``json_mode``), or one forced tool call
(``function_calling``) -- and its stream goes through chunkwise's parsers:
``PydanticOutputParser`` / ``PydanticToolsParser`` for a pydantic model (partial
instances that never claim more than the data says), ``JsonOutputParser`` /
``JsonOutputKeyToolsParser`` for a dict schema (auto-completed partial dicts).

What chunkwise adds around the parser, on purpose:

* a call whose arguments have not started shows nothing (LangChain shows ``{}``);
* output cut off by ``max_tokens`` raises an ``OutputParserException`` that says so;
  a refusal raises one carrying the refusal; an answer without the forced tool call
  raises instead of returning None;
* ``include_raw=True`` never raises: ``stream`` yields ``{"raw": chunk}`` for each
  chunk (with ``"parsed"`` when the value changed) and ends with
  ``{"parsed": value, "parsing_error": None}`` or ``{"parsed": None,
  "parsing_error": error}``; ``invoke`` returns the three keys at once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from chunkwise.models import AIMessage, AIMessageChunk, add_ai_message_chunks
from chunkwise.parsers import (
    BaseTransformOutputParser,
    JsonOutputKeyToolsParser,
    JsonOutputParser,
    OutputParserException,
    ParseSession,
    PydanticOutputParser,
    PydanticToolsParser,
)
from chunkwise.providers.tools import tool_spec
from chunkwise.runnables import Runnable, RunnableConfig

if TYPE_CHECKING:
    from chunkwise.providers.base import HTTPChatModel, StructuredMethod

__all__ = ["StructuredOutputParser", "structured_output"]

_NOTHING: Any = object()

#: Finish reasons that mean "stopped at the token limit", by provider.
_LENGTH_REASONS = frozenset({"length", "max_tokens", "MAX_TOKENS"})
#: Finish reasons that mean "refused" or "filtered".
_REFUSAL_REASONS = frozenset({"refusal", "content_filter", "SAFETY", "PROHIBITED_CONTENT",
                              "BLOCKLIST", "SPII", "RECITATION"})


def structured_output(model: HTTPChatModel, schema: Any, method: StructuredMethod, *,
                      include_raw: bool, strict: bool | None) -> Runnable[Any, Any]:
    """``model`` bound to answer with ``schema``, piped into the matching parser."""
    spec = tool_spec(schema)
    is_model = isinstance(schema, type) and issubclass(schema, BaseModel)
    parser: BaseTransformOutputParser[Any]
    if method == "function_calling":
        bound = model.bind_tools([schema], tool_choice=spec.name)
        parser = (PydanticToolsParser([schema], first_tool_only=True) if is_model
                  else JsonOutputKeyToolsParser(key_name=spec.name, first_tool_only=True))
    elif method in ("json_schema", "json_mode"):
        bound = model.bind(**model._schema_fields(spec, method, strict))
        parser = PydanticOutputParser(schema) if is_model else JsonOutputParser()
    else:
        raise ValueError(f"unknown method {method!r}: use json_schema, function_calling "
                         "or json_mode")
    wanted = spec.name if method == "function_calling" else None
    return bound | StructuredOutputParser(parser, tool_name=wanted, include_raw=include_raw)


class _Session:
    """One stream: the inner parser's session, plus what the raw message says."""

    def __init__(self, parser: StructuredOutputParser) -> None:
        self.inner: ParseSession[Any] = parser.parser.session()
        self.tool_name = parser.tool_name
        self.args_seen = parser.tool_name is None  # text output: no arguments to wait for
        self.pieces: list[AIMessage] = []  # the raw message, summed only if an error needs it
        self.last: Any = None
        self.shown = False
        self.held: Any = _NOTHING  # the inner parser's output while no argument text came
        self.include_raw = parser.include_raw
        self.failed = False  # include_raw: an error was reported, the stream is over

    def feed(self, chunk: AIMessage) -> list[Any]:
        self.pieces.append(chunk)
        if not isinstance(chunk, AIMessageChunk):  # a whole message (invoke)
            self.args_seen = True
        elif not self.args_seen:
            self.args_seen = any(piece.get("args") for piece in chunk.tool_call_chunks)
        try:
            outputs = self.inner.feed(chunk)
        except OutputParserException as error:
            raise self._explained(error) from error
        if not self.args_seen:  # arguments not begun: LangChain's "{}" is no data yet
            self.held = outputs[-1] if outputs else self.held
            return []
        if not outputs and self.held is not _NOTHING:  # the held value, now backed by data
            outputs = [self.held]
        self.held = _NOTHING
        if outputs:
            self.last, self.shown = outputs[-1], True
        return list(outputs)

    def end(self) -> list[Any]:
        """The final outputs; raises :class:`OutputParserException` with the reason."""
        try:
            outputs = self.inner.end()
        except OutputParserException as error:
            raise self._explained(error) from error
        if not outputs and not self.shown and self.held is not _NOTHING:
            outputs = [self.held]  # a call with empty arguments: a call without arguments
        if outputs:
            self.last, self.shown = outputs[-1], True
        if not self.shown:
            raise self._explained(OutputParserException(
                f"The model answered without calling {self.tool_name!r}: "
                f"{(self.raw.text if self.raw is not None else '')[:120]!r}"))
        return list(outputs)

    def step(self, chunk: AIMessage) -> list[Any]:
        """The outputs for one input chunk, as the parser shows them (``include_raw``:
        ``{"raw": chunk}`` with ``"parsed"`` when it changed; an error ends the stream)."""
        if not self.include_raw:
            return self.feed(chunk)
        try:
            outputs = self.feed(chunk)
        except OutputParserException as error:
            self.failed = True
            return [{"parsed": None, "parsing_error": error}]
        return [{"raw": chunk, "parsed": outputs[-1]} if outputs else {"raw": chunk}]

    def finish(self) -> list[Any]:
        """The outputs at the end of the stream (``include_raw``: the parsed value or the
        error, never raised)."""
        if not self.include_raw:
            return self.end()
        if self.failed:
            return []
        try:
            self.end()
        except OutputParserException as error:
            return [{"parsed": None, "parsing_error": error}]
        return [{"parsed": self.last, "parsing_error": None}]

    @property
    def raw(self) -> AIMessage | None:
        """The raw message so far."""
        pieces = self.pieces
        if len(pieces) == 1 or not all(isinstance(p, AIMessageChunk) for p in pieces):
            return pieces[-1] if pieces else None
        return add_ai_message_chunks(*pieces)  # type: ignore[arg-type]

    def _explained(self, error: OutputParserException) -> OutputParserException:
        """``error``, or the reason behind it: a refusal, or the token limit."""
        final = self.raw
        refusal = _refusal(final)
        if refusal:
            return OutputParserException(f"The model refused: {refusal}", llm_output=refusal)
        reason = _finish_reason(final)
        if reason in _LENGTH_REASONS:
            return OutputParserException(
                f"The output was cut off by the token limit (finish reason {reason!r}) "
                f"before the structured value was complete: {error}",
                llm_output=error.llm_output)
        return error


def _finish_reason(message: AIMessage | None) -> Any:
    if message is None:
        return None
    meta = message.response_metadata
    return meta.get("finish_reason") or meta.get("stop_reason")


def _refusal(message: AIMessage | None) -> str | None:
    """What says the model refused or was blocked: OpenAI's ``refusal``, Anthropic's
    ``stop_reason: refusal``, a content filter or Gemini's safety reasons."""
    if message is None:
        return None
    refusal = message.additional_kwargs.get("refusal")
    if refusal:
        return str(refusal)
    meta = message.response_metadata
    if meta.get("block_reason"):
        return f"the prompt was blocked ({meta['block_reason']})"
    reason = _finish_reason(message)
    if reason in _REFUSAL_REASONS:
        return message.text or f"finish reason {reason!r}"
    return None


class StructuredOutputParser(Runnable[AIMessage, Any]):
    """Reads a structured-output model's messages with ``parser`` (see the module doc)."""

    run_type = "parser"

    def __init__(self, parser: BaseTransformOutputParser[Any], *, tool_name: str | None,
                 include_raw: bool) -> None:
        self.parser = parser
        self.tool_name = tool_name
        self.include_raw = include_raw

    def __repr__(self) -> str:
        return f"StructuredOutputParser({self.parser!r}, include_raw={self.include_raw})"

    def _invoke(self, input: AIMessage, config: RunnableConfig, **kwargs: Any) -> Any:
        session = _Session(self)
        outputs = [*session.step(input), *session.finish()]
        if not self.include_raw:
            return outputs[-1] if outputs else session.last
        return {"raw": input, "parsed": outputs[-1]["parsed"],
                "parsing_error": outputs[-1]["parsing_error"]}

    def _transform(self, input: Iterator[AIMessage], config: RunnableConfig,
                   **kwargs: Any) -> Iterator[Any]:
        session = _Session(self)
        for chunk in input:
            yield from session.step(chunk)
            if session.failed:
                return
        yield from session.finish()

    async def _atransform(self, input: AsyncIterator[AIMessage], config: RunnableConfig,
                          **kwargs: Any) -> AsyncIterator[Any]:
        session = _Session(self)
        async for chunk in input:
            for output in session.step(chunk):
                yield output
            if session.failed:
                return
        for output in session.finish():
            yield output
