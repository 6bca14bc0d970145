"""The run context: run records and the listener they report to.

Nothing here runs unless someone listens. A call made with ``config["callbacks"]``
unset (the normal case) creates no ``Run`` at all; ``astream_events`` and
``astream_log`` put a ``RunScope`` holding their listener into the config, and each
runnable then records its own run and passes a child scope to the runnables it
calls. Runs are plain objects owned by one call, so concurrent calls never share
state. Per chunk a tracked run does one list append and one listener call: no
copies, no comparisons.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chunkwise.runnables.aggregate import Aggregator

if TYPE_CHECKING:
    from chunkwise.runnables.base import Runnable
    from chunkwise.runnables.config import RunnableConfig

__all__ = ["UNKNOWN", "Run", "RunListener", "RunScope", "start_run"]


class _Unknown:
    """Marks an input that is not known when the run starts (it arrives as a stream)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


class RunListener:
    """Receives the life cycle of every run under the call it is attached to.

    Methods are called on the thread and task that executes the run; keep them
    cheap. The base class ignores everything.
    """

    def on_start(self, run: Run) -> None:
        """A run started; ``run.input`` is ``UNKNOWN`` if it arrives as a stream."""

    def on_stream(self, run: Run, chunk: Any) -> None:
        """A run emitted an output chunk."""

    def on_end(self, run: Run, output: Any) -> None:
        """A run finished; ``run.input`` now holds its (combined) input."""

    def on_error(self, run: Run, error: BaseException) -> None:
        """A run raised ``error`` (which then propagates unchanged)."""


@dataclass(frozen=True, slots=True)
class RunScope:
    """Where the next run reports: the listener, its parents (root first), its own tags."""

    listener: RunListener
    parent_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


class Run:
    """One execution of one runnable, as seen by a listener."""

    __slots__ = (
        "id", "name", "run_type", "tags", "metadata", "parent_ids",
        "input", "input_at_start", "selected", "listener_state", "stream_event",
        "_listener", "_inputs", "_outputs", "add_input",
    )

    def __init__(
        self, runnable: Runnable[Any, Any], config: RunnableConfig, scope: RunScope, input: Any
    ) -> None:
        run_id = config.get("run_id")
        self.id = str(run_id) if run_id is not None else str(uuid.uuid4())
        self.name: str = config.get("run_name") or runnable.get_name()
        self.run_type: str = runnable.run_type
        self.stream_event = f"on_{self.run_type}_stream"
        self.tags: list[str] = list(dict.fromkeys([*scope.tags, *config.get("tags", ())]))
        self.metadata: dict[str, Any] = dict(config.get("metadata", {}))
        self.parent_ids = scope.parent_ids
        self.input = input
        self.input_at_start = input is not UNKNOWN
        # Set by the listener in on_start: whether this run passes its filters.
        self.selected = True
        # Whatever the listener precomputes once per run (so per-chunk work stays small).
        self.listener_state: Any = None
        self._listener = scope.listener
        self._inputs = Aggregator()
        self._outputs = Aggregator()
        #: ``add_input(chunk)`` records a chunk of an input that arrives as a stream.
        self.add_input = self._inputs.add

    def child_scope(self, tag: str | None) -> RunScope:
        """The scope for a run started by this one."""
        return RunScope(self._listener, (*self.parent_ids, self.id), (tag,) if tag else ())

    def stream(self, chunk: Any) -> None:
        self._outputs.add(chunk)
        self._listener.on_stream(self, chunk)

    def end(self, output: Any = UNKNOWN) -> None:
        """Finish the run; without ``output`` the streamed chunks combined are the output."""
        if not self.input_at_start:
            self.input = self._inputs.result()
        self._listener.on_end(self, self._outputs.result() if output is UNKNOWN else output)

    def error(self, error: BaseException) -> None:
        if not self.input_at_start:
            self.input = self._inputs.result()
        self._listener.on_error(self, error)


def start_run(runnable: Runnable[Any, Any], config: RunnableConfig, input: Any) -> Run | None:
    """Record the start of a run of ``runnable``, or return ``None`` if nobody listens."""
    scope = config.get("callbacks")
    if scope is None:
        return None
    run = Run(runnable, config, scope, input)
    scope.listener.on_start(run)
    return run
