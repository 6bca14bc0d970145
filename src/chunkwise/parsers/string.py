"""``StrOutputParser``: a model's messages (or strings) to their text, chunk for chunk."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from chunkwise.parsers.base import BaseOutputParser, ParserInput, text_of
from chunkwise.runnables import RunnableConfig

__all__ = ["StrOutputParser"]


class StrOutputParser(BaseOutputParser[str]):
    """Each input chunk's text (block content included), as it arrives; ``invoke``
    gives the whole text. Empty chunks stay empty strings, as in LangChain."""

    def parse(self, text: str) -> str:
        return text

    def _transform(self, input: Iterator[ParserInput], config: RunnableConfig, **kwargs: Any) -> Iterator[str]:
        for chunk in input:
            yield text_of(chunk)

    async def _atransform(
        self, input: AsyncIterator[ParserInput], config: RunnableConfig, **kwargs: Any
    ) -> AsyncIterator[str]:
        async for chunk in input:
            yield text_of(chunk)
