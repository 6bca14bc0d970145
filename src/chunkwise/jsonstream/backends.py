"""Which engine runs an ``IncrementalJsonParser``: the Python one or the native one.

The Python engine (this package) is the reference and the fallback; the native
engine is the optional ``chunkwise_native`` extension (built from ``native/`` in the
repository), which implements the same engine in Rust behind the same API.
``backend="auto"`` takes the native engine when it is installed and the options are
ones it supports (all but the Python engine's private ``_shortcuts``; ``repair`` runs
on both, the Python repairer's ``_repair_shortcuts`` switch being ignored natively).
The extension is imported lazily, the first time a parser asks for it, so this
package stays standard-library only.
"""

from __future__ import annotations

from typing import Any, Literal


Backend = Literal["auto", "python", "native"]
BACKENDS = ("auto", "python", "native")

#: What ``backend="auto"`` prefers: ``"native"`` (when installed) or ``"python"``.
#: The tests set it to run every engine test against each backend.
AUTO_PREFERS: Literal["native", "python"] = "native"

INSTALL_HINT = (
    "the native engine is not installed: build it with `pip install ./native` from a chunkwise "
    "checkout (it needs a Rust toolchain), or use backend='auto' or 'python'"
)

_native: list[Any] = []  # [the parser class] once chunkwise_native was imported, [None] if it is missing


def native_available() -> bool:
    """Whether the native engine (``chunkwise_native``) can be imported."""
    return _native_engine() is not None


def _native_engine() -> Any:
    if not _native:
        try:
            import chunkwise_native  # type: ignore[import-not-found, unused-ignore]  # (optional)
        except ImportError:
            _native.append(None)
        else:
            _native.append(chunkwise_native.Engine)
    return _native[0]


def wants_native(backend: str, options: dict[str, Any]) -> bool:
    """Whether a parser with ``backend`` and these options runs on the native engine."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be 'auto', 'python' or 'native', not {backend!r}")
    if backend == "python":
        return False
    python_only = options.get("_shortcuts") is False
    if backend == "native":
        if python_only:
            raise ValueError("_shortcuts=False needs backend='python' or 'auto': it is the Python engine's switch")
        if _native_engine() is None:
            raise ImportError(INSTALL_HINT)
        return True
    return AUTO_PREFERS == "native" and not python_only and _native_engine() is not None


def native_engine_class() -> Any:
    """The native ``Engine`` class (the caller checked that it is installed)."""
    return _native_engine()
