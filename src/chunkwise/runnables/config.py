"""``RunnableConfig``: the per-call settings every runnable method accepts.

Tags and metadata are inherited by every run below the one they were given to;
``run_name`` and ``run_id`` apply to that one run only. ``callbacks`` carries the
run context: a list of LangChain-style callback handlers, or the ``RunScope`` that
``astream_events`` / ``astream_log`` and parents set for their children; it is
``None`` on the fast path. As in LangChain, ``ensure_config`` fills in every key
(``recursion_limit`` defaults to 25) and keys it does not know go to
``configurable``.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from chunkwise.runnables.tracing import Run

__all__ = [
    "DEFAULT_RECURSION_LIMIT",
    "RunnableConfig",
    "accepts_config",
    "child_config",
    "ensure_config",
    "merge_configs",
    "patch_config",
]

DEFAULT_RECURSION_LIMIT = 25

class RunnableConfig(TypedDict, total=False):
    """Options for one call (LangChain's keys)."""

    tags: list[str]
    metadata: dict[str, Any]
    run_name: str
    run_id: uuid.UUID
    max_concurrency: int | None
    recursion_limit: int
    configurable: dict[str, Any]
    #: handlers, a run scope, or nothing (``callbacks.Callbacks``)
    callbacks: Any


CONFIG_KEYS = frozenset(RunnableConfig.__annotations__)

# The config of the run whose user function is executing, so that runnables the
# function calls without a config still nest under it (as in LangChain).
var_child_config: ContextVar[RunnableConfig | None] = ContextVar(
    "chunkwise_child_config", default=None
)

_RUN_ONLY = ("run_name", "run_id")


def merge_callbacks(base: Any, extra: Any) -> Any:
    """``extra``'s handlers added to ``base``'s (lists concatenate, a scope fans out)."""
    if extra is None:
        return base
    if base is None:
        return list(extra) if isinstance(extra, list) else extra
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    from chunkwise.runnables.callbacks import add_handlers

    return add_handlers(base, extra)


def merge_configs(*configs: RunnableConfig | None) -> RunnableConfig:
    """Later configs win; tags are concatenated, metadata, configurable and callbacks merged."""
    merged: RunnableConfig = {}
    for config in configs:
        if not config:
            continue
        previous: RunnableConfig = {**merged}
        merged.update(config)
        if "tags" in config and "tags" in previous:
            merged["tags"] = list(dict.fromkeys([*previous["tags"], *config["tags"]]))
        if "metadata" in config and "metadata" in previous:
            merged["metadata"] = {**previous["metadata"], **config["metadata"]}
        if "configurable" in config and "configurable" in previous:
            merged["configurable"] = {**previous["configurable"], **config["configurable"]}
        if "callbacks" in config and previous.get("callbacks") is not None:
            merged["callbacks"] = merge_callbacks(previous["callbacks"], config["callbacks"])
        if config.get("recursion_limit") == DEFAULT_RECURSION_LIMIT and "recursion_limit" in previous:
            merged["recursion_limit"] = previous["recursion_limit"]
    return merged


def _complete(config: RunnableConfig) -> RunnableConfig:
    """Every key present, unknown keys moved into ``configurable``."""
    full: RunnableConfig = {"tags": [], "metadata": {}, "callbacks": None,
                            "recursion_limit": DEFAULT_RECURSION_LIMIT, "configurable": {}}
    extra = {}
    for key, value in config.items():
        if value is None:
            continue
        if key in CONFIG_KEYS:
            full[key] = value  # type: ignore[literal-required]
        else:
            extra[key] = value
    if extra:
        full["configurable"] = {**full["configurable"], **extra}
    return full


def ensure_config(config: RunnableConfig | None = None) -> RunnableConfig:
    """The config to use for a call: the given one on top of the enclosing run's,
    every key filled in."""
    inherited = var_child_config.get()
    if inherited is not None:
        config = merge_configs(inherited, config) if config else inherited
    if config is None:
        return _complete({})
    if len(config) == 5 and "recursion_limit" in config and "configurable" in config:
        return config  # already complete (the common case inside a chain): no copy
    return _complete(config)


def patch_config(config: RunnableConfig, **changes: Any) -> RunnableConfig:
    """A copy of ``config`` with ``changes`` (``callbacks``, ``recursion_limit``...)."""
    return {**config, **changes}  # type: ignore[typeddict-item]


def child_config(
    config: RunnableConfig, run: Run | None, tag: str | None = None
) -> RunnableConfig:
    """The config a run hands to its children: run-only keys dropped, the run as parent.

    ``tag`` (e.g. ``seq:step:2``) goes to the direct child only, not further down.
    Without a run and run-only keys the same dict is returned (no copy).
    """
    if run is None and not any(key in config for key in _RUN_ONLY):
        return config
    child: RunnableConfig = {k: v for k, v in config.items() if k not in _RUN_ONLY}  # type: ignore[assignment]
    if run is not None:
        child["callbacks"] = run.child_scope(tag)
    return child


def configs_for(
    config: RunnableConfig | Sequence[RunnableConfig] | None, n: int
) -> list[RunnableConfig]:
    """One config per input of a batch (a single config is shared)."""
    if config is None or isinstance(config, dict):
        return [ensure_config(config)] * n
    if len(config) != n:
        raise ValueError(f"got {len(config)} configs for {n} inputs")
    return [ensure_config(c) for c in config]


def accepts_config(func: Callable[..., Any]) -> bool:
    """Whether a user function takes a ``config`` parameter (it then receives the run's)."""
    return _accepts(func, "config")


def _accepts(func: Callable[..., Any], name: str) -> bool:
    try:
        return name in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
