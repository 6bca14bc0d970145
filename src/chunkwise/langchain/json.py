"""Drop-in ``JsonOutputParser`` / ``SimpleJsonOutputParser`` and ``PydanticOutputParser``.

LangChain's classes with their fields, format instructions and output types; the
JSON is read by chunkwise's engine (``chunkwise.parsers.JsonOutputParser``'s
session). chunkwise's options are extra fields: ``strict``, ``items``,
``completion``, ``allow_incomplete`` and ``compact``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic

import pydantic
import pydantic.v1
from langchain_core.messages import BaseMessage
from langchain_core.output_parsers import json as lc_json
from langchain_core.output_parsers import pydantic as lc_pydantic
from langchain_core.output_parsers._refusal import raise_if_refused
from langchain_core.outputs import ChatGeneration, Generation
from langchain_core.utils.pydantic import TBaseModel

import chunkwise.parsers as cw
from chunkwise.jsonstream import Completion
from chunkwise.langchain.dropin import (
    ChunkwiseParsing,
    OutputParserException,
    parser_input,
    translated,
)
from chunkwise.parsers.base import ParserInput, ParseSession
from chunkwise.parsers.pydantic import partial_instance

__all__ = ["JsonOutputParser", "PydanticOutputParser", "SimpleJsonOutputParser"]


class StructuredParsing(ChunkwiseParsing):
    """Structured parsers raise LangChain's ``ModelRefusalError`` on a refusal."""

    def check(self, value: str | BaseMessage | Generation) -> None:
        if isinstance(value, ChatGeneration):
            value = value.message
        # Only block content or provider fields can say "refusal" (reading content_blocks
        # costs more than parsing a chunk, so plain text chunks skip it).
        if isinstance(value, BaseMessage) and (
                not isinstance(value.content, str) or value.response_metadata
                or value.additional_kwargs):
            raise_if_refused(value)


class JsonOptions(pydantic.BaseModel):
    """chunkwise's options of the JSON parsers (see ``chunkwise.parsers.JsonOutputParser``)."""

    strict: bool = False
    items: str | None = None
    completion: Completion = Completion.PARTIAL
    allow_incomplete: bool = False
    compact: bool = False


