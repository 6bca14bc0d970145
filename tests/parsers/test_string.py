"""StrOutputParser and the shared text extraction."""

from __future__ import annotations

import pytest

from chunkwise import AIMessageChunk, GenericFakeChatModel, HumanMessage, StrOutputParser
from chunkwise.parsers import text_of

from .helpers import run_async


def test_text_chunk_for_chunk() -> None:
    model = GenericFakeChatModel(messages=iter(["Why did the parrot talk?"] * 2), split="words")
    chain = model | StrOutputParser()
    assert list(chain.stream("joke")) == ["Why", " did", " the", " parrot", " talk?"]
    assert chain.invoke("joke") == "Why did the parrot talk?"


def test_block_content_and_empty_chunks() -> None:
    chunks = [AIMessageChunk([{"type": "text", "text": "a", "index": 0}]), AIMessageChunk(""),
              AIMessageChunk([{"type": "image_url", "image_url": "x"}, "b"])]
    assert run_async(StrOutputParser(), chunks) == ["a", "", "b"]


def test_text_of() -> None:
    assert text_of("x") == "x" and text_of(HumanMessage("hi")) == "hi"
    with pytest.raises(TypeError):
        text_of(42)  # type: ignore[arg-type]
