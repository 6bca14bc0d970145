"""Tool-call parsers: the arguments of each tool call a model streams, parsed as they grow.

A model streams a call's arguments as JSON text in ``tool_call_chunks`` pieces
(``{"name", "args", "id", "index"}``). The session keeps one incremental engine per
call (per ``index``) and feeds it each new piece, so a long argument string is
parsed once, in linear time; it never reads ``tool_calls`` on the running total,
which would parse the whole text again on every chunk. Outputs follow LangChain's
shapes: ``JsonOutputToolsParser`` gives ``[{"type": name, "args": {...}}]``,
``JsonOutputKeyToolsParser`` the ``args`` of the calls named ``key_name``,
``PydanticToolsParser`` model instances. A new output is streamed whenever it
changed; ``diff=True`` streams JSON Patch operations instead (LangChain raises
``NotImplementedError`` there). Arguments cut off or invalid at the end raise
:class:`OutputParserException`, as for ``JsonOutputParser``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from chunkwise.jsonstream import Completion, IncrementalJsonParser, Repair
from chunkwise.jsonstream.dumping import dumps
from chunkwise.models import AIMessage, AIMessageChunk, ToolCall, ToolCallChunk, tool_call_chunk
from chunkwise.parsers.base import BaseTransformOutputParser, ParserInput, ParseSession, same_value
from chunkwise.parsers.exceptions import OutputParserException
from chunkwise.parsers.json import DEFAULT_MAX_DEPTH, JsonReader, require_v2
from chunkwise.parsers.pydantic import PartialValidator, validated
from chunkwise.parsers.pydantic_paths import surely_invalid

__all__ = ["JsonOutputKeyToolsParser", "JsonOutputToolsParser", "PydanticToolsParser"]

#: What :meth:`JsonOutputToolsParser.read_args` returns for arguments it did not read.
SURELY_INVALID: Any = object()


class _Call:
    """One tool call: its name, id and the reader of its streamed arguments (None for a
    call that came whole, its arguments parsed)."""

    __slots__ = ("name", "id", "reader", "args", "read", "announced", "validator")

    def __init__(self, name: str | None, id: str | None, reader: JsonReader | None, args: Any = None) -> None:
        self.name = name or ""
        self.id = id
        self.reader = reader
        self.args: Any = {} if args is None else args  # the arguments shown (a dict while streaming)
        self.read = args is not None  # ``args`` is the engine's value (or the given one), not the placeholder
        self.announced = False  # diff view: the call's entry was added
        self.validator: PartialValidator[Any] | None = None  # PydanticToolsParser's, made when first needed

    def text(self) -> str:
        """The arguments' text, for error messages (written out for a call that came whole)."""
        return dumps(self.args) if self.reader is None else "".join(self.reader.pieces)


def _pieces(message: ParserInput) -> tuple[list[ToolCallChunk], list[ToolCall]]:
    """The tool-call pieces of a message chunk, or the calls of a whole message (their
    arguments already parsed: they are used as they are, never written out and read again)."""
    if isinstance(message, AIMessageChunk):
        return message.tool_call_chunks, []
    if isinstance(message, AIMessage):
        if message.invalid_tool_calls:
            bad = message.invalid_tool_calls[0]
            raise OutputParserException(
                f"Tool call {bad['name']!r} has invalid arguments: {bad['error']}",
                llm_output=bad["args"])
        return [], message.tool_calls
    raise OutputParserException(
        f"{type(message).__name__} is not a chat message: tool-call parsers read AI messages",
        llm_output=message if isinstance(message, str) else None)


