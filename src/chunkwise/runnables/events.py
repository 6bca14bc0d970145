"""``astream_events``: LangChain's event stream, produced by the runs themselves.

Each event is a dict ``{event, name, run_id, parent_ids, tags, metadata, data}``
with ``event`` = ``on_{run_type}_{start|stream|end}``. As in LangChain's v2 table:
``start`` carries ``data["input"]`` when the input is known at start (a step fed by
a stream only knows it at the end, so its ``end`` carries ``input`` and ``output``);
``stream`` carries ``data["chunk"]``; ``end`` carries ``data["output"]``.
``parent_ids`` lists the enclosing runs, root first. Errors propagate to the caller
and, like LangChain v2, produce no ``on_*_error`` event.

``version="v1"`` yields the same events without ``parent_ids`` (LangChain's v1 also
orders some end events differently and shapes chat-model outputs differently;
chunkwise does not reproduce those quirks).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from chunkwise.runnables.channel import ChannelListener
from chunkwise.runnables.config import RunnableConfig
from chunkwise.runnables.tracing import Run

if TYPE_CHECKING:
    from chunkwise.runnables.base import Runnable

__all__ = ["EventFilter", "StreamEvent", "stream_events"]


class StreamEvent(TypedDict, total=False):
    """One event of ``astream_events`` (``parent_ids`` only in v2)."""

    event: str
    name: str
    run_id: str
    parent_ids: list[str]
    tags: list[str]
    metadata: dict[str, Any]
    data: dict[str, Any]


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
        """Included by any include rule (or there are none) and by no exclude rule."""
        include = (self.include_names is None and self.include_types is None
                   and self.include_tags is None)
        if self.include_names is not None:
            include = include or run.name in self.include_names
        if self.include_types is not None:
            include = include or run.run_type in self.include_types
        if self.include_tags is not None:
            include = include or any(tag in self.include_tags for tag in run.tags)
        if self.exclude_names is not None:
            include = include and run.name not in self.exclude_names
        if self.exclude_types is not None:
            include = include and run.run_type not in self.exclude_types
        if self.exclude_tags is not None:
            include = include and all(tag not in self.exclude_tags for tag in run.tags)
        return include


class _EventListener(ChannelListener[StreamEvent]):
    """Turns run life cycles into event dicts; runs are filtered once, at start."""

    def __init__(self, selection: EventFilter, with_parents: bool) -> None:
        super().__init__()
        self._selection = selection
        self._with_parents = with_parents

    def _event(self, run: Run, event_name: str, data: dict[str, Any]) -> None:
        event: StreamEvent = {
            "event": event_name,
            "name": run.name,
            "run_id": run.id,
            "tags": run.tags,
            "metadata": run.metadata,
            "data": data,
        }
        if run.listener_state is not None:
            event["parent_ids"] = run.listener_state
        self.put(event)

    def on_start(self, run: Run) -> None:
        run.selected = self._selection.selects(run)
        if run.selected:
            if self._with_parents:  # one list per run, shared by its events
                run.listener_state = list(run.parent_ids)
            data = {"input": run.input} if run.input_at_start else {}
            self._event(run, f"on_{run.run_type}_start", data)

    def on_stream(self, run: Run, chunk: Any) -> None:
        if run.selected:  # the per-chunk path: one dict, one put
            event: StreamEvent = {
                "event": run.stream_event, "name": run.name, "run_id": run.id,
                "tags": run.tags, "metadata": run.metadata, "data": {"chunk": chunk},
            }
            if run.listener_state is not None:
                event["parent_ids"] = run.listener_state
            self.put(event)

    def on_end(self, run: Run, output: Any) -> None:
        if run.selected:
            data = {"output": output} if run.input_at_start else {"output": output, "input": run.input}
            self._event(run, f"on_{run.run_type}_end", data)


def stream_events(
    runnable: Runnable[Any, Any],
    input: Any,
    config: RunnableConfig | None,
    version: Literal["v1", "v2"],
    selection: EventFilter,
) -> AsyncIterator[StreamEvent]:
    """The implementation of ``Runnable.astream_events``."""
    if version not in ("v1", "v2"):
        raise NotImplementedError(f"astream_events version {version!r}; use 'v2' or 'v1'")
    listener = _EventListener(selection, with_parents=version == "v2")
    return listener.drain(runnable, input, config)
