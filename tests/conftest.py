"""Shared test configuration.

The Hypothesis profiles are defined once, in ``chunkwise.testing.profiles`` (also
used by the fuzz campaigns and by users): ``ci`` (the default: bounded examples, no
deadline, derandomised, so the suite gives the same answer on every run and every
fresh clone), ``explore`` (the same with random examples, to hunt bugs locally),
``long`` (campaigns), ``dev`` (a quick local loop), ``smoke`` (five derandomised
examples). Select one with HYPOTHESIS_PROFILE=<name> or pytest's
``--hypothesis-profile=<name>``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chunkwise.testing import load_profile

_TESTS = Path(__file__).resolve().parent

# tests/jsonstream holds shared, importable helpers (jsonstream_props.py,
# jsonstream_reference.py) used by the tests and by the fuzz campaigns in fuzz/.
if str(_TESTS / "jsonstream") not in sys.path:
    sys.path.insert(0, str(_TESTS / "jsonstream"))

load_profile("ci")


@pytest.fixture
def recorded_llama_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A replay server answering with the streams recorded from llama-server, and the
    environment pointing the providers' presets and the SDKs at it (docs/providers.md)."""
    from tests.providers.server import ReplayServer

    server = ReplayServer(seed=3)
    server.replay_recordings()
    monkeypatch.setenv("LLAMACPP_BASE_URL", f"{server.url}/v1")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", server.url)
    monkeypatch.setenv("ANTHROPIC_API_KEY", "not-needed-by-llama-server")
    monkeypatch.setenv("GROQ_API_KEY", "gsk-...")  # the page's preset example
    try:
        yield server.url
    finally:
        server.close()