class _ToolsSession(ParseSession[Any]):
    """The calls of one stream, by index; shows the parser's view when it changed."""

    def __init__(self, parser: JsonOutputToolsParser) -> None:
        self.parser = parser
        self.calls: list[_Call] = []
        self.by_index: dict[int, _Call] = {}
        self.last: Any = None
        self.shown = False

    def feed(self, chunk: ParserInput) -> Sequence[Any]:
        changed: list[_Call] = []
        grown: list[_Call] = []  # the calls whose engine said their arguments changed
        pieces, whole = _pieces(chunk)
        for piece in pieces:
            call, new = self._call(piece)
            if call is None:
                continue
            args = piece.get("args")
            if args and call.reader is not None and call.reader.feed(args):
                changed.append(call)
                grown.append(call)
            elif new:
                changed.append(call)
        for given in whole:
            call = _Call(given["name"], given["id"], None, given["args"])
            self.calls.append(call)
            changed.append(call)
        # (the first chunk shows the empty output even without a call, as LangChain's parsers do)
        return self._show(changed, grown=grown) if changed or not self.shown else ()

    def end(self) -> Sequence[Any]:
        for call in self.calls:
            reader = call.reader
            if reader is None:
                final = call.args
            else:
                final = reader.close() if reader.pieces else {}
            if not isinstance(final, dict):
                raise OutputParserException(
                    f"Tool call {call.name!r}: arguments are not a JSON object: {type(final).__name__}",
                    llm_output=call.text())
            call.args = final
        return self._show(self.calls, final=True)

    def _call(self, piece: ToolCallChunk) -> tuple[_Call | None, bool]:
        """The call ``piece`` belongs to (None for an empty piece), and whether it is new."""
        index = piece.get("index")
        call = self.by_index.get(index) if index is not None else None
        if call is not None:
            if not call.name and piece.get("name"):
                call.name = piece["name"] or ""
            return call, False
        if not piece.get("name") and not piece.get("args"):
            return None, False
        call = _Call(piece.get("name"), piece.get("id"), self.parser.reader())
        self.calls.append(call)
        if index is not None:
            self.by_index[index] = call
        return call, True

    def _show(self, changed: Sequence[_Call], final: bool = False,
              grown: Sequence[_Call] = ()) -> Sequence[Any]:
        """The parser's view if it changed. When the arguments a shown call's engine had
        shown grew (the engine said so), a view that shows arguments as read changed too
        and is not compared with the last one: a deep comparison costs the length of a
        long open array or string on every chunk."""
        parser = self.parser
        if parser.diff:
            patch = [] if self.shown or parser.first_tool_only else [{"op": "add", "path": "", "value": []}]
            self.shown = True
            patch += [op for call in changed for op in self._patch(call)]
            return (patch,) if patch else ()
        grew = False
        if not final:
            for call in changed:
                if call.reader is None:
                    continue
                value = parser.read_args(call.name, call.reader.engine)
                if isinstance(value, dict):  # (not SURELY_INVALID: the arguments stay as they were)
                    grew = grew or (call.read and call in grown
                                    and parser.position(self.calls, call) is not None)
                    call.args, call.read = value, True
        output = parser.view(self.calls, final)
        if output is None:  # nothing to show yet
            return ()
        if self.shown and not (grew and parser.shows_args_as_read) and same_value(output, self.last):
            return ()
        self.last, self.shown = output, True
        return (output,)

    def _patch(self, call: _Call) -> list[dict[str, Any]]:
        """The operations for ``call``'s growth, at its place in the output."""
        parser = self.parser
        position = parser.position(self.calls, call)
        if position is None:
            return []
        entry_path, args_path = parser.paths(position)
        ops: list[dict[str, Any]] = []
        if not call.announced:
            call.announced = True
            ops.append({"op": "add", "path": entry_path, "value": parser.entry(call, False)})
        for op in call.reader.engine.patches(compact=parser.compact) if call.reader is not None else ():
            if op["path"]:
                ops.append({**op, "path": args_path + op["path"]})
            elif isinstance(op["value"], dict):  # the arguments' object, shown as {} so far
                ops.append({"op": "replace", "path": args_path, "value": op["value"]})
        return ops


class JsonOutputToolsParser(BaseTransformOutputParser[Any]):
    """Each tool call as ``{"type": name, "args": {...}}`` (``"id"`` too with
    ``return_id=True``); ``first_tool_only=True`` gives the first call (or None)."""

    def __init__(
        self,
        *,
        strict: bool = False,
        return_id: bool = False,
        first_tool_only: bool = False,
        diff: bool = False,
        compact: bool = False,
        max_depth: int | None = DEFAULT_MAX_DEPTH,
        repair: bool | Repair = False,
    ) -> None:
        self.strict = strict
        self.repair = repair
        self.return_id = return_id
        self.first_tool_only = first_tool_only
        self.diff = diff
        self.compact = compact
        self.max_depth = max_depth

    completion = Completion.PARTIAL
    #: Each shown call's ``args`` is the engine's value itself (not converted).
    shows_args_as_read = True

    def read_args(self, name: str, engine: IncrementalJsonParser) -> Any:
        """The streamed arguments of a call of tool ``name`` as its ``engine`` shows them
        now, or :data:`SURELY_INVALID` where a subclass can tell, without a snapshot,
        that its view would not show them."""
        return engine.value

    def reader(self) -> JsonReader:
        return JsonReader(framed=False, strict=self.strict, completion=self.completion, max_depth=self.max_depth,
                          repair=self.repair)

    def session(self) -> _ToolsSession:
        return _ToolsSession(self)

    def parse(self, text: str) -> Any:
        raise OutputParserException("tool-call parsers read AI messages, not text", llm_output=text)

    def parse_result(self, result: Sequence[ParserInput], *, partial: bool = False) -> Any:
        session = self.session()
        outputs = [*session.feed(result[0]), *session.end()]
        return self.view(session.calls, True) if self.diff or not outputs else outputs[-1]

    # How the calls are shown; subclasses choose which calls and what of each.
    def selected(self, calls: Sequence[_Call]) -> list[_Call]:
        return list(calls)

    def entry(self, call: _Call, final: bool) -> Any:
        entry = {"type": call.name, "args": call.args}
        if self.return_id:
            entry["id"] = call.id
        return entry

    def view(self, calls: Sequence[_Call], final: bool) -> Any:
        entries = [self.entry(call, final) for call in self.selected(calls)]
        entries = [entry for entry in entries if entry is not None]
        if self.first_tool_only:
            return entries[0] if entries else None
        return entries

    def position(self, calls: Sequence[_Call], call: _Call) -> int | None:
        """Where ``call`` is shown in the output (None: it is not shown)."""
        selected = self.selected(calls)
        if call not in selected or (self.first_tool_only and call is not selected[0]):
            return None
        return selected.index(call)

    def paths(self, position: int) -> tuple[str, str]:
        entry = "" if self.first_tool_only else f"/{position}"
        return entry, entry + "/args"


