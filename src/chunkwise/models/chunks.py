"""Message chunks: the pieces of a streamed message, and how ``+`` adds them up.

``a + b`` is the message so far, of ``a``'s class: content concatenated (block lists
merged by ``index``), ``additional_kwargs`` and ``response_metadata`` merged as
LangChain merges them (conflicting values raise ``TypeError``), the provider's id
kept over a run's ``lc_run--…`` (or older ``run-…``) id, ``usage_metadata`` added up, ``chunk_position``
``"last"`` if either is. For ``AIMessageChunk``, ``tool_call_chunks`` of the same
``index`` have their ``args`` text concatenated; ``tool_calls`` are parsed from them
(arguments auto-completed with ``parse_partial_json``) the first time they are
read, never during ``+``. ``message_chunk_to_message`` gives the final message, whose
tool-call arguments must be complete JSON objects: a call cut off or invalid is an
``invalid_tool_calls`` entry there, unlike LangChain's, which keeps it auto-completed.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar, Literal, TypeVar

from chunkwise.jsonstream.dumping import dumps
from chunkwise.models.content import Content, merge_content, merge_dicts, merge_obj
from chunkwise.models.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from chunkwise.models.tool_calls import (
    InvalidToolCall,
    ToolCall,
    ToolCallChunk,
    chunks_from_openai,
    merge_tool_call_chunks,
    parse_tool_call_chunks,
    tool_call_chunk,
)
from chunkwise.models.usage import UsageMetadata, add_usage

__all__ = [
    "AIMessageChunk",
    "BaseMessageChunk",
    "ChatMessageChunk",
    "FunctionMessageChunk",
    "HumanMessageChunk",
    "SystemMessageChunk",
    "ToolMessageChunk",
    "add_ai_message_chunks",
    "merge_ids",
    "message_chunk_to_message",
]

#: The prefix of the id a run gives a streamed message (langchain_core's ``LC_ID_PREFIX``).
RUN_ID_PREFIX = "lc_run-"
_RUN_PREFIXES = ("run-", RUN_ID_PREFIX)
C = TypeVar("C", bound="BaseMessageChunk")


def merge_ids(*ids: str | None) -> str | None:
    """The id of a sum of chunks: the first a provider gave, else the first run id."""
    return (next((i for i in ids if i and not i.startswith(_RUN_PREFIXES)), None)
            or next((i for i in ids if i), None))


class BaseMessageChunk(BaseMessage):
    """A piece of a streamed message; ``+`` adds pieces up (see the module docstring)."""

    __slots__ = ()
    _message: ClassVar[type[BaseMessage]] = BaseMessage

    def _check(self, other: BaseMessageChunk) -> None:
        """Raise if ``other`` cannot be added to this chunk (role or name differ)."""

    def __add__(self: C, other: Any) -> C:
        if isinstance(other, list):
            total = self
            for item in other:
                total = total + item
            return total
        if not isinstance(other, BaseMessageChunk):
            return NotImplemented
        self._check(other)
        new = copy.copy(self)
        new.content = merge_content(self.content, other.content)
        new.id = merge_ids(self.id, other.id)
        new.name = self.name or other.name
        new.additional_kwargs = merge_dicts(self.additional_kwargs, other.additional_kwargs)
        new.response_metadata = merge_dicts(self.response_metadata, other.response_metadata)
        return new

    def to_message(self) -> BaseMessage:
        """The complete message this (summed) chunk stands for."""
        message = self._message.__new__(self._message)
        for field in self._message._fields:
            setattr(message, field, getattr(self, field))
        return message


class HumanMessageChunk(HumanMessage, BaseMessageChunk):
    type = "HumanMessageChunk"
    __slots__ = ()
    _message = HumanMessage


class SystemMessageChunk(SystemMessage, BaseMessageChunk):
    type = "SystemMessageChunk"
    __slots__ = ()
    _message = SystemMessage


class ToolMessageChunk(ToolMessage, BaseMessageChunk):
    type = "ToolMessageChunk"
    __slots__ = ()
    _message = ToolMessage

    def _check(self, other: BaseMessageChunk) -> None:
        if isinstance(other, ToolMessageChunk) and other.tool_call_id != self.tool_call_id:
            raise ValueError("Cannot concatenate ToolMessageChunks with different tool_call_ids")

    def __add__(self, other: Any) -> ToolMessageChunk:
        total = super().__add__(other)
        if isinstance(other, ToolMessageChunk) and isinstance(total, ToolMessageChunk):
            total.artifact = merge_obj(self.artifact, other.artifact)
        return total


class ChatMessageChunk(ChatMessage, BaseMessageChunk):
    type = "ChatMessageChunk"
    __slots__ = ()
    _message = ChatMessage

    def _check(self, other: BaseMessageChunk) -> None:
        if isinstance(other, ChatMessageChunk) and other.role != self.role:
            raise ValueError("Cannot concatenate ChatMessageChunks with different roles")


class FunctionMessageChunk(FunctionMessage, BaseMessageChunk):
    type = "FunctionMessageChunk"
    __slots__ = ()
    _message = FunctionMessage

    def _check(self, other: BaseMessageChunk) -> None:
        if isinstance(other, FunctionMessageChunk) and other.name != self.name:
            raise ValueError("Cannot concatenate FunctionMessageChunks with different names")


class AIMessageChunk(AIMessage, BaseMessageChunk):
    """A piece of a streamed answer; ``tool_call_chunks`` hold the tool calls' pieces."""

    type = "AIMessageChunk"
    # _parsed: tool calls are read (from the pieces or given); _given: given whole
    # (to the constructor or by assignment), so to_message keeps them as they are.
    __slots__ = ("tool_call_chunks", "chunk_position", "_parsed", "_given")
    _fields = (*BaseMessage._fields, "tool_call_chunks", "usage_metadata", "chunk_position")
    _message = AIMessage
    _reads_openai_calls = False

    def __init__(
        self,
        content: Content = "",
        *,
        tool_call_chunks: list[ToolCallChunk] | None = None,
        tool_calls: list[ToolCall] | None = None,
        invalid_tool_calls: list[InvalidToolCall] | None = None,
        chunk_position: Literal["last"] | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(content, tool_calls=tool_calls, invalid_tool_calls=invalid_tool_calls,
                         **fields)
        self.chunk_position = chunk_position
        if not tool_call_chunks and not self._tool_calls and not self._invalid_tool_calls:
            tool_call_chunks = chunks_from_openai(self.additional_kwargs.get("tool_calls"))
        if tool_call_chunks:  # the calls are parsed from the pieces when read
            self.tool_call_chunks = tool_call_chunks
            self._parsed = self._given = False
        else:  # whole calls given: their pieces, as a provider would have sent them
            self.tool_call_chunks = [
                tool_call_chunk(name=c["name"], args=dumps(c["args"]), id=c["id"])
                for c in self._tool_calls
            ] + [tool_call_chunk(name=c["name"], args=c["args"], id=c["id"])
                 for c in self._invalid_tool_calls]
            self._parsed = self._given = True

    def _parse(self) -> None:
        self._tool_calls, self._invalid_tool_calls = parse_tool_call_chunks(self.tool_call_chunks)
        self._parsed, self._given = True, False

    @property
    def tool_calls(self) -> list[ToolCall]:
        """The tool calls so far, arguments parsed (and auto-completed) on first access."""
        if not self._parsed:
            self._parse()
        return self._tool_calls

    @tool_calls.setter
    def tool_calls(self, calls: list[ToolCall]) -> None:
        if not self._parsed:
            self._parse()
        self._tool_calls = calls
        self._given = True

    @property
    def invalid_tool_calls(self) -> list[InvalidToolCall]:
        """Tool calls whose argument text is not a prefix of a JSON object."""
        if not self._parsed:
            self._parse()
        return self._invalid_tool_calls

    @invalid_tool_calls.setter
    def invalid_tool_calls(self, calls: list[InvalidToolCall]) -> None:
        if not self._parsed:
            self._parse()
        self._invalid_tool_calls = calls
        self._given = True

    def to_message(self) -> AIMessage:
        """The complete ``AIMessage`` this (summed) chunk stands for. The stream is over,
        so calls read from ``tool_call_chunks`` are parsed once, as complete JSON: a call
        whose text is cut off or invalid goes to ``invalid_tool_calls`` with the error,
        never to ``tool_calls`` with auto-completed arguments. Calls given whole stay."""
        if self._parsed and self._given:
            calls, invalid = self._tool_calls, self._invalid_tool_calls
        else:
            calls, invalid = parse_tool_call_chunks(self.tool_call_chunks, final=True)
        return AIMessage(
            self.content, tool_calls=calls, invalid_tool_calls=invalid,
            usage_metadata=self.usage_metadata, id=self.id, name=self.name,
            additional_kwargs=self.additional_kwargs, response_metadata=self.response_metadata,
        )

    def __add__(self, other: Any) -> AIMessageChunk:
        if type(other) is AIMessageChunk:  # the per-token path: no copies beyond the sum
            new = AIMessageChunk.__new__(AIMessageChunk)
            left, right = self.content, other.content
            new.content = (left + right if type(left) is str and type(right) is str
                           else merge_content(left, right))
            new.id = merge_ids(self.id, other.id) if other.id else self.id
            new.name = self.name or other.name
            new.additional_kwargs = merge_dicts(self.additional_kwargs, other.additional_kwargs)
            new.response_metadata = merge_dicts(self.response_metadata, other.response_metadata)
            new.tool_call_chunks = merge_tool_call_chunks(self.tool_call_chunks,
                                                          other.tool_call_chunks)
            if not new.tool_call_chunks and "tool_calls" in new.additional_kwargs:
                new.tool_call_chunks = chunks_from_openai(new.additional_kwargs["tool_calls"])
            new.usage_metadata = (add_usage(self.usage_metadata, other.usage_metadata)
                                  if self.usage_metadata or other.usage_metadata else None)
            new.chunk_position = self.chunk_position or other.chunk_position
            new._parsed = new._given = False
            return new
        if isinstance(other, list):
            return add_ai_message_chunks(self, *other)
        if isinstance(other, AIMessageChunk):
            return add_ai_message_chunks(self, other)
        if isinstance(other, BaseMessageChunk):  # another role's chunk: its common fields
            return self + AIMessageChunk(other.content, id=other.id, name=other.name,
                                         additional_kwargs=other.additional_kwargs,
                                         response_metadata=other.response_metadata)
        return NotImplemented


def add_ai_message_chunks(first: AIMessageChunk, *others: AIMessageChunk) -> AIMessageChunk:
    """``first + others[0] + ...`` in one pass: string contents and argument texts are
    joined once, so combining n chunks costs O(total length) rather than O(n x length)."""
    chunks = (first, *others)
    if all(type(c.content) is str for c in chunks):
        content: Content = "".join(c.content for c in chunks)  # type: ignore[misc]
    else:
        content = merge_content(first.content, *(c.content for c in others))
    calls: list[dict[str, Any]] = _extend_calls([], first.tool_call_chunks)
    usage: UsageMetadata | None = first.usage_metadata
    for chunk in others:
        calls = _extend_calls(calls, chunk.tool_call_chunks)
        if chunk.usage_metadata:
            usage = add_usage(usage, chunk.usage_metadata)
    return AIMessageChunk(
        content,
        tool_call_chunks=[_joined(c) for c in calls] if calls else [],
        id=merge_ids(*(c.id for c in chunks)),
        name=next((c.name for c in chunks if c.name), None),
        additional_kwargs=merge_dicts(*(c.additional_kwargs for c in chunks)),
        response_metadata=merge_dicts(*(c.response_metadata for c in chunks)),
        usage_metadata=usage,
        chunk_position="last" if any(c.chunk_position == "last" for c in chunks) else None,
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
    return tool_call_chunk(name=call["name"], args=args, id=call["id"], index=call["index"])


def message_chunk_to_message(chunk: BaseMessage) -> BaseMessage:
    """The complete message a (summed) chunk stands for; other messages as they are."""
    return chunk.to_message() if isinstance(chunk, BaseMessageChunk) else chunk
