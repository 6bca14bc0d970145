"""``astream_log``: the run state as a stream of JSON-patch chunks.

Patches add up: ``patch1 + patch2`` is a ``RunLog`` whose ``state`` is the result of
applying all operations so far, LangChain's shape::

    {"id", "name", "type", "streamed_output": [...], "final_output": ...,
     "logs": {run_name: {"id", "name", "type", "tags", "metadata", "start_time",
                         "streamed_output", "streamed_output_str", "final_output",
                         "end_time"}}}

Only ``add``, ``replace`` and ``remove`` operations are produced (RFC 6902, appliable
by any JSON-patch library; ``/-`` appends to a list). The root's ``final_output`` is
updated with the difference between the chunks added so far and the total before
(``add /final_output/alist/3`` when a list grew), as LangChain does. The root run is always recorded;
other runs appear in ``logs`` (as ``name``, ``name:2``, ...) if they pass the
include/exclude filters. A run's ``final_output`` is wrapped as ``{"output": ...}``
unless it is a dict, as LangChain does for chains.

Applying patches copies only the containers on each operation's path (never the
whole state), so earlier ``RunLog`` states stay unchanged without deep copies.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from chunkwise.runnables.aggregate import add_chunks
from chunkwise.runnables.channel import ChannelListener
from chunkwise.runnables.config import RunnableConfig
from chunkwise.runnables.events import EventFilter
from chunkwise.runnables.tracing import Run

if TYPE_CHECKING:
    from chunkwise.runnables.base import Runnable

__all__ = ["RunLog", "RunLogPatch", "apply_ops", "json_diff", "stream_log"]

Op = dict[str, Any]


class RunLogPatch:
    """Some JSON-patch operations on the run state; ``+`` combines them into a ``RunLog``."""

    def __init__(self, *ops: Op) -> None:
        self.ops: list[Op] = list(ops)

    def __add__(self, other: RunLogPatch) -> RunLog:
        if not isinstance(other, RunLogPatch):
            return NotImplemented
        ops = self.ops + other.ops
        return RunLog(*ops, state=apply_ops(None, ops))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.ops == other.ops

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(repr, self.ops))})"


class RunLog(RunLogPatch):
    """All operations so far and the state they produce."""

    def __init__(self, *ops: Op, state: Any) -> None:
        super().__init__(*ops)
        self.state: Any = state

    def __add__(self, other: RunLogPatch) -> RunLog:
        if not isinstance(other, RunLogPatch):
            return NotImplemented
        return RunLog(*self.ops, *other.ops, state=apply_ops(self.state, other.ops))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RunLog) and self.state == other.state

    __hash__ = None

    def __repr__(self) -> str:
        return f"RunLog({self.state!r})"


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def apply_ops(state: Any, ops: list[Op]) -> Any:
    """Apply ``add``/``replace`` ops, copying each container on a path at most once."""
    copied: set[int] = set()

    def own(container: Any) -> Any:
        if id(container) in copied:
            return container
        mine = list(container) if isinstance(container, list) else dict(container)
        copied.add(id(mine))
        return mine

    for op in ops:
        kind, path, value = op["op"], op["path"], op.get("value")
        if kind not in ("add", "replace", "remove"):
            raise ValueError(f"unsupported JSON-patch operation {kind!r}")
        if path == "":
            state = value
            continue
        tokens = [_unescape(t) for t in path[1:].split("/")]
        state = own(state)
        node = state
        for token in tokens[:-1]:
            key: Any = int(token) if isinstance(node, list) else token
            node[key] = own(node[key])
            node = node[key]
        last = tokens[-1]
        if kind == "remove":
            del node[int(last) if isinstance(node, list) else last]
        elif isinstance(node, list):
            if last == "-":
                node.append(value)
            elif kind == "add":
                node.insert(int(last), value)
            else:
                node[int(last)] = value
        else:
            node[last] = value
    return state


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def json_diff(before: Any, after: Any, path: str) -> list[Op]:
    """Operations turning ``before`` into ``after`` at ``path``: dicts key by key, a list
    that grew at its end by appending, anything else replaced when it changed."""
    if before is after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        ops: list[Op] = [{"op": "remove", "path": f"{path}/{_escape(k)}"}
                         for k in before if k not in after]
        for key, value in after.items():
            where = f"{path}/{_escape(key)}"
            if key in before:
                ops += json_diff(before[key], value, where)
            else:
                ops.append({"op": "add", "path": where, "value": value})
        return ops
    if (isinstance(before, list) and isinstance(after, list) and len(after) >= len(before)
            and after[: len(before)] == before):
        return [{"op": "add", "path": f"{path}/{i}", "value": after[i]}
                for i in range(len(before), len(after))]
    if type(before) is type(after) and before == after:
        return []
    return [{"op": "replace", "path": path, "value": after}]


def _logged(run: Run, output: Any) -> Any:
    """A run's ``final_output`` as LangChain's log shows it: prompts' as is, models' as an
    ``LLMResult`` dict, retrievers' as ``{"documents": ...}``, other non-dicts wrapped."""
    if run.run_type == "prompt":
        return output
    if run.run_type in ("llm", "chat_model"):
        return run.runnable._event_output(output, "v1")
    if run.run_type == "retriever":
        return {"documents": output}
    return output if isinstance(output, dict) else {"output": output}


