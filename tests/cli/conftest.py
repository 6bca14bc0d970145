"""Shared by the command-line tests: the replay of the streams recorded from llama-server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.providers.server import ReplayServer


@pytest.fixture(scope="session")
def server() -> Iterator[ReplayServer]:
    """A real HTTP server on 127.0.0.1 answering each request with the recording of its
    prompt (``chunkwise chat`` and the docs talk to it through ``--base-url``)."""
    replay = ReplayServer(seed=3)
    replay.replay_recordings()
    yield replay
    replay.close()
