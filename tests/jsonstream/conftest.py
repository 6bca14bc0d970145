"""Every engine test runs against both backends, the Python engine and the native one.

The ``engine_backend`` fixture (autouse, module-scoped so that Hypothesis tests may use
it) sets what ``backend="auto"`` picks, so each parser a test makes runs on that
backend. The native cases skip, saying why, when ``chunkwise_native`` is not installed,
and fail instead with ``CHUNKWISE_REQUIRE_NATIVE=1`` (CI, where it is built). Tests of the
Python engine's own internals are marked ``python_only``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from chunkwise.jsonstream import backends

NOT_INSTALLED = "chunkwise_native is not installed (pip install ./native builds it; it needs Rust)"


@pytest.fixture(scope="module", params=["python", "native"], autouse=True)
def engine_backend(request: pytest.FixtureRequest) -> Iterator[str]:
    """The backend this module's tests run on (through ``backend="auto"``)."""
    name: str = request.param
    if name == "native" and not backends.native_available():
        if os.environ.get("CHUNKWISE_REQUIRE_NATIVE") == "1":
            pytest.fail(NOT_INSTALLED + ", and CHUNKWISE_REQUIRE_NATIVE=1 requires it")
        pytest.skip(NOT_INSTALLED)
    before = backends.AUTO_PREFERS
    backends.AUTO_PREFERS = "native" if name == "native" else "python"
    yield name
    backends.AUTO_PREFERS = before


@pytest.fixture(autouse=True)
def _python_only(request: pytest.FixtureRequest, engine_backend: str) -> None:
    marker = request.node.get_closest_marker("python_only")
    if engine_backend == "native" and marker is not None:
        pytest.skip(marker.args[0] if marker.args else "a test of the Python engine's internals")
