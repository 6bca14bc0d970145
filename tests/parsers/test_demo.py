"""``python -m chunkwise demo`` shows the engine, then the whole chain and its items."""

from __future__ import annotations

import io

from chunkwise.__main__ import run_demo


def test_demo_streams_engine_chain_and_items() -> None:
    out = io.StringIO()
    run_demo(0, out)
    text = out.getvalue()
    assert "ScriptedChatModel | JsonOutputParser()" in text
    assert text.count("{'countries': [{'name': 'France', 'population': 67}]}") == 2
    assert text.rstrip().endswith("{'name': 'Japan', 'population': 125584000}")