class JsonOutputKeyToolsParser(JsonOutputToolsParser):
    """The ``args`` of each call of the tool ``key_name`` (whole entries with
    ``return_id=True``); ``first_tool_only=True`` gives the first one (or None)."""

    def __init__(
        self,
        key_name: str,
        *,
        strict: bool = False,
        return_id: bool = False,
        first_tool_only: bool = False,
        diff: bool = False,
        compact: bool = False,
        max_depth: int | None = DEFAULT_MAX_DEPTH,
        repair: bool | Repair = False,
    ) -> None:
        super().__init__(strict=strict, return_id=return_id, first_tool_only=first_tool_only,
                         diff=diff, compact=compact, max_depth=max_depth, repair=repair)
        self.key_name = key_name

    def selected(self, calls: Sequence[_Call]) -> list[_Call]:
        return [call for call in calls if call.name == self.key_name]

    def entry(self, call: _Call, final: bool) -> Any:
        return super().entry(call, final) if self.return_id else call.args

    def paths(self, position: int) -> tuple[str, str]:
        if self.return_id:
            return super().paths(position)
        entry = "" if self.first_tool_only else f"/{position}"
        return entry, entry


class PydanticToolsParser(JsonOutputToolsParser):
    """Each call as an instance of the tool model of its name (``tools``: pydantic
    models, named by their ``title`` or class name). While streaming, a call shows once
    its arguments are valid so far, holding only the fields they set (as
    :class:`PydanticOutputParser`'s partial instances); at the end every call is
    validated fully. An unknown tool name or invalid arguments raise
    :class:`OutputParserException`."""

    completion = Completion.COMPLETE
    shows_args_as_read = False  # an instance may look the same after its arguments grew

    def __init__(
        self,
        tools: Sequence[type[BaseModel]],
        *,
        strict: bool = False,
        first_tool_only: bool = False,
        max_depth: int | None = DEFAULT_MAX_DEPTH,
        repair: bool | Repair = False,
    ) -> None:
        super().__init__(strict=strict, first_tool_only=first_tool_only, max_depth=max_depth, repair=repair)
        for tool in tools:
            require_v2(tool, type(self).__name__)
        self.tools = list(tools)
        self.by_name = {tool.model_config.get("title") or tool.__name__: tool for tool in tools}
        #: False: read and validate every change, the reference the open-path test is checked against.
        self._skip_invalid = True

    def read_args(self, name: str, engine: IncrementalJsonParser) -> Any:
        """SURELY_INVALID while an open object in the arguments surely lacks a required
        field of the tool's model (no snapshot, no validation: a cost of the depth)."""
        tool = self.by_name.get(name)
        if tool is not None and self._skip_invalid and surely_invalid(tool, engine.open_containers()):
            return SURELY_INVALID
        return engine.value

    def entry(self, call: _Call, final: bool) -> Any:
        tool = self.by_name.get(call.name)
        if tool is None:
            if not final:
                return None
            known = ", ".join(self.by_name) or "<no tools>"
            raise OutputParserException(f"Unknown tool {call.name!r}; the tools are: {known}",
                                        llm_output=call.text())
        if final:
            return validated(tool, call.args, call.text())
        if call.validator is None:
            call.validator = PartialValidator(tool)
        return call.validator.instance_of(call.args)
