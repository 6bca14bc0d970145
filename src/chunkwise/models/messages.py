"""Chat messages: one class per role, each with a chunk class that a stream is made of.

Messages are small ``__slots__`` classes, not pydantic models, because a chunk is
added to the running total once per token: ``AIMessageChunk + AIMessageChunk``
must cost about a microsecond. Treat messages as values: ``+`` returns a new chunk
and never modifies its operands, but it may share unchanged dicts and lists between
them, so do not mutate a message's fields in place. The chunk classes and ``+``
live in ``chunks``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from chunkwise.models.content import Content, content_text
from chunkwise.models.tool_calls import InvalidToolCall, ToolCall, chunks_from_openai, parse_tool_call_chunks
from chunkwise.models.usage import UsageMetadata

__all__ = [
    "AIMessage",
    "BaseMessage",
    "ChatMessage",
    "FunctionMessage",
    "HumanMessage",
    "SystemMessage",
    "ToolMessage",
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

    def model_dump(self) -> dict[str, Any]:
        """The fields as keyword arguments of the constructor (``type(m)(**m.model_dump())``)."""
        return {f: getattr(self, f) for f in self._fields}


class HumanMessage(BaseMessage):
    """What the user said."""

    type = "human"
    __slots__ = ()


class SystemMessage(BaseMessage):
    """Instructions for the model."""

    type = "system"
    __slots__ = ()


class ChatMessage(BaseMessage):
    """A message with an arbitrary ``role``."""

    type = "chat"
    __slots__ = ("role",)
    _fields = (*BaseMessage._fields, "role")

    def __init__(self, content: Content = "", *, role: str, **fields: Any) -> None:
        super().__init__(content, **fields)
        self.role = role


class FunctionMessage(BaseMessage):
    """The result of an (OpenAI legacy) function call; ``name`` names the function."""

    type = "function"
    __slots__ = ()

    def __init__(self, content: Content = "", *, name: str, **fields: Any) -> None:
        super().__init__(content, name=name, **fields)


class ToolMessage(BaseMessage):
    """The result of a tool call, sent back to the model; ``tool_call_id`` names the call
    and ``artifact`` holds what the tool returned that is not for the model (LangChain's
    field of that name)."""

    type = "tool"
    __slots__ = ("tool_call_id", "status", "artifact")
    _fields = (*BaseMessage._fields, "tool_call_id", "status", "artifact")

    def __init__(self, content: Content = "", *, tool_call_id: str, status: str = "success",
                 artifact: Any = None, **fields: Any) -> None:
        super().__init__(content, **fields)
        self.tool_call_id = tool_call_id
        self.status = status
        self.artifact = artifact


def _typed_calls(calls: list[ToolCall] | None) -> list[ToolCall]:
    """Tool calls with their ``"type": "tool_call"`` key (added when missing)."""
    if not calls:
        return []
    return [call if call.get("type") == "tool_call" else {**call, "type": "tool_call"}
            for call in calls]


class AIMessage(BaseMessage):
    """A complete model answer; ``tool_calls`` holds the tools it asked to call and
    ``usage_metadata`` the tokens it took, when the provider reported them."""

    type = "ai"
    __slots__ = ("_tool_calls", "_invalid_tool_calls", "usage_metadata")
    #: A whole message reads OpenAI's ``additional_kwargs["tool_calls"]`` when given no calls
    #: (a chunk reads them as pieces instead).
    _reads_openai_calls: ClassVar[bool] = True
    _fields = (*BaseMessage._fields, "tool_calls", "invalid_tool_calls", "usage_metadata")

    def __init__(
        self,
        content: Content = "",
        *,
        tool_calls: list[ToolCall] | None = None,
        invalid_tool_calls: list[InvalidToolCall] | None = None,
        usage_metadata: UsageMetadata | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(content, **fields)
        if self._reads_openai_calls and tool_calls is None and invalid_tool_calls is None:
            raw = self.additional_kwargs.get("tool_calls")
            if raw:  # OpenAI's format, as LangChain reads it for messages made without tool_calls
                tool_calls, invalid_tool_calls = parse_tool_call_chunks(chunks_from_openai(raw), final=True)
        self._tool_calls = _typed_calls(tool_calls)
        self._invalid_tool_calls = invalid_tool_calls if invalid_tool_calls is not None else []
        self.usage_metadata = usage_metadata

    @property
    def tool_calls(self) -> list[ToolCall]:
        """Tool calls with parsed arguments: ``{"name", "args", "id", "type": "tool_call"}``."""
        return self._tool_calls

    @tool_calls.setter
    def tool_calls(self, calls: list[ToolCall]) -> None:
        self._tool_calls = calls

    @property
    def invalid_tool_calls(self) -> list[InvalidToolCall]:
        """Tool calls whose arguments could not be parsed."""
        return self._invalid_tool_calls

    @invalid_tool_calls.setter
    def invalid_tool_calls(self, calls: list[InvalidToolCall]) -> None:
        self._invalid_tool_calls = calls