class _RootReplaced(ParseSession[Any]):
    """Patches as LangChain's first one says it: the root set by ``replace`` (not ``add``,
    which RFC 6902 makes the same operation at the root)."""

    def __init__(self, session: ParseSession[Any]) -> None:
        self.session = session

    def feed(self, chunk: ParserInput) -> Sequence[Any]:
        return [self.replaced(patch) for patch in self.session.feed(chunk)]

    def end(self) -> Sequence[Any]:
        return [self.replaced(patch) for patch in self.session.end()]

    @staticmethod
    def replaced(patch: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if patch and patch[0]["path"] == "" and patch[0]["op"] == "add":
            return [{**patch[0], "op": "replace"}, *patch[1:]]
        return patch


class JsonOutputParser(StructuredParsing, lc_json.JsonOutputParser, JsonOptions):
    """LangChain's ``JsonOutputParser``, parsing with chunkwise's engine."""

    def session(self) -> ParseSession[Any]:
        session = self.engine().session()
        return _RootReplaced(session) if self.diff else session

    def engine(self) -> cw.JsonOutputParser:
        return cw.JsonOutputParser(
            diff=self.diff, strict=self.strict, items=self.items, completion=self.completion,
            allow_incomplete=self.allow_incomplete, compact=self.compact)


#: LangChain's other name for it.
SimpleJsonOutputParser = JsonOutputParser


def _v1_partial(model: Any, value: Any) -> Any:
    """A partial value as an instance of the pydantic v1 ``model``; None while not valid."""
    try:
        return model.parse_obj(value)
    except pydantic.v1.ValidationError:
        return None


class _V1Session(ParseSession[Any]):
    """Partial and final instances of a pydantic v1 model from chunkwise's JSON session."""

    def __init__(self, parser: PydanticOutputParser[Any]) -> None:
        self.parser = parser
        self.json = parser.json_engine().session()
        self.last: Any = None

    def feed(self, chunk: ParserInput) -> Sequence[Any]:
        shown = (self.show(value) for value in self.json.feed(chunk))
        return [instance for instance in shown if instance is not None]

    def end(self) -> Sequence[Any]:
        self.json.end()
        final = self.parser.as_model(self.json.final, "".join(self.json.reader.pieces))
        return [final] if final != self.last else []

    def show(self, value: Any) -> Any:
        instance = _v1_partial(self.parser.pydantic_object, value)
        if instance is None or instance == self.last:
            return None
        self.last = instance
        return instance


class _V1Parser(cw.BaseTransformOutputParser[Any]):
    """chunkwise's JSON parser ending in a pydantic v1 instance."""

    def __init__(self, parser: PydanticOutputParser[Any]) -> None:
        self.parser = parser

    def session(self) -> _V1Session:
        return _V1Session(self.parser)

    def parse(self, text: str) -> Any:
        return self.parser.as_model(self.parser.json_engine().parse(text), text)


class PydanticOutputParser(
    StructuredParsing, lc_pydantic.PydanticOutputParser[TBaseModel], JsonOptions, Generic[TBaseModel]
):
    """LangChain's ``PydanticOutputParser``, parsing with chunkwise's engine: partial
    instances hold only the fields that arrived (chunkwise's partial instances), the
    final one is validated fully; pydantic v1 models work too."""

    completion: Completion = Completion.COMPLETE

    def json_engine(self) -> cw.JsonOutputParser:
        return cw.JsonOutputParser(strict=self.strict, completion=self.completion,
                                   allow_incomplete=self.allow_incomplete)

    def engine(self) -> cw.BaseTransformOutputParser[Any]:
        model = self.pydantic_object
        if issubclass(model, pydantic.BaseModel):
            return cw.PydanticOutputParser(model, strict=self.strict,
                                           completion=self.completion,
                                           allow_incomplete=self.allow_incomplete)
        return _V1Parser(self)

    def as_model(self, value: Any, text: str) -> Any:
        """``value`` (parsed from ``text``) as the pydantic v1 model, or the error in
        LangChain's words."""
        try:
            return self.pydantic_object.parse_obj(value)
        except pydantic.v1.ValidationError as error:
            raise OutputParserException(
                f"Failed to parse {self.pydantic_object.__name__} from completion {text}. "
                f"Got: {error}", llm_output=text, errors=error.errors()) from error

    def parse_result(self, result: list[Generation], *, partial: bool = False) -> Any:
        """The instance; ``partial=True``: of the output so far (None while not valid)."""
        if partial:
            self.check(result[0])
            with translated():
                value = self.json_engine().parse_result([parser_input(result[0])], partial=True)
            model = self.pydantic_object
            if issubclass(model, pydantic.BaseModel):
                return partial_instance(model, value)
            return _v1_partial(model, value)
        try:
            return super().parse_result(result)
        except OutputParserException as error:
            raise self.reworded(error) from error.__cause__

    def parse(self, text: str) -> Any:
        try:
            return super().parse(text)
        except OutputParserException as error:
            raise self.reworded(error) from error.__cause__

    def reworded(self, error: OutputParserException) -> OutputParserException:
        """A validation error in LangChain's words (``Failed to parse X from completion``)."""
        if error.errors is None:
            return error
        name = self.pydantic_object.__name__
        return OutputParserException.of(
            error, f"Failed to parse {name} from completion {error.llm_output}. Got: {error.__cause__}")

    def _end(self, session: ParseSession[Any]) -> Sequence[Any]:
        try:
            return super()._end(session)
        except OutputParserException as error:
            raise self.reworded(error) from error.__cause__