class _LogListener(ChannelListener[RunLogPatch]):
    """Turns run life cycles into patches; the first run to start is the root."""

    wants_tokens = True

    def __init__(self, selection: EventFilter, with_streamed_output_list: bool) -> None:
        super().__init__()
        self._selection = selection
        self._with_list = with_streamed_output_list
        self._root: str | None = None
        self._root_output: Any = None
        self._root_streamed = False
        self._keys: dict[str, str] = {}  # run id -> key under /logs
        self._counts: dict[str, int] = {}

    def on_start(self, run: Run) -> None:
        if self._root is None:
            self._root, self.root = run.id, run
            self.put(RunLogPatch({"op": "replace", "path": "", "value": {
                "id": run.id, "name": run.name, "type": run.run_type,
                "streamed_output": [], "final_output": None, "logs": {},
            }}))
            return
        run.selected = self._selection.selects(run)
        if not run.selected:
            return
        count = self._counts[run.name] = self._counts.get(run.name, 0) + 1
        key = run.name if count == 1 else f"{run.name}:{count}"
        self._keys[run.id] = key
        escaped = _escape(key)
        self.put(RunLogPatch({"op": "add", "path": f"/logs/{escaped}", "value": {
            "id": run.id, "name": run.name, "type": run.run_type, "tags": run.tags,
            "metadata": run.metadata, "start_time": _now(), "streamed_output": [],
            "streamed_output_str": [], "final_output": None, "end_time": None,
        }}))

    def _path(self, run: Run) -> str | None:
        key = self._keys.get(run.id)
        return None if key is None else "/logs/" + _escape(key)

    def root_chunk(self, chunk: Any) -> None:
        """The root's streamed output is what its output stream yields (as in LangChain,
        also for a root that is only invoked, such as a tool)."""
        before = self._root_output
        self._root_output = add_chunks(before, chunk) if self._root_streamed else chunk
        ops = (json_diff(before, self._root_output, "/final_output") if self._root_streamed
               else [{"op": "replace", "path": "/final_output", "value": chunk}])
        self._root_streamed = True
        if self._with_list:
            ops.insert(0, {"op": "add", "path": "/streamed_output/-", "value": chunk})
        self.put(RunLogPatch(*ops))

    def on_stream(self, run: Run, chunk: Any) -> None:
        if run.id == self._root:  # recorded as it reaches the consumer (root_chunk)
            return
        path = self._path(run)
        if path is None:
            return
        ops = [{"op": "add", "path": f"{path}/streamed_output/-", "value": chunk}]
        text = chunk if isinstance(chunk, str) else getattr(chunk, "content", None)
        if run.run_type in ("llm", "chat_model") and isinstance(text, str):
            ops.append({"op": "add", "path": f"{path}/streamed_output_str/-", "value": text})
        self.put(RunLogPatch(*ops))

    def on_end(self, run: Run, output: Any) -> None:
        if run.id == self._root:
            return  # its final output is its stream's chunks added up (root_chunk)
        path = self._path(run)
        if path is not None:
            self.put(RunLogPatch(
                {"op": "add", "path": f"{path}/final_output", "value": _logged(run, output)},
                {"op": "add", "path": f"{path}/end_time", "value": _now()},
            ))

    def on_error(self, run: Run, error: BaseException) -> None:
        path = self._path(run)
        if path is not None:
            self.put(RunLogPatch({"op": "add", "path": f"{path}/end_time", "value": _now()}))


def stream_log(
    runnable: Runnable[Any, Any],
    input: Any,
    config: RunnableConfig | None,
    selection: EventFilter,
    *,
    diff: bool,
    with_streamed_output_list: bool,
    kwargs: dict[str, Any] | None = None,
) -> AsyncIterator[Any]:
    """The implementation of ``Runnable.astream_log``."""
    listener = _LogListener(selection, with_streamed_output_list)
    patches = listener.drain(runnable, input, config, kwargs)
    return patches if diff else _accumulate(patches)


async def _accumulate(patches: AsyncIterator[RunLogPatch]) -> AsyncIterator[RunLog]:
    state: RunLog | None = None
    try:
        async for patch in patches:
            state = RunLog(*patch.ops, state=apply_ops(None, patch.ops)) if state is None else state + patch
            yield state
    finally:
        await patches.aclose()  # type: ignore[attr-defined]
