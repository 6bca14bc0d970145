"""``astream_events`` and ``astream_log``: the two ways to watch a run from outside."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from chunkwise.runnables.config import RunnableConfig
    from chunkwise.runnables.events import StreamEvent
    from chunkwise.runnables.log import RunLog, RunLogPatch

__all__ = ["Observing"]


class Observing:
    """Mixed into ``Runnable``; ``self`` is always a runnable."""

    def astream_events(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        version: Literal["v1", "v2"] = "v2",
        include_names: Sequence[str] | None = None,
        include_types: Sequence[str] | None = None,
        include_tags: Sequence[str] | None = None,
        exclude_names: Sequence[str] | None = None,
        exclude_types: Sequence[str] | None = None,
        exclude_tags: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[StreamEvent]:
        """Stream LangChain-style events of this run and every run below it."""
        from chunkwise.runnables.events import EventFilter, stream_events

        selection = EventFilter(include_names, include_types, include_tags,
                                exclude_names, exclude_types, exclude_tags)
        return stream_events(self, input, config, version, selection, kwargs)  # type: ignore[arg-type]

    def astream_log(
        self,
        input: Any,
        config: RunnableConfig | None = None,
        *,
        diff: bool = True,
        with_streamed_output_list: bool = True,
        include_names: Sequence[str] | None = None,
        include_types: Sequence[str] | None = None,
        include_tags: Sequence[str] | None = None,
        exclude_names: Sequence[str] | None = None,
        exclude_types: Sequence[str] | None = None,
        exclude_tags: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[RunLogPatch] | AsyncIterator[RunLog]:
        """Stream the run state as JSON-patch chunks (``diff=False``: whole states)."""
        from chunkwise.runnables.events import EventFilter
        from chunkwise.runnables.log import stream_log

        selection = EventFilter(include_names, include_types, include_tags,
                                exclude_names, exclude_types, exclude_tags)
        return stream_log(self, input, config, selection, diff=diff,  # type: ignore[arg-type]
                          with_streamed_output_list=with_streamed_output_list, kwargs=kwargs)
