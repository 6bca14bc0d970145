"""Chat messages and the ``AIMessageChunk`` a streaming model emits.

Messages are small ``__slots__`` classes, not pydantic models, because a chunk is
added to the running total once per token: ``AIMessageChunk + AIMessageChunk``
must cost about a microsecond. Treat messages as values: ``+`` returns a new chunk
and never modifies its operands, but it may share unchanged dicts and lists between
them, so do not mutate a message's fields in place.
"""

from __future__ import annotations

from typing import Any, ClassVar

from chunkwise.models.content import Content, content_text, merge_content, merge_dicts
from chunkwise.models.tool_calls import (
    InvalidToolCall,
    ToolCall,
    ToolCallChunk,
    merge_tool_call_chunks,
    parse_tool_call_chunks,
)
from chunkwise.models.usage import UsageMetadata, add_usage

__all__ = [
    "AIMessage",
    "AIMessageChunk",
    "BaseMessage",
    "HumanMessage",
    "SystemMessage",
    "ToolMessage",
    "add_ai_message_chunks",
]


class BaseMessage:
    """Content plus identity and provider metadata; ``type`` names the role."""

    type: ClassVar[str]
    __slots__ = ("content", "id", "name", "additional_kwargs", "response_metadata")
    # Fields shown by repr (when not empty) and compared by ==, in order.
    _fields: ClassVar[tuple[str, ...]] = (
        "content", "id", "name", "additional_kwargs", "response_metadata",
    )

    def __init__(
        self,
        content: Content = "",
        *,
        id: str | None = None,
        name: str | None = None,
        additional_kwargs: dict[str, Any] | None = None,
        response_metadata: dict[str, Any] | None = None,
    ) -> None:
        self.content = content
        self.id = id
        self.name = name
        self.additional_kwargs = additional_kwargs if additional_kwargs is not None else {}
        self.response_metadata = response_metadata if response_metadata is not None else {}

    @property
    def text(self) -> str:
        """The content's text (text blocks joined when content is a block list)."""
        return content_text(self.content)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = [f"content={self.content!r}"]
        shown += [f"{f}={getattr(self, f)!r}" for f in self._fields[1:] if getattr(self, f)]
        return f"{type(self).__name__}({', '.join(shown)})"


class HumanMessage(BaseMessage):
    """What the user said."""

    type = "human"
    __slots__ = ()


class SystemMessage(BaseMessage):
    """Instructions for the model."""

    type = "system"
    __slots__ = ()


