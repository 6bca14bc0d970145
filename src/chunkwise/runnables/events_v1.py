"""``astream_events(version="v1")``: LangChain's older event stream, as it differs from v2.

LangChain builds v1 from its run log, and these differences follow:

* ``parent_ids`` is always ``[]``;
* the root's events are its own: the start carries the input given, its stream
  events are the chunks of its output stream (also for a runnable that is only
  invoked, such as a tool or retriever), and its end comes last, carrying the
  chunks added up; they are named after the runnable called, with the config's tags
  and metadata;
* the other runs' events keep their inputs where they are known, and a run that
  fails ends with ``output: None`` (v2 sends nothing);
* a model's end event shows its output as an ``LLMResult``-shaped dict, a
  retriever's as ``{"documents": [...]}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chunkwise.runnables.aggregate import add_chunks
from chunkwise.runnables.config import RunnableConfig, ensure_config
from chunkwise.runnables.events import EventFilter, EventListener
from chunkwise.runnables.tracing import Run

if TYPE_CHECKING:
    from chunkwise.runnables.base import Runnable

__all__ = ["V1EventListener"]

_NOTHING: Any = object()


class V1EventListener(EventListener):
    """The v1 events (see the module docstring)."""

    def __init__(self, selection: EventFilter, root_input: Any, runnable: Runnable[Any, Any],
                 config: RunnableConfig | None) -> None:
        super().__init__(selection, "v1", root_input)
        self._name = ensure_config(config).get("run_name") or runnable.get_name()
        self._output: Any = _NOTHING
        self._first_run = ""  # no "first event carries the input" rule in v1

    def _root_event(self, kind: str, data: Any) -> None:
        root = self.root
        assert root is not None
        if self._selection.admits(self._name, root.run_type, root.tags):
            self.put({"event": f"on_{root.run_type}_{kind}", "name": self._name,
                      "run_id": root.id, "tags": root.tags, "metadata": root.metadata,
                      "data": data, "parent_ids": []})

    def on_start(self, run: Run) -> None:
        if self.root is None:
            self._root, self.root = run.id, run
            run.selected = False  # its events come from its output stream, below
            self._root_event("start", {"input": self._root_input})
            return
        super().on_start(run)

    def root_chunk(self, chunk: Any) -> None:
        if self.root is None:
            return
        self._output = chunk if self._output is _NOTHING else add_chunks(self._output, chunk)
        self._root_event("stream", {"chunk": chunk})

    def finish(self) -> None:
        if self.root is not None:
            self._root_event("end", {"output": None if self._output is _NOTHING else self._output})

    def on_error(self, run: Run, error: BaseException) -> None:
        if self._finished(run):
            data = {"output": None, "input": run.runnable._event_input(run.input)}
            self._event(run, f"on_{run.run_type}_end", data)


