"""The names the ported tests import from ``langchain_core``, found in chunkwise.

``from langchain_core.<anything> import X`` is rewritten to ``from lc_names import X``:
X is looked up in chunkwise's public modules, in order. A name chunkwise does not
have becomes a placeholder class from ``lc_missing`` (using it raises), so only the
tests that need it fail. ``STDLIB`` maps LangChain helpers that are standard-library (or
pydantic / packaging) values under another module name.
"""

from __future__ import annotations

import contextlib
import importlib

import pydantic
from packaging import version
from typing import Any

from lc_missing import missing

MODULES = [
    "chunkwise",
    "chunkwise.runnables",
    "chunkwise.models",
    "chunkwise.parsers",
    "chunkwise.jsonstream",
]

STDLIB: dict[str, Any] = {
    "aclosing": contextlib.aclosing,
    "PYDANTIC_VERSION": version.parse(pydantic.VERSION),
}


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    if name in STDLIB:
        return STDLIB[name]
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        if name in getattr(module, "__all__", ()):
            return getattr(module, name)
    return missing(name)
