"""Drop-in list parsers: ``CommaSeparatedListOutputParser``, ``NumberedListOutputParser``,
``MarkdownListOutputParser``.

LangChain's classes and format instructions; the items are read by chunkwise's list
sessions (each character once, an item streamed as soon as it is complete).
"""

from __future__ import annotations

from langchain_core.output_parsers import list as lc_list

import chunkwise.parsers as cw
from chunkwise.langchain.dropin import ChunkwiseParsing

__all__ = ["CommaSeparatedListOutputParser", "MarkdownListOutputParser", "NumberedListOutputParser"]


class CommaSeparatedListOutputParser(ChunkwiseParsing, lc_list.CommaSeparatedListOutputParser):
    """LangChain's ``CommaSeparatedListOutputParser``, parsing with chunkwise's session."""

    def engine(self) -> cw.CommaSeparatedListOutputParser:
        return cw.CommaSeparatedListOutputParser()


class NumberedListOutputParser(ChunkwiseParsing, lc_list.NumberedListOutputParser):
    """LangChain's ``NumberedListOutputParser``, parsing with chunkwise's session."""

    def engine(self) -> cw.NumberedListOutputParser:
        return cw.NumberedListOutputParser()


class MarkdownListOutputParser(ChunkwiseParsing, lc_list.MarkdownListOutputParser):
    """LangChain's ``MarkdownListOutputParser``, parsing with chunkwise's session."""

    def engine(self) -> cw.MarkdownListOutputParser:
        return cw.MarkdownListOutputParser()
