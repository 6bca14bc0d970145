"""What every drop-in parser shares: chunkwise's session does the work, LangChain's class the rest.

A drop-in is a subclass of LangChain's parser of the same name (so it *is* a
``langchain_core`` runnable: ``|``, retries, fallbacks, callbacks, events and
tracing are LangChain's own) whose parsing methods -- ``parse``, ``parse_result``
and the streaming ``_transform`` / ``_atransform`` -- hand the input to the chunkwise
parser :meth:`ChunkwiseParsing.engine` builds from the fields. Streaming feeds one
chunkwise :class:`~chunkwise.parsers.ParseSession` per call, chunk by chunk, so
nothing is re-parsed; LangChain's per-chunk ``parse_result(partial=True)`` loop is
not used. Errors are :class:`OutputParserException`, which is both LangChain's and
chunkwise's exception.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

import langchain_core.exceptions as lc_exceptions
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGeneration, Generation

import chunkwise.parsers as cw
from chunkwise.langchain.messages import from_langchain_message
from chunkwise.models import content_text

__all__ = ["ChunkwiseParsing", "OutputParserException", "translated"]


class OutputParserException(lc_exceptions.OutputParserException, cw.OutputParserException):
    """LangChain's ``OutputParserException`` (its retry and fallback machinery catches
    it) that is chunkwise's too: ``llm_output`` plus where the problem was (``pos``,
    ``lineno``, ``colno``, ``path``, ``excerpt``) and pydantic's ``errors``."""

    def __init__(self, error: str, *, observation: str | None = None,
                 llm_output: str | None = None, send_to_llm: bool = False,
                 **where: Any) -> None:
        lc_exceptions.OutputParserException.__init__(
            self, error, observation=observation, llm_output=llm_output, send_to_llm=send_to_llm)
        for field in ("pos", "lineno", "colno", "path", "excerpt", "errors"):
            setattr(self, field, where.get(field))

    @classmethod
    def of(cls, error: cw.OutputParserException, message: str | None = None) -> OutputParserException:
        """chunkwise's ``error`` as this exception (``message`` replacing its text)."""
        exc = cls(message or str(error), observation=error.observation,
                  llm_output=error.llm_output, send_to_llm=error.send_to_llm, pos=error.pos,
                  lineno=error.lineno, colno=error.colno, path=error.path,
                  excerpt=error.excerpt, errors=error.errors)
        exc.__cause__ = error.__cause__ or error
        return exc


@contextmanager
def translated() -> Iterator[None]:
    """Raise chunkwise's parser errors as :class:`OutputParserException`."""
    try:
        yield
    except OutputParserException:
        raise
    except cw.OutputParserException as error:
        raise OutputParserException.of(error) from error.__cause__ or error


def parser_input(value: str | BaseMessage | Generation, messages: bool = False) -> cw.ParserInput:
    """What a chunkwise parser reads for a LangChain input or generation: the text (read
    as chunkwise's parsers read a message's), or with ``messages`` the whole message."""
    if isinstance(value, ChatGeneration):
        value = value.message
    elif isinstance(value, Generation):
        value = value.text
    if isinstance(value, BaseMessage):
        return from_langchain_message(value) if messages else content_text(value.content)
    return value


class ChunkwiseParsing:
    """The parsing methods of a drop-in (put first among the bases, before LangChain's class)."""

    #: The engine reads whole messages (tool calls), not only their text.
    reads_messages: ClassVar[bool] = False

    def engine(self) -> cw.BaseTransformOutputParser[Any]:
        """The chunkwise parser doing this parser's work, built from its fields."""
        raise NotImplementedError

    def session(self) -> cw.ParseSession[Any]:
        """The state of one stream: the engine's session (drop-ins may wrap it to show
        what LangChain's class shows)."""
        return self.engine().session()

    def check(self, value: str | BaseMessage | Generation) -> None:
        """Raise before parsing when ``value`` is not to be parsed (structured parsers:
        the model refused)."""

    def parse_result(self, result: list[Generation], *, partial: bool = False) -> Any:
        self.check(result[0])
        with translated():
            return self.engine().parse_result([parser_input(result[0], self.reads_messages)],
                                              partial=partial)

    def parse(self, text: str) -> Any:
        with translated():
            return self.engine().parse(text)

    def _transform(self, input: Iterator[str | BaseMessage]) -> Iterator[Any]:
        session = self.session()
        for chunk in input:
            yield from self._feed(session, chunk)
        yield from self._end(session)

    async def _atransform(self, input: AsyncIterator[str | BaseMessage]) -> AsyncIterator[Any]:
        session = self.session()
        async for chunk in input:
            for output in self._feed(session, chunk):
                yield output
        for output in self._end(session):
            yield output

    def _feed(self, session: cw.ParseSession[Any], chunk: str | BaseMessage) -> Sequence[Any]:
        self.check(chunk)
        with translated():
            return session.feed(parser_input(chunk, self.reads_messages))

    def _end(self, session: cw.ParseSession[Any]) -> Sequence[Any]:
        with translated():
            return session.end()
