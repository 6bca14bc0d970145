"""``RunnableConfig``: the per-call settings every runnable method accepts.

Tags and metadata are inherited by every run below the one they were given to;
``run_name`` and ``run_id`` apply to that one run only. ``callbacks`` carries the
run context (who listens, and the parent runs); it is set by ``astream_events`` /
``astream_log`` and by parents for their children, and is ``None`` on the fast path.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from chunkwise.runnables.tracing import Run, RunScope

__all__ = ["RunnableConfig", "accepts_config", "child_config", "ensure_config", "merge_configs"]


class RunnableConfig(TypedDict, total=False):
    """Options for one call (LangChain's keys; unknown keys are ignored)."""

    tags: list[str]
    metadata: dict[str, Any]
    run_name: str
    run_id: uuid.UUID
    max_concurrency: int | None
    recursion_limit: int
    configurable: dict[str, Any]
    callbacks: RunScope | None


# The config of the run whose user function is executing, so that runnables the
# function calls without a config still nest under it (as in LangChain).
var_child_config: ContextVar[RunnableConfig | None] = ContextVar(
    "chunkwise_child_config", default=None
)

_RUN_ONLY = ("run_name", "run_id")


def merge_configs(*configs: RunnableConfig | None) -> RunnableConfig:
    """Later configs win; tags are concatenated and metadata merged."""
    merged: RunnableConfig = {}
    for config in configs:
        if not config:
            continue
        tags = merged.get("tags", [])
        metadata = merged.get("metadata", {})
        merged.update(config)
        if "tags" in config:
            merged["tags"] = list(dict.fromkeys([*tags, *config["tags"]]))
        if "metadata" in config:
            merged["metadata"] = {**metadata, **config["metadata"]}
    return merged


def ensure_config(config: RunnableConfig | None) -> RunnableConfig:
    """The config to use for a call: the given one on top of the enclosing run's."""
    inherited = var_child_config.get()
    if inherited is None:
        return config if config is not None else {}
    return merge_configs(inherited, config) if config else inherited


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


def accepts_config(func: Callable[..., Any]) -> bool:
    """Whether a user function takes a ``config`` parameter (it then receives the run's)."""
    try:
        return "config" in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
