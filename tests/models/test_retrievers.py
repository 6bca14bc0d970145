"""Retrievers: keyword ranking, one-chunk streaming, events."""

from __future__ import annotations

import asyncio
from typing import Any

from chunkwise import Document, InMemoryKeywordRetriever

DOCS = [
    Document("Cats purr and sleep.", {"n": 0}),
    Document("Dogs bark; dogs fetch.", {"n": 1}),
    Document("Cats and dogs can be friends.", {"n": 2}),
    Document("Parrots talk.", {"n": 3}),
]


def test_keyword_ranking() -> None:
    retriever = InMemoryKeywordRetriever(DOCS, k=2)
    assert [d.metadata["n"] for d in retriever.invoke("DOGS")] == [1, 2]
    assert [d.metadata["n"] for d in retriever.invoke("cats")] == [0, 2]
    assert retriever.invoke("whales") == []
    assert asyncio.run(retriever.ainvoke("parrots")) == [DOCS[3]]


def test_streams_whole_result_as_one_chunk_with_events() -> None:
    retriever = InMemoryKeywordRetriever(DOCS)
    assert list(retriever.stream("cats")) == [[DOCS[0], DOCS[2]]]

    async def main() -> list[Any]:
        return [e async for e in retriever.astream_events("cats", version="v2")]

    events = asyncio.run(main())
    # invoked once, as in LangChain: no stream event
    assert [e["event"] for e in events] == ["on_retriever_start", "on_retriever_end"]
    assert events[0]["data"] == {"input": "cats"}
    assert events[-1]["data"]["output"] == [DOCS[0], DOCS[2]]
