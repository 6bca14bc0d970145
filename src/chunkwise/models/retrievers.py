"""Retrievers: a query string in, a list of ``Document``s out (``run_type = "retriever"``).

Subclass ``BaseRetriever`` and implement ``_get_relevant_documents(query)`` -- or, as
in LangChain, ``_get_relevant_documents(self, query, *, run_manager)``: the run
manager's ``get_child()`` is the ``callbacks`` value for runnables you call (and,
if the lookup is truly async, ``_aget_relevant_documents``). Declare what a
retriever holds as annotated fields (``documents: list[Document]``) and build it
with keywords (``MyRetriever(documents=[...])``). A retriever is called once, not
streamed: ``stream`` yields the whole list as one chunk, and its events are
``on_retriever_start`` (``{"query": ...}``) and ``on_retriever_end``.
``InMemoryKeywordRetriever`` is a small one for tests and docs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from chunkwise.models.documents import Document
from chunkwise.runnables import (
    AsyncCallbackManagerForRetrieverRun,
    CallbackManagerForRetrieverRun,
    RunnableConfig,
    RunnableSerializable,
)
from chunkwise.runnables.running import in_executor
from chunkwise.runnables.config import _accepts
from chunkwise.runnables.tracing import RunScope

__all__ = ["BaseRetriever", "InMemoryKeywordRetriever"]

_WORD = re.compile(r"\w+")


def _run_of(config: RunnableConfig) -> Any:
    """The retriever's run as the hook config names it (for the run manager)."""
    scope = config.get("callbacks")
    return _ChildOf(scope) if isinstance(scope, RunScope) else None


class _ChildOf:
    """What a run manager needs of a run: its child scope (the hook config has it)."""

    def __init__(self, scope: RunScope) -> None:
        self.scope = scope
        self.id = scope.parent_ids[-1]

    def child_scope(self, tag: str | None = None) -> RunScope:
        return RunScope(self.scope.listener, self.scope.parent_ids, (tag,) if tag else ())


class BaseRetriever(RunnableSerializable[str, list[Document]]):
    """Finds the documents relevant to a query."""

    run_type = "retriever"

    def _get_relevant_documents(self, query: str, **kwargs: Any) -> list[Document]:
        raise NotImplementedError(f"{type(self).__name__} must implement _get_relevant_documents")

    async def _aget_relevant_documents(self, query: str, **kwargs: Any) -> list[Document]:
        """Async lookup; by default ``_get_relevant_documents`` in the default executor."""
        return await in_executor(self._get_relevant_documents, query, **kwargs)  # type: ignore[no-any-return]

    def _manager(self, hook: str, config: RunnableConfig, asynchronous: bool) -> dict[str, Any]:
        if not _accepts(getattr(self, hook), "run_manager"):
            return {}
        kind = AsyncCallbackManagerForRetrieverRun if asynchronous else CallbackManagerForRetrieverRun
        return {"run_manager": kind(_run_of(config))}

    def _event_input(self, input: Any) -> Any:
        return {"query": input}

    def _event_output(self, output: Any, version: str) -> Any:
        return {"documents": output} if version == "v1" else output

    def _invoke(self, input: str, config: RunnableConfig, **kwargs: Any) -> list[Document]:
        return self._get_relevant_documents(
            input, **self._manager("_get_relevant_documents", config, False), **kwargs)

    async def _ainvoke(self, input: str, config: RunnableConfig,
                       **kwargs: Any) -> list[Document]:
        if type(self)._aget_relevant_documents is BaseRetriever._aget_relevant_documents:
            return await in_executor(self._invoke, input, config, **kwargs)  # type: ignore[no-any-return]
        return await self._aget_relevant_documents(
            input, **self._manager("_aget_relevant_documents", config, True), **kwargs)


class InMemoryKeywordRetriever(BaseRetriever):
    """The ``k`` documents where the query's words occur most often (case-insensitive),
    best first, ties in the given order; documents without any of the words are left out."""

    def __init__(self, documents: Iterable[Document], *, k: int = 4) -> None:
        self.documents = list(documents)
        self.k = k
        self._counts = [Counter(_WORD.findall(d.page_content.lower())) for d in self.documents]

    def _get_relevant_documents(self, query: str, **kwargs: Any) -> list[Document]:
        words = set(_WORD.findall(query.lower()))
        scored = [(sum(counts[w] for w in words), position)
                  for position, counts in enumerate(self._counts)]
        best = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
        return [self.documents[position] for _, position in best[: self.k]]

    async def _aget_relevant_documents(self, query: str, **kwargs: Any) -> list[Document]:
        return self._get_relevant_documents(query)  # in memory: no reason to leave the loop

    def __repr__(self) -> str:
        return f"InMemoryKeywordRetriever(<{len(self.documents)} documents>, k={self.k})"