class ToolMessage(BaseMessage):
    """The result of a tool call, sent back to the model; ``tool_call_id`` names the call."""

    type = "tool"
    __slots__ = ("tool_call_id", "status")
    _fields = (*BaseMessage._fields, "tool_call_id", "status")

    def __init__(
        self,
        content: Content = "",
        *,
        tool_call_id: str,
        status: str = "success",
        id: str | None = None,
        name: str | None = None,
        additional_kwargs: dict[str, Any] | None = None,
        response_metadata: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(content, id=id, name=name, additional_kwargs=additional_kwargs,
                         response_metadata=response_metadata)
        self.tool_call_id = tool_call_id
        self.status = status


class AIMessage(BaseMessage):
    """A complete model answer; ``tool_calls`` holds the tools it asked to call and
    ``usage_metadata`` the tokens it took, when the provider reported them."""

    type = "ai"
    __slots__ = ("_tool_calls", "_invalid_tool_calls", "usage_metadata")
    _fields = (*BaseMessage._fields, "tool_calls", "invalid_tool_calls", "usage_metadata")

    def __init__(
        self,
        content: Content = "",
        *,
        tool_calls: list[ToolCall] | None = None,
        invalid_tool_calls: list[InvalidToolCall] | None = None,
        usage_metadata: UsageMetadata | None = None,
        id: str | None = None,
        name: str | None = None,
        additional_kwargs: dict[str, Any] | None = None,
        response_metadata: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(content, id=id, name=name, additional_kwargs=additional_kwargs,
                         response_metadata=response_metadata)
        self._tool_calls = tool_calls if tool_calls is not None else []
        self._invalid_tool_calls = invalid_tool_calls if invalid_tool_calls is not None else []
        self.usage_metadata = usage_metadata

    @property
    def tool_calls(self) -> list[ToolCall]:
        """Tool calls with parsed arguments: ``{"name", "args", "id", "type": "tool_call"}``."""
        return self._tool_calls

    @property
    def invalid_tool_calls(self) -> list[InvalidToolCall]:
        """Tool calls whose arguments could not be parsed."""
        return self._invalid_tool_calls


class AIMessageChunk(AIMessage):
    """A piece of a streamed answer. ``a + b`` is the answer so far: content
    concatenated (or block lists merged by index), first non-empty ``id`` and ``name``,
    metadata merged, and ``tool_call_chunks`` merged by index with their ``args`` text
    concatenated.

    ``tool_calls`` / ``invalid_tool_calls`` are derived from ``tool_call_chunks``
    (arguments auto-completed with ``parse_partial_json``) the first time they are
    read, never during ``+``; ``usage_metadata`` counts add up. ``to_message()``
    gives the final ``AIMessage``, whose arguments must be complete JSON objects.
    """

    type = "AIMessageChunk"
    __slots__ = ("tool_call_chunks", "_parsed")
    _fields = (*BaseMessage._fields, "tool_call_chunks", "usage_metadata")

    def __init__(
        self,
        content: Content = "",
        *,
        tool_call_chunks: list[ToolCallChunk] | None = None,
        usage_metadata: UsageMetadata | None = None,
        id: str | None = None,
        name: str | None = None,
        additional_kwargs: dict[str, Any] | None = None,
        response_metadata: dict[str, Any] | None = None,
    ) -> None:
        # Not AIMessage.__init__: a chunk's tool calls are parsed from its chunks when read.
        BaseMessage.__init__(
            self,
            content,
            id=id,
            name=name,
            additional_kwargs=additional_kwargs,
            response_metadata=response_metadata,
        )
        self.tool_call_chunks = tool_call_chunks if tool_call_chunks is not None else []
        self.usage_metadata = usage_metadata
        self._parsed = False

    def _parse(self) -> None:
        self._tool_calls, self._invalid_tool_calls = parse_tool_call_chunks(self.tool_call_chunks)
        self._parsed = True

    @property
    def tool_calls(self) -> list[ToolCall]:
        """The tool calls so far, arguments parsed (and auto-completed) on first access."""
        if not self._parsed:
            self._parse()
        return self._tool_calls

    @property
    def invalid_tool_calls(self) -> list[InvalidToolCall]:
        """Tool calls whose argument text is not a prefix of a JSON object."""
        if not self._parsed:
            self._parse()
        return self._invalid_tool_calls

    def to_message(self) -> AIMessage:
        """The complete ``AIMessage`` this (summed) chunk stands for. The stream is over,
        so each call's arguments are parsed once, as complete JSON: a call whose text is
        cut off or invalid goes to ``invalid_tool_calls`` with the error, never to
        ``tool_calls`` with auto-completed arguments."""
        calls, invalid = parse_tool_call_chunks(self.tool_call_chunks, final=True)
        return AIMessage(
            self.content, tool_calls=calls, invalid_tool_calls=invalid,
            usage_metadata=self.usage_metadata, id=self.id, name=self.name,
            additional_kwargs=self.additional_kwargs, response_metadata=self.response_metadata,
        )

    def __add__(self, other: AIMessageChunk | list[AIMessageChunk]) -> AIMessageChunk:
        if type(other) is AIMessageChunk:
            new = AIMessageChunk.__new__(AIMessageChunk)
            left, right = self.content, other.content
            new.content = (left + right if type(left) is str and type(right) is str
                           else merge_content(left, right))
            new.id = self.id or other.id
            new.name = self.name or other.name
            new.additional_kwargs = merge_dicts(self.additional_kwargs, other.additional_kwargs)
            new.response_metadata = merge_dicts(self.response_metadata, other.response_metadata)
            new.tool_call_chunks = merge_tool_call_chunks(self.tool_call_chunks,
                                                          other.tool_call_chunks)
            usage = other.usage_metadata
            new.usage_metadata = self.usage_metadata if usage is None else add_usage(
                self.usage_metadata, usage)
            new._parsed = False
            return new
        if isinstance(other, list):
            return add_ai_message_chunks(self, *other)
        if isinstance(other, AIMessageChunk):
            return add_ai_message_chunks(self, other)
        return NotImplemented


def add_ai_message_chunks(first: AIMessageChunk, *others: AIMessageChunk) -> AIMessageChunk:
    """``first + others[0] + ...`` in one pass: string contents and argument texts are
    joined once, so combining n chunks costs O(total length) rather than O(n x length)."""
    chunks = (first, *others)
    if all(type(c.content) is str for c in chunks):
        content: Content = "".join(c.content for c in chunks)  # type: ignore[misc]
    else:
        content = first.content
        for chunk in others:
            content = merge_content(content, chunk.content)
    additional: dict[str, Any] = first.additional_kwargs
    metadata: dict[str, Any] = first.response_metadata
    usage = first.usage_metadata
    calls: list[dict[str, Any]] = _extend_calls([], first.tool_call_chunks)
    for chunk in others:
        additional = merge_dicts(additional, chunk.additional_kwargs)
        metadata = merge_dicts(metadata, chunk.response_metadata)
        calls = _extend_calls(calls, chunk.tool_call_chunks)
        if chunk.usage_metadata is not None:
            usage = add_usage(usage, chunk.usage_metadata)
    return AIMessageChunk(
        content,
        tool_call_chunks=[_joined(c) for c in calls] if calls else [],
        usage_metadata=usage,
        id=next((c.id for c in chunks if c.id), None),
        name=next((c.name for c in chunks if c.name), None),
        additional_kwargs=additional,
        response_metadata=metadata,
    )


def _extend_calls(
    calls: list[dict[str, Any]], pieces: list[ToolCallChunk]
) -> list[dict[str, Any]]:
    """Like ``merge_tool_call_chunks``, but collecting argument fragments in a list
    (joined once by ``_joined``); modifies ``calls``' entries, which it owns."""
    for piece in pieces:
        index, piece_id = piece.get("index"), piece.get("id")
        for mine in calls:
            if (index is not None and mine["index"] == index
                    and (not mine["id"] or not piece_id or mine["id"] == piece_id)):
                mine["name"] = mine["name"] or piece.get("name")
                mine["id"] = mine["id"] or piece_id
                mine["args"].append(piece.get("args"))
                break
        else:
            calls.append({"name": piece.get("name"), "args": [piece.get("args")],
                          "id": piece_id, "index": index})
    return calls


def _joined(call: dict[str, Any]) -> ToolCallChunk:
    """A collected entry as a ``ToolCallChunk``; a lone piece keeps its ``args`` as is
    (possibly None), as pairwise ``+`` does."""
    fragments: list[str | None] = call["args"]
    args = fragments[0] if len(fragments) == 1 else "".join(f or "" for f in fragments)
    return {"name": call["name"], "args": args, "id": call["id"], "index": call["index"]}
