"""Drop-in list parsers: ``CommaSeparatedListOutputParser``, ``NumberedListOutputParser``,
``MarkdownListOutputParser``.

LangChain's classes and format instructions; the items are read by chunkwise's list
sessions (each character once, an item streamed as soon as it is complete).
"""

from __future__ import annotations

from typing import Any, ClassVar

from langchain_core.output_parsers import list as lc_list

import chunkwise.parsers as cw
from chunkwise.langchain.dropin import ChunkwiseParsing

__all__ = ["CommaSeparatedListOutputParser", "MarkdownListOutputParser", "NumberedListOutputParser"]


class CommaSeparatedListOutputParser(ChunkwiseParsing, lc_list.CommaSeparatedListOutputParser):
    """LangChain's ``CommaSeparatedListOutputParser``, parsing with chunkwise's session."""

    def engine(self) -> cw.CommaSeparatedListOutputParser:
        return cw.CommaSeparatedListOutputParser()


class LineListParsing(ChunkwiseParsing):
    """Numbered and Markdown lists: chunkwise reads its own line grammar
    (``grammars/lists.lark``), so a ``pattern`` other than LangChain's default would be
    silently ignored: it is refused instead."""

    pattern: str
    model_fields: ClassVar[dict[str, Any]]

    def model_post_init(self, context: Any, /) -> None:
        if self.pattern != type(self).model_fields["pattern"].default:
            raise ValueError(
                f"{type(self).__name__} reads chunkwise's list grammar; a custom pattern "
                f"({self.pattern!r}) is not supported: use LangChain's parser for it")


class NumberedListOutputParser(LineListParsing, lc_list.NumberedListOutputParser):
    """LangChain's ``NumberedListOutputParser``, parsing with chunkwise's session."""

    def engine(self) -> cw.NumberedListOutputParser:
        return cw.NumberedListOutputParser()


class MarkdownListOutputParser(LineListParsing, lc_list.MarkdownListOutputParser):
    """LangChain's ``MarkdownListOutputParser``, parsing with chunkwise's session."""

    def engine(self) -> cw.MarkdownListOutputParser:
        return cw.MarkdownListOutputParser()
