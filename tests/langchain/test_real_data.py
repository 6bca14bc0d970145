"""The drop-in JSON parser on real-world JSON (``../shared/reliability-data``), streamed as
LangChain message chunks: every valid document ends with ``json.loads``' value, every
invalid one raises ``OutputParserException`` as chunkwise's own parser does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.messages import AIMessageChunk

import chunkwise
from chunkwise.langchain import JsonOutputParser, OutputParserException

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "reliability-data"
pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"reliability data not found at {DATA} "
                                "(it lives in the project's shared workspace)")


def documents(pattern: str) -> list[Path]:
    return sorted(DATA.glob(pattern)) if DATA.is_dir() else []


def chunks(text: str, size: int) -> list[AIMessageChunk]:
    return [AIMessageChunk(content=text[i:i + size]) for i in range(0, len(text), size)]


@pytest.mark.parametrize("path", documents("roundtrip/*.json") + documents("jsonchecker/pass*.json")
                         + documents("native/twitter.json"), ids=lambda p: p.name)
def test_valid_documents_stream_to_json_loads(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    expected = json.loads(text)
    for size in (1, 7, 4096) if len(text) < 10_000 else (61, 4096):
        streamed = list(JsonOutputParser().transform(iter(chunks(text, size))))
        assert (streamed[-1] if streamed else None) == expected


@pytest.mark.parametrize("path", [p for p in documents("jsonchecker/fail*.json")
                                  if "EXCLUDE" not in p.name and p.name != "fail18.json"],
                         ids=lambda p: p.name)
def test_invalid_documents_raise_as_chunkwise_does(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    try:
        expected = chunkwise.JsonOutputParser().invoke(text)
    except chunkwise.OutputParserException:
        with pytest.raises(OutputParserException):
            list(JsonOutputParser().transform(iter(chunks(text, 3))))
    else:  # the framing finds a value in it (prose around JSON is allowed): the same one
        assert list(JsonOutputParser().transform(iter(chunks(text, 3))))[-1] == expected
