"""The replay server, shared by the provider tests and reset before each of them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .server import ReplayServer


@pytest.fixture(scope="session")
def session_server() -> Iterator[ReplayServer]:
    server = ReplayServer(seed=12)
    yield server
    server.close()


@pytest.fixture
def server(session_server: ReplayServer) -> ReplayServer:
    session_server.reset()
    return session_server
