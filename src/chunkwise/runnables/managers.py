"""LangChain's callback-manager surface, thin over the run context.

For code written the LangChain way: a runnable that overrides ``astream`` itself
starts its run with ``get_async_callback_manager_for_config(config).on_chain_start(
None, input, name=...)`` and ends it with ``on_chain_end`` / ``on_chain_error``; a
retriever's ``_get_relevant_documents(query, *, run_manager)`` receives a
``CallbackManagerForRetrieverRun`` whose ``get_child()`` is the ``callbacks`` value
for the runnables it calls. Each manager only wraps a run scope; the runs it starts
are ordinary ``Run``s, so events and handlers see them like any other. With nobody
listening the managers record nothing.
"""

from __future__ import annotations

import uuid
from typing import Any

from chunkwise.runnables.base import Runnable
from chunkwise.runnables.running import flush, flush_sync
from chunkwise.runnables.config import RunnableConfig, ensure_config
from chunkwise.runnables.tracing import Run, RunScope, scope_of, start_run

__all__ = [
    "AsyncCallbackManager",
    "AsyncCallbackManagerForChainRun",
    "AsyncCallbackManagerForRetrieverRun",
    "CallbackManager",
    "CallbackManagerForChainRun",
    "CallbackManagerForRetrieverRun",
    "get_async_callback_manager_for_config",
    "get_callback_manager_for_config",
]


class _Named(Runnable[Any, Any]):
    """Stands for code that runs outside any runnable's hooks (a hand-started run)."""

    def __init__(self, name: str, run_type: str) -> None:
        self.name = name
        self.run_type = run_type  # type: ignore[misc]


class CallbackManagerForChainRun:
    """One hand-started run: end it, fail it, or hand its child scope on."""

    def __init__(self, run: Run | None) -> None:
        self.run = run
        self.run_id = uuid.UUID(run.id) if run is not None else uuid.uuid4()

    def get_child(self, tag: str | None = None) -> RunScope | None:
        """The ``callbacks`` value for runnables called inside this run."""
        return self.run.child_scope(tag) if self.run is not None else None

    def on_chain_end(self, outputs: Any, **kwargs: Any) -> None:
        if self.run is not None:
            self.run.end(outputs)
            flush_sync(self.run)

    def on_chain_error(self, error: BaseException, **kwargs: Any) -> None:
        if self.run is not None:
            self.run.error(error)
            flush_sync(self.run)

    on_retriever_end = on_chain_end
    on_retriever_error = on_chain_error


class AsyncCallbackManagerForChainRun(CallbackManagerForChainRun):
    """``CallbackManagerForChainRun`` whose callbacks are awaited."""

    async def on_chain_end(self, outputs: Any, **kwargs: Any) -> None:  # type: ignore[override]
        if self.run is not None:
            self.run.end(outputs)
            await flush(self.run)

    async def on_chain_error(  # type: ignore[override]
        self, error: BaseException, **kwargs: Any
    ) -> None:
        if self.run is not None:
            self.run.error(error)
            await flush(self.run)

    on_retriever_end = on_chain_end  # type: ignore[assignment]
    on_retriever_error = on_chain_error  # type: ignore[assignment]


#: What a retriever's ``_get_relevant_documents`` receives as ``run_manager``.
CallbackManagerForRetrieverRun = CallbackManagerForChainRun
AsyncCallbackManagerForRetrieverRun = AsyncCallbackManagerForChainRun


class CallbackManager:
    """The callbacks of one config, for starting runs by hand."""

    _run_manager: type[CallbackManagerForChainRun] = CallbackManagerForChainRun

    def __init__(self, config: RunnableConfig) -> None:
        self.config = config
        self.scope = scope_of(config)

    def _start(self, inputs: Any, name: str | None, run_type: str,
               run_id: uuid.UUID | None) -> Run | None:
        config: RunnableConfig = {**self.config, "callbacks": self.scope}
        if run_id is not None:
            config["run_id"] = run_id
        return start_run(_Named(name or "Unnamed", run_type), config, inputs)

    def on_chain_start(self, serialized: Any, inputs: Any, *, name: str | None = None,
                       run_type: str | None = None, run_id: uuid.UUID | None = None,
                       **kwargs: Any) -> CallbackManagerForChainRun:
        """Start a run (``run_type`` ``"chain"`` unless given) with ``inputs``."""
        run = self._start(inputs, name, run_type or "chain", run_id)
        if run is not None:
            flush_sync(run)
        return self._run_manager(run)

    def on_retriever_start(self, serialized: Any, query: str, *, name: str | None = None,
                           run_id: uuid.UUID | None = None,
                           **kwargs: Any) -> CallbackManagerForChainRun:
        """Start a retriever run for ``query``."""
        run = self._start(query, name, "retriever", run_id)
        if run is not None:
            flush_sync(run)
        return self._run_manager(run)


class AsyncCallbackManager(CallbackManager):
    """``CallbackManager`` whose start methods are awaited."""

    _run_manager = AsyncCallbackManagerForChainRun

    async def on_chain_start(  # type: ignore[override]
        self, serialized: Any, inputs: Any, *, name: str | None = None,
        run_type: str | None = None, run_id: uuid.UUID | None = None, **kwargs: Any,
    ) -> AsyncCallbackManagerForChainRun:
        run = self._start(inputs, name, run_type or "chain", run_id)
        if run is not None:
            await flush(run)
        return AsyncCallbackManagerForChainRun(run)

    async def on_retriever_start(  # type: ignore[override]
        self, serialized: Any, query: str, *, name: str | None = None,
        run_id: uuid.UUID | None = None, **kwargs: Any,
    ) -> AsyncCallbackManagerForChainRun:
        run = self._start(query, name, "retriever", run_id)
        if run is not None:
            await flush(run)
        return AsyncCallbackManagerForChainRun(run)


def get_callback_manager_for_config(config: RunnableConfig | None) -> CallbackManager:
    """The callback manager of ``config`` (its handlers or run scope)."""
    return CallbackManager(ensure_config(config))


def get_async_callback_manager_for_config(config: RunnableConfig | None) -> AsyncCallbackManager:
    """The async callback manager of ``config``."""
    return AsyncCallbackManager(ensure_config(config))
