"""What every output parser shares: reading text out of its input, and the runnable plumbing.

A parser is a :class:`~chunkwise.runnables.Runnable` with ``run_type = "parser"``
(so it emits ``on_parser_*`` events) and ``parse(text)``. Its input is a ``str``, a
message or a message chunk; :func:`text_of` reads the text whatever the content's
shape (a string or a list of content blocks), so block content is never dropped.

Streaming parsers (:class:`BaseTransformOutputParser`) keep all per-call state in a
:class:`ParseSession` created by each ``transform``/``stream`` call, never on the
parser object: one parser serves any number of concurrent streams. The sync and
async transforms are the same short loop over the session, so async streams pay no
thread hop.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any, Generic, TypeVar, Union

from pydantic import BaseModel

from chunkwise.models import BaseMessage, content_text
from chunkwise.runnables import Runnable, RunnableConfig

__all__ = [
    "BaseOutputParser",
    "BaseTransformOutputParser",
    "ParseSession",
    "ParserInput",
    "same_value",
    "text_of",
]

T = TypeVar("T")

#: What a parser reads: model text, or a message (chunk) whose content holds it.
ParserInput = Union[str, BaseMessage]


def text_of(value: ParserInput) -> str:
    """The text of a model output: a string as is, a message's content text
    (string content, or the text blocks of a block list joined)."""
    if isinstance(value, str):
        return value
    if isinstance(value, BaseMessage):
        return content_text(value.content)
    raise TypeError(f"an output parser reads str or messages, not {type(value).__name__}")


def same_value(a: Any, b: Any) -> bool:
    """``a == b`` for parsed values and pydantic instances, that also tells ``0`` from
    ``0.0`` (and ``False`` from ``0``) at any depth, so a number that became a float is
    shown again. Iterative (``==`` on nested lists and models recurses); shared subtrees
    cost nothing."""
    work = [(a, b)]
    while work:
        x, y = work.pop()
        if x is y:
            continue
        if type(x) is not type(y):
            return False
        if isinstance(x, BaseModel):
            work.append((x.__dict__, y.__dict__))
            work.append((x.__pydantic_extra__, y.__pydantic_extra__))
        elif isinstance(x, dict):
            if x.keys() != y.keys():
                return False
            work.extend((value, y[key]) for key, value in x.items())
        elif isinstance(x, (list, tuple)):
            if len(x) != len(y):
                return False
            work.extend(zip(x, y))
        elif x != y:
            return False
    return True


class BaseOutputParser(Runnable[ParserInput, T], ABC):
    """A runnable that turns a model's whole output into a value with ``parse``."""

    run_type = "parser"

    @abstractmethod
    def parse(self, text: str) -> T:
        """The value of a complete model output."""

    def parse_result(self, result: Sequence[ParserInput], *, partial: bool = False) -> T:
        """``parse`` the first of ``result`` (LangChain's signature; ``partial`` is
        honoured by the JSON parsers)."""
        return self.parse(text_of(result[0]))

    async def aparse(self, text: str) -> T:
        """Async ``parse`` (parsing is quick CPU work: no executor)."""
        return self.parse(text)

    def get_format_instructions(self) -> str:
        """Instructions for the prompt, describing the output this parser expects."""
        raise NotImplementedError(f"{type(self).__name__} has no format instructions")

    def _invoke(self, input: ParserInput, config: RunnableConfig, **kwargs: Any) -> T:
        return self.parse_result([input])

    async def _ainvoke(self, input: ParserInput, config: RunnableConfig, **kwargs: Any) -> T:
        return self._invoke(input, config)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class ParseSession(ABC, Generic[T]):
    """The state of one streaming call: fed each input chunk, then ended once."""

    @abstractmethod
    def feed(self, chunk: ParserInput) -> Sequence[T]:
        """The outputs this chunk produces (often none)."""

    @abstractmethod
    def end(self) -> Sequence[T]:
        """The outputs due at the end of the input; raises if the output was bad."""


class _ChunkSession(ParseSession[T]):
    """Each chunk parsed on its own (what LangChain's ``BaseTransformOutputParser`` does)."""

    def __init__(self, parser: BaseOutputParser[T]) -> None:
        self.parser = parser

    def feed(self, chunk: ParserInput) -> Sequence[T]:
        return (self.parser.parse_result([chunk]),)

    def end(self) -> Sequence[T]:
        return ()


class BaseTransformOutputParser(BaseOutputParser[T]):
    """An output parser that streams: each call runs its own :meth:`session`.

    A subclass that defines only ``parse`` streams ``parse`` of each chunk, as in LangChain.
    """

    def session(self) -> ParseSession[T]:
        """Fresh state for one stream."""
        return _ChunkSession(self)

    def _transform(self, input: Iterator[ParserInput], config: RunnableConfig, **kwargs: Any) -> Iterator[T]:
        session = self.session()
        for chunk in input:
            yield from session.feed(chunk)
        yield from session.end()

    async def _atransform(
        self, input: AsyncIterator[ParserInput], config: RunnableConfig, **kwargs: Any
    ) -> AsyncIterator[T]:
        session = self.session()
        async for chunk in input:
            for output in session.feed(chunk):
                yield output
        for output in session.end():
            yield output

    def stream_all(self, text: str) -> list[T]:
        """What one chunk holding all of ``text`` streams (the outputs, end included)."""
        session = self.session()
        return [*session.feed(text), *session.end()]

