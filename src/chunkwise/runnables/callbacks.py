"""LangChain-style callback handlers, driven by the same run context as the events.

``config={"callbacks": [handler, ...]}`` turns the handlers into one
``HandlerListener`` on the run scope: every run below reports to it, and it calls
the handlers' methods with LangChain's names and arguments (``on_chain_start``,
``on_chat_model_start``, ``on_llm_new_token``, ``on_llm_end``, ``on_tool_start`` ...,
``on_custom_event``). Handlers may be sync (``BaseCallbackHandler``) or async
(``AsyncCallbackHandler``): an async method's coroutine is awaited by the async
paths in order, and run to completion by the sync paths before they go on. A
handler that raises is logged and ignored unless it sets ``raise_error``, as in
LangChain. How a model's input, tokens and output look to a handler is the
runnable's to say (``_callback_*`` hooks, see ``chunkwise.models``).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
import uuid
from collections.abc import Sequence
from typing import Any, Union

from chunkwise.runnables.bridges import run_coroutine_sync
from chunkwise.runnables.config import RunnableConfig, ensure_config, var_child_config
from chunkwise.runnables.tracing import FanOut, Run, RunListener, RunScope, scope_of

__all__ = [
    "AsyncCallbackHandler",
    "BaseCallbackHandler",
    "Callbacks",
    "HandlerListener",
    "adispatch_custom_event",
    "dispatch_custom_event",
]

log = logging.getLogger("chunkwise.callbacks")

_CHAIN_LIKE = ("chain", "prompt", "parser")
_IGNORE = {"chain": "ignore_chain", "prompt": "ignore_chain", "parser": "ignore_chain",
           "llm": "ignore_llm", "chat_model": "ignore_chat_model",
           "retriever": "ignore_retriever", "tool": "ignore_agent"}


class BaseCallbackHandler:
    """Receives run events under LangChain's method names; every method does nothing.

    Override the ones you need (``on_chain_start(serialized, inputs, *, run_id,
    parent_run_id, tags, metadata, name, **kwargs)`` and so on, LangChain's signatures).
    """

    raise_error: bool = False
    run_inline: bool = True
    ignore_chain: bool = False
    ignore_llm: bool = False
    ignore_chat_model: bool = False
    ignore_retriever: bool = False
    ignore_agent: bool = False
    ignore_custom_event: bool = False

    def on_chain_start(self, serialized: Any, inputs: Any, **kwargs: Any) -> Any: ...
    def on_chain_end(self, outputs: Any, **kwargs: Any) -> Any: ...
    def on_chain_error(self, error: BaseException, **kwargs: Any) -> Any: ...
    def on_chat_model_start(self, serialized: Any, messages: Any, **kwargs: Any) -> Any: ...
    def on_llm_start(self, serialized: Any, prompts: Any, **kwargs: Any) -> Any: ...
    def on_llm_new_token(self, token: Any, **kwargs: Any) -> Any: ...
    def on_llm_end(self, response: Any, **kwargs: Any) -> Any: ...
    def on_llm_error(self, error: BaseException, **kwargs: Any) -> Any: ...
    def on_tool_start(self, serialized: Any, input_str: str, **kwargs: Any) -> Any: ...
    def on_tool_end(self, output: Any, **kwargs: Any) -> Any: ...
    def on_tool_error(self, error: BaseException, **kwargs: Any) -> Any: ...
    def on_retriever_start(self, serialized: Any, query: str, **kwargs: Any) -> Any: ...
    def on_retriever_end(self, documents: Any, **kwargs: Any) -> Any: ...
    def on_retriever_error(self, error: BaseException, **kwargs: Any) -> Any: ...
    def on_custom_event(self, name: str, data: Any, **kwargs: Any) -> Any: ...


class AsyncCallbackHandler(BaseCallbackHandler):
    """A handler whose methods are ``async def`` (awaited in order by the async paths)."""


#: What ``config["callbacks"]`` holds: handlers, a run scope, or nothing.
Callbacks = Union[list[BaseCallbackHandler], RunScope, None]

_NOOP = {name: getattr(BaseCallbackHandler, name) for name in vars(BaseCallbackHandler)
         if name.startswith("on_")}


def _overrides(handler: BaseCallbackHandler, name: str) -> bool:
    """Whether the handler's class has its own ``name`` (the base's do nothing)."""
    function = getattr(type(handler), name, None)
    return function is not None and function is not _NOOP.get(name)


def _uuid(run_id: str) -> uuid.UUID | str:
    try:
        return uuid.UUID(run_id)
    except ValueError:
        return run_id


class HandlerListener(RunListener):
    """Calls LangChain-style handlers for each run event."""

    def __init__(self, handlers: Sequence[BaseCallbackHandler]) -> None:
        self.handlers = list(handlers)
        self.pending: list[Any] = []

    def _call(self, run_type: str | None, method: str, *args: Any,
              fallback: tuple[str, tuple[Any, ...]] | None = None, **kwargs: Any) -> None:
        """``handler.method(*args, **kwargs)`` for each handler that has it. ``fallback``
        (another method and its arguments) is called instead on handlers without it or
        whose method raises ``NotImplementedError`` (LangChain's chat-model start)."""
        ignore = _IGNORE.get(run_type or "", "ignore_custom_event")
        for handler in self.handlers:
            if getattr(handler, ignore, False):
                continue
            if _overrides(handler, method):
                if self._run(handler, method, args, kwargs) or fallback is None:
                    continue
            if fallback is not None and _overrides(handler, fallback[0]):
                self._run(handler, fallback[0], fallback[1], kwargs)

    def _run(self, handler: BaseCallbackHandler, name: str, args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> bool:
        """Call one handler method; ``False`` if it raised ``NotImplementedError``."""
        try:
            result = getattr(handler, name)(*args, **kwargs)
        except NotImplementedError:
            return False
        except Exception:
            if getattr(handler, "raise_error", False):
                raise
            log.warning("callback %s.%s raised", type(handler).__name__, name, exc_info=True)
            return True
        if inspect.isawaitable(result):
            self.pending.append(result)
        return True

    @staticmethod
    def _ids(run: Run) -> dict[str, Any]:
        parent = _uuid(run.parent_ids[-1]) if run.parent_ids else None
        return {"run_id": _uuid(run.id), "parent_run_id": parent, "tags": run.tags}

    def on_start(self, run: Run) -> None:
        ids = {**self._ids(run), "metadata": run.metadata, "name": run.name}
        kind = run.run_type
        if kind in _CHAIN_LIKE:
            inputs = run.input if run.input_at_start else {"input": ""}
            extra: dict[str, Any] = {} if kind == "chain" else {"run_type": kind}
            self._call(kind, "on_chain_start", None, inputs, **ids, **extra)
        else:
            args, extra = run.runnable._callback_start(run.input)
            prompts = run.runnable._callback_prompts(run.input)
            fallback = None if prompts is None else ("on_llm_start", (None, prompts))
            self._call(kind, f"on_{kind}_start", None, *args, fallback=fallback, **ids, **extra)

    def on_stream(self, run: Run, chunk: Any) -> None:
        if run.run_type in ("llm", "chat_model"):
            token, generation = run.runnable._callback_token(chunk)
            self._call(run.run_type, "on_llm_new_token", token, chunk=generation, **self._ids(run))

    def on_end(self, run: Run, output: Any) -> None:
        kind = run.run_type
        if kind in _CHAIN_LIKE:
            self._call(kind, "on_chain_end", output, inputs=run.input, **self._ids(run))
        elif kind in ("llm", "chat_model"):
            self._call(kind, "on_llm_end", run.runnable._callback_result(output), **self._ids(run))
        else:
            self._call(kind, f"on_{kind}_end", output, **self._ids(run))

    def on_error(self, run: Run, error: BaseException) -> None:
        kind = run.run_type
        method = ("on_chain_error" if kind in _CHAIN_LIKE
                  else "on_llm_error" if kind in ("llm", "chat_model") else f"on_{kind}_error")
        self._call(kind, method, error, **self._ids(run))

    def on_custom_event(self, name: str, data: Any, scope: RunScope,
                        tags: list[str], metadata: dict[str, Any]) -> None:
        self._call(None, "on_custom_event", name, data, run_id=_uuid(scope.parent_ids[-1]),
                   tags=tags, metadata=metadata)


def scope_for_handlers(handlers: Sequence[BaseCallbackHandler]) -> RunScope:
    """A root scope whose runs report to ``handlers``."""
    return RunScope(HandlerListener(handlers))


def add_handlers(base: Any, extra: Any) -> RunScope:
    """Two ``callbacks`` values (handler lists or scopes) as one scope; the parents of
    whichever is a scope are kept (the later one's if both are)."""
    scopes = [v if isinstance(v, RunScope) else scope_for_handlers(v) for v in (base, extra)]
    if scopes[0].listener is scopes[1].listener:
        return scopes[1]
    parents = scopes[1] if isinstance(extra, RunScope) else scopes[0]
    return RunScope(FanOut(scopes[0].listener, scopes[1].listener), parents.parent_ids, parents.tags)


# ---- awaiting what async handlers returned ----------------------------------------
def run_pending_sync(pending: list[Any]) -> None:
    """Run async handlers' coroutines to completion from sync code."""
    while pending:
        batch = pending[:]
        del pending[: len(batch)]
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            run_coroutine_sync(_await_all(batch))
        else:  # sync code on a loop's thread: finish them on a private loop elsewhere
            worker = threading.Thread(target=run_coroutine_sync, args=(_await_all(batch),))
            worker.start()
            worker.join()


async def run_pending(pending: list[Any]) -> None:
    """Await async handlers' coroutines, in the order they were called."""
    while pending:
        await pending.pop(0)


async def _await_all(awaitables: list[Any]) -> None:
    for awaitable in awaitables:
        await awaitable


# ---- custom events --------------------------------------------------------------
def _dispatch(name: str, data: Any, config: RunnableConfig | None) -> list[Any]:
    inside_run = config is not None or var_child_config.get() is not None
    config = ensure_config(config)
    scope = scope_of(config)
    if scope is None or not scope.parent_ids:
        if inside_run:
            return []  # a run nobody listens to
        raise RuntimeError(
            f"custom event {name!r} dispatched outside any run: call dispatch_custom_event "
            "inside a runnable (or pass the config your function received)"
        )
    scope.listener.on_custom_event(name, data, scope, list(config.get("tags", [])),
                                   dict(config.get("metadata", {})))
    pending = scope.listener.pending
    return pending if isinstance(pending, list) else []


def dispatch_custom_event(name: str, data: Any, *, config: RunnableConfig | None = None) -> None:
    """Emit ``on_custom_event`` (``name``, ``data``) from inside the current run."""
    pending = _dispatch(name, data, config)
    if pending:
        run_pending_sync(pending)


async def adispatch_custom_event(
    name: str, data: Any, *, config: RunnableConfig | None = None
) -> None:
    """Async ``dispatch_custom_event``."""
    pending = _dispatch(name, data, config)
    if pending:
        await run_pending(pending)
