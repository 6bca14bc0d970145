"""``astream_events``: LangChain's event stream, produced by the runs themselves.

Each event is a dict ``{event, name, run_id, parent_ids, tags, metadata, data}``
with ``event`` = ``on_{run_type}_{start|stream|end}``, placed as LangChain places
them: ``start`` carries ``data["input"]`` when the input is known at start (a step
fed by a stream only knows it at the end); ``stream`` carries ``data["chunk"]``;
``end`` carries ``data["output"]`` and ``data["input"]``. The first event the
stream yields carries the input given to ``astream_events``, and the end event of
that run carries no input (it was in the first). ``parent_ids`` lists the
enclosing runs, root first. Errors propagate to the caller; as in LangChain only a
tool's error is also an event (``on_tool_error``, with ``error``, ``input`` and
``tool_call_id``). ``dispatch_custom_event`` gives ``on_custom_event``. A run that
reuses the id of a run still going on (its parent's, say) makes that id
ambiguous: its events, and those of the other run from then on, are dropped.

``version="v1"`` yields LangChain's older event stream (see ``events_v1``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from chunkwise.runnables.channel import ChannelListener
from chunkwise.runnables.config import RunnableConfig
from chunkwise.runnables.tracing import Run, RunScope

if TYPE_CHECKING:
    from chunkwise.runnables.base import Runnable

__all__ = ["EventFilter", "EventListener", "StreamEvent", "stream_events"]


class StreamEvent(TypedDict, total=False):
    """One event of ``astream_events``."""

    event: str
    name: str
    run_id: str
    parent_ids: list[str]
    tags: list[str]
    metadata: dict[str, Any]
    data: Any


class EventFilter:
    """LangChain's include/exclude rules by run name, run type and tag."""

    __slots__ = ("include_names", "include_types", "include_tags",
                 "exclude_names", "exclude_types", "exclude_tags")

    def __init__(
        self,
        include_names: Sequence[str] | None = None,
        include_types: Sequence[str] | None = None,
        include_tags: Sequence[str] | None = None,
        exclude_names: Sequence[str] | None = None,
        exclude_types: Sequence[str] | None = None,
        exclude_tags: Sequence[str] | None = None,
    ) -> None:
        self.include_names = include_names
        self.include_types = include_types
        self.include_tags = include_tags
        self.exclude_names = exclude_names
        self.exclude_types = exclude_types
        self.exclude_tags = exclude_tags

    def selects(self, run: Run) -> bool:
        """Whether ``run``'s events pass."""
        return self.admits(run.name, run.run_type, run.tags)

    def admits(self, name: str, kind: str, tags: Sequence[str]) -> bool:
        """Included by any include rule (or there are none) and by no exclude rule."""
        include = (self.include_names is None and self.include_types is None
                   and self.include_tags is None)
        if self.include_names is not None:
            include = include or name in self.include_names
        if self.include_types is not None:
            include = include or kind in self.include_types
        if self.include_tags is not None:
            include = include or any(tag in self.include_tags for tag in tags)
        if self.exclude_names is not None:
            include = include and name not in self.exclude_names
        if self.exclude_types is not None:
            include = include and kind not in self.exclude_types
        if self.exclude_tags is not None:
            include = include and all(tag not in self.exclude_tags for tag in tags)
        return include


class EventListener(ChannelListener[StreamEvent]):
    """Turns run life cycles into event dicts; runs are filtered once, at start."""

    wants_tokens = True

    def __init__(self, selection: EventFilter, version: str, root_input: Any) -> None:
        super().__init__()
        self._selection = selection
        self._version = version
        self._root_input = root_input
        self._first_run: str | None = None  # the run of the first event yielded
        self._root: str | None = None
        self._active: dict[str, Run] = {}
        self._clashed: set[str] = set()

    def _event(self, run: Run, event_name: str, data: Any) -> None:
        event: StreamEvent = {
            "event": event_name, "name": run.name, "run_id": run.id, "tags": run.tags,
            "metadata": run.metadata, "data": data, "parent_ids": run.listener_state,
        }
        if self._first_run is None:
            self._first_run = run.id
            data["input"] = self._root_input
        elif run.id == self._first_run and event_name.endswith("_end"):
            data.pop("input", None)
        self.put(event)

    def on_start(self, run: Run) -> None:
        if self._root is None:
            self._root, self.root = run.id, run
        clash = self._active.get(run.id)
        if clash is not None:  # LangChain's handler fails on this run id from now on
            self._clashed.add(run.id)
            clash.selected = False
        self._active[run.id] = run
        run.selected = run.id not in self._clashed and self._selection.selects(run)
        if run.selected:
            run.listener_state = list(run.parent_ids) if self._version == "v2" else []
            data = {"input": run.runnable._event_input(run.input)} if run.input_at_start else {}
            self._event(run, f"on_{run.run_type}_start", data)

    def on_stream(self, run: Run, chunk: Any) -> None:
        if run.selected:  # the per-chunk path: one dict, one put
            if self._first_run is None:
                self._event(run, run.stream_event, {"chunk": chunk})
                return
            self.put({
                "event": run.stream_event, "name": run.name, "run_id": run.id,
                "tags": run.tags, "metadata": run.metadata, "data": {"chunk": chunk},
                "parent_ids": run.listener_state,
            })

    def _finished(self, run: Run) -> bool:
        """Whether ``run``'s final event may be sent (its id was not made ambiguous)."""
        if self._active.get(run.id) is run:
            del self._active[run.id]
        return run.selected

    def on_end(self, run: Run, output: Any) -> None:
        if self._finished(run):
            raw = self._version == "v1" and run.id == self._root  # v1 shows the root's as is
            shown = output if raw else run.runnable._event_output(output, self._version)
            data = {"output": shown, "input": run.runnable._event_input(run.input)}
            self._event(run, f"on_{run.run_type}_end", data)

    def on_error(self, run: Run, error: BaseException) -> None:
        if self._finished(run) and run.run_type == "tool":
            data = {"error": error, "input": run.runnable._event_input(run.input),
                    "tool_call_id": getattr(run.runnable, "_tool_call_id", _no_id)(run.input)}
            self._event(run, "on_tool_error", data)

    def on_custom_event(self, name: str, data: Any, scope: RunScope,
                        tags: list[str], metadata: dict[str, Any]) -> None:
        run_id = scope.parent_ids[-1]
        if run_id in self._clashed or not self._selection.admits(name, name, tags):
            return
        parents = list(scope.parent_ids[:-1]) if self._version == "v2" else []
        self.put({"event": "on_custom_event", "name": name, "run_id": run_id, "tags": tags,
                  "metadata": metadata, "data": data, "parent_ids": parents})


def _no_id(input: Any) -> None:
    return None


def stream_events(
    runnable: Runnable[Any, Any],
    input: Any,
    config: RunnableConfig | None,
    version: Literal["v1", "v2"],
    selection: EventFilter,
    kwargs: dict[str, Any] | None = None,
) -> AsyncIterator[StreamEvent]:
    """The implementation of ``Runnable.astream_events``."""
    if version == "v2":
        listener: EventListener = EventListener(selection, version, input)
    elif version == "v1":
        from chunkwise.runnables.events_v1 import V1EventListener

        listener = V1EventListener(selection, input, runnable, config)
    else:
        raise NotImplementedError(f"astream_events version {version!r}; use 'v2' or 'v1'")
    return listener.drain(runnable, input, config, kwargs)
