"""The run context: run records and the listener they report to.

Nothing here runs unless someone listens. A call made with ``config["callbacks"]``
unset (the normal case) creates no ``Run`` at all; ``astream_events`` and
``astream_log`` put a ``RunScope`` holding their listener into the config (so does a
list of LangChain-style callback handlers, see ``callbacks``), and each runnable
then records its own run and passes a child scope to the runnables it calls. Runs
are plain objects owned by one call, so concurrent calls never share state. Per
chunk a tracked run does one list append and one listener call: no copies, no
comparisons.

A run's input is known when it starts (``invoke``) or only when it ends (a stream
step, fed chunk by chunk): ``input_at_start`` says which, as LangChain's events do.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from chunkwise.runnables.aggregate import Aggregator

if TYPE_CHECKING:
    from chunkwise.runnables.base import Runnable
    from chunkwise.runnables.config import RunnableConfig

__all__ = ["UNKNOWN", "Run", "RunListener", "RunScope", "scope_of", "start_run"]


class _Unknown:
    """Marks an input that is not known when the run starts (it arrives as a stream)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


class RunListener:
    """Receives the life cycle of every run under the call it is attached to.

    Methods are called on the thread and task that executes the run; keep them
    cheap. The base class ignores everything. A listener whose work is async puts
    awaitables into ``pending``: the async paths await them in order, the sync
    paths run them to completion before going on.
    """

    #: Awaitables still to run (``callbacks.HandlerListener`` fills its own list).
    pending: list[Any] | tuple[()] = ()
    #: Whether models should stream even when invoked (LangChain does so for event streams).
    wants_tokens: ClassVar[bool] = False

    def on_start(self, run: Run) -> None:
        """A run started; ``run.input`` is ``UNKNOWN`` if it arrives as a stream."""

    def on_stream(self, run: Run, chunk: Any) -> None:
        """A run emitted an output chunk."""

    def on_end(self, run: Run, output: Any) -> None:
        """A run finished; ``run.input`` now holds its (combined) input."""

    def on_error(self, run: Run, error: BaseException) -> None:
        """A run raised ``error`` (which then propagates unchanged)."""

    def on_custom_event(self, name: str, data: Any, scope: RunScope,
                        tags: list[str], metadata: dict[str, Any]) -> None:
        """``dispatch_custom_event`` was called inside the run that ``scope`` names."""


class FanOut(RunListener):
    """Several listeners as one (an event stream plus callback handlers)."""

    def __init__(self, *listeners: RunListener) -> None:
        self.listeners = listeners
        self.pending = next((l.pending for l in listeners if isinstance(l.pending, list)), ())
        self.wants_tokens = any(l.wants_tokens for l in listeners)  # type: ignore[misc]

    def on_start(self, run: Run) -> None:
        for listener in self.listeners:
            listener.on_start(run)

    def on_stream(self, run: Run, chunk: Any) -> None:
        for listener in self.listeners:
            listener.on_stream(run, chunk)

    def on_end(self, run: Run, output: Any) -> None:
        for listener in self.listeners:
            listener.on_end(run, output)

    def on_error(self, run: Run, error: BaseException) -> None:
        for listener in self.listeners:
            listener.on_error(run, error)

    def on_custom_event(self, name: str, data: Any, scope: RunScope,
                        tags: list[str], metadata: dict[str, Any]) -> None:
        for listener in self.listeners:
            listener.on_custom_event(name, data, scope, tags, metadata)


@dataclass(frozen=True, slots=True)
class RunScope:
    """Where the next run reports: the listener, its parents (root first), its own tags."""

    listener: RunListener
    parent_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def with_tag(self, tag: str) -> RunScope:
        """The same scope, the direct child tagged ``tag`` (``seq:step:2``)."""
        return RunScope(self.listener, self.parent_ids, (tag,))


class Run:
    """One execution of one runnable, as seen by a listener."""

    __slots__ = (
        "id", "name", "run_type", "tags", "metadata", "parent_ids", "runnable",
        "input", "input_at_start", "selected", "listener_state", "stream_event",
        "pending", "wants_tokens", "done", "_listener", "_inputs", "_outputs", "add_input",
    )

    def __init__(
        self, runnable: Runnable[Any, Any], config: RunnableConfig, scope: RunScope, input: Any
    ) -> None:
        run_id = config.get("run_id")
        self.id = str(run_id) if run_id is not None else str(uuid.uuid4())
        self.name: str = config.get("run_name") or runnable.get_name()
        self.runnable = runnable
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
        self.pending = scope.listener.pending
        #: Whether a model invoked in this run should stream (an event stream listens).
        self.wants_tokens = scope.listener.wants_tokens
        self.done = False
        self._inputs = Aggregator()
        self._outputs = Aggregator()
        #: ``add_input(chunk)`` records a chunk of an input that arrives as a stream.
        self.add_input = self._inputs.add

    def child_scope(self, tag: str | None = None) -> RunScope:
        """The scope for a run started by this one."""
        return RunScope(self._listener, (*self.parent_ids, self.id), (tag,) if tag else ())

    @property
    def streamed(self) -> bool:
        """Whether the run has emitted a chunk."""
        return bool(self._outputs)

    def stream(self, chunk: Any) -> None:
        self._outputs.add(chunk)
        self._listener.on_stream(self, chunk)

    def end(self, output: Any = UNKNOWN) -> None:
        """Finish the run; without ``output`` the streamed chunks combined are the output."""
        try:  # adding the chunks up may fail (chunks that do not merge): the run fails then
            if not self.input_at_start:
                self.input = self._inputs.result()
            if output is UNKNOWN:
                output = self._outputs.result(stop_after_unaddable=True)
        except Exception as exc:
            self.error(exc)
            raise
        self.done = True
        self._listener.on_end(self, output)

    def error(self, error: BaseException) -> None:
        if not self.input_at_start:
            try:
                self.input = self._inputs.result()
            except Exception:  # the chunks do not add up: the input stays unknown
                self.input = None
        self.done = True
        self._listener.on_error(self, error)


def scope_of(config: RunnableConfig) -> RunScope | None:
    """The run scope a config carries, turning a list of callback handlers into one."""
    callbacks = config.get("callbacks")
    if callbacks is None or isinstance(callbacks, RunScope):
        return callbacks
    from chunkwise.runnables.callbacks import scope_for_handlers

    return scope_for_handlers(callbacks)


def start_run(runnable: Runnable[Any, Any], config: RunnableConfig, input: Any) -> Run | None:
    """Record the start of a run of ``runnable``, or return ``None`` if nobody listens."""
    scope = scope_of(config)
    if scope is None:
        return None
    run = Run(runnable, config, scope, input)
    scope.listener.on_start(run)
    return run
