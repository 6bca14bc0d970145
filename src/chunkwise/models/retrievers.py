"""Retrievers: a query string in, a list of ``Document``s out (``run_type = "retriever"``).

Subclass ``BaseRetriever`` and implement ``_get_relevant_documents(query)`` (and, if
the lookup is truly async, ``_aget_relevant_documents``). A retriever cannot stream:
``stream`` yields the whole list as one chunk, as in LangChain's guide.
``InMemoryKeywordRetriever`` is a small one for tests and docs.
"""

from __future__ import annotations

import asyncio
import contextvars
import re
from collections import Counter
from collections.abc import Iterable

from chunkwise.models.documents import Document
from chunkwise.runnables import Runnable, RunnableConfig

__all__ = ["BaseRetriever", "InMemoryKeywordRetriever"]

_WORD = re.compile(r"\w+")


class BaseRetriever(Runnable[str, list[Document]]):
    """Finds the documents relevant to a query."""

    run_type = "retriever"

    def _get_relevant_documents(self, query: str) -> list[Document]:
        raise NotImplementedError(f"{type(self).__name__} must implement _get_relevant_documents")

    async def _aget_relevant_documents(self, query: str) -> list[Document]:
        """Async lookup; by default ``_get_relevant_documents`` in the default executor."""
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        return await loop.run_in_executor(None, context.run, self._get_relevant_documents, query)

    def _invoke(self, input: str, config: RunnableConfig) -> list[Document]:
        return self._get_relevant_documents(input)

    async def _ainvoke(self, input: str, config: RunnableConfig) -> list[Document]:
        return await self._aget_relevant_documents(input)


class InMemoryKeywordRetriever(BaseRetriever):
    """The ``k`` documents where the query's words occur most often (case-insensitive),
    best first, ties in the given order; documents without any of the words are left out."""

    def __init__(self, documents: Iterable[Document], *, k: int = 4) -> None:
        self.documents = list(documents)
        self.k = k
        self._counts = [Counter(_WORD.findall(d.page_content.lower())) for d in self.documents]

    def _get_relevant_documents(self, query: str) -> list[Document]:
        words = set(_WORD.findall(query.lower()))
        scored = [(sum(counts[w] for w in words), position)
                  for position, counts in enumerate(self._counts)]
        best = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
        return [self.documents[position] for _, position in best[: self.k]]

    async def _aget_relevant_documents(self, query: str) -> list[Document]:
        return self._get_relevant_documents(query)  # in memory: no reason to leave the loop

    def __repr__(self) -> str:
        return f"InMemoryKeywordRetriever(<{len(self.documents)} documents>, k={self.k})"
