"""Placeholders for langchain_core names that chunkwise does not provide.

A placeholder is a class, so test modules that subclass it or use it in annotations
still import; creating one (or calling it as a function) raises
``NotImplementedError`` naming what is missing, failing only the tests that use it.
"""

from __future__ import annotations

from typing import Any

_made: dict[str, type] = {}


def missing(name: str) -> type:
    """The placeholder class for ``name`` (one per name)."""
    if name not in _made:
        def refuse(self: Any, *args: Any, **kwargs: Any) -> None:
            raise NotImplementedError(f"chunkwise has no counterpart of langchain's {name}")

        _made[name] = type(name, (), {
            "__init__": refuse,
            "__class_getitem__": classmethod(lambda cls, item: cls),  # Placeholder[Any, Any]
            "__lc_missing__": True,
        })
    return _made[name]


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    return missing(name)
