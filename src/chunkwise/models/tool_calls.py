"""Tool calls as a model streams them: fragments merged by ``index``, parsed on demand.

A streamed tool call arrives as ``ToolCallChunk`` dicts: the first piece of call
``index`` usually carries ``name`` and ``id``, the following ones only more
``args`` text. Adding message chunks merges the pieces of one index by
concatenating that text -- nothing is parsed then, so adding n chunks costs
O(total text), not O(n x text) as when every ``+`` re-parses the arguments.
``parse_tool_call_chunks`` turns the merged pieces into ``ToolCall``s when someone
asks: arguments auto-completed by ``chunkwise.jsonstream.parse_partial_json`` while
streaming, complete JSON required once the message is finished (``final=True``).
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from chunkwise.jsonstream import (
    IncompleteJsonError,
    IncrementalJsonParser,
    JsonStreamError,
    parse_partial_json,
)

__all__ = [
    "InvalidToolCall",
    "ToolCall",
    "invalid_tool_call",
    "ToolCallChunk",
    "chunks_from_openai",
    "merge_tool_call_chunks",
    "parse_tool_call_chunks",
    "tool_call",
    "tool_call_chunk",
]


class ToolCall(TypedDict):
    """A complete request to call a tool: ``args`` parsed into a dict."""

    name: str
    args: dict[str, Any]
    id: str | None
    type: Literal["tool_call"]


class _ToolCallChunkFields(TypedDict):
    name: str | None
    args: str | None
    id: str | None
    index: int | None


class ToolCallChunk(_ToolCallChunkFields, total=False):
    """A piece of a streamed tool call; ``args`` is a fragment of the arguments' JSON text."""

    type: Literal["tool_call_chunk"]


class InvalidToolCall(TypedDict):
    """A tool call whose arguments are not (a prefix of) a JSON object; ``error`` says why."""

    name: str | None
    args: str | None
    id: str | None
    error: str | None
    type: Literal["invalid_tool_call"]


def tool_call(*, name: str, args: dict[str, Any], id: str | None = None) -> ToolCall:
    """Build a ``ToolCall`` dict."""
    return {"name": name, "args": args, "id": id, "type": "tool_call"}


def tool_call_chunk(
    *, name: str | None = None, args: str | None = None, id: str | None = None,
    index: int | None = None,
) -> ToolCallChunk:
    """Build a ``ToolCallChunk`` dict."""
    return {"name": name, "args": args, "id": id, "index": index, "type": "tool_call_chunk"}


def invalid_tool_call(
    *, name: str | None = None, args: str | None = None, id: str | None = None,
    error: str | None = None,
) -> InvalidToolCall:
    """Build an ``InvalidToolCall`` dict."""
    return {"name": name, "args": args, "id": id, "error": error, "type": "invalid_tool_call"}


def _same_call(mine: ToolCallChunk, piece: ToolCallChunk) -> bool:
    index = piece.get("index")
    if index is None or mine.get("index") != index:
        return False
    mine_id, piece_id = mine.get("id"), piece.get("id")
    return not mine_id or not piece_id or mine_id == piece_id


def merge_tool_call_chunks(
    left: list[ToolCallChunk], right: list[ToolCallChunk]
) -> list[ToolCallChunk]:
    """``left`` with ``right``'s pieces merged in: a piece whose ``index`` matches (and whose
    ``id`` does not contradict) an entry extends that entry's ``args`` text; ``name`` and
    ``id`` keep their first non-empty value. Other pieces are appended. Operands are not
    modified."""
    if not right:
        return left
    if not left:
        return right
    merged = list(left)
    for piece in right:
        for position, mine in enumerate(merged):
            if _same_call(mine, piece):
                merged[position] = tool_call_chunk(
                    name=mine.get("name") or piece.get("name"),
                    args=(mine.get("args") or "") + (piece.get("args") or ""),
                    id=mine.get("id") or piece.get("id"),
                    index=mine.get("index"),
                )
                break
        else:
            merged.append(piece)
    return merged


def parse_tool_call_chunks(
    chunks: list[ToolCallChunk], *, final: bool = False
) -> tuple[list[ToolCall], list[InvalidToolCall]]:
    """The merged pieces as tool calls, and the pieces that cannot be parsed.

    While streaming (``final=False``) arguments are auto-completed (``'{"q": "Par'``
    gives ``{"q": "Par"}``). For a finished message (``final=True``) each text must be a
    complete JSON object: cut-off or invalid text makes an invalid call with the error.
    Empty text is a call without arguments, ``{}``, in both cases.
    """
    calls: list[ToolCall] = []
    invalid: list[InvalidToolCall] = []
    for chunk in chunks:
        text = chunk.get("args") or ""
        args, error = _parsed_args(text, final)
        if isinstance(args, dict):
            calls.append(tool_call(name=chunk.get("name") or "", args=args, id=chunk.get("id")))
        else:
            invalid.append(invalid_tool_call(
                name=chunk.get("name"), args=chunk.get("args"), id=chunk.get("id"),
                error=error or f"arguments are not a JSON object: {text[:80]!r}",
            ))
    return calls, invalid


def _parsed_args(text: str, final: bool) -> tuple[Any, str | None]:
    """The arguments ``text`` holds (None when it cannot be parsed) and the error."""
    if not text.strip():
        return {}, None
    try:
        if final:
            parser = IncrementalJsonParser()
            parser.feed(text)
            return parser.close(), None
        args = parse_partial_json(text)
    except IncompleteJsonError as exc:
        return None, f"arguments cut off: {exc}"
    except JsonStreamError as exc:
        return None, f"arguments invalid: {exc}"
    return ({} if args is None else args), None


def chunks_from_openai(raw_calls: Any) -> list[ToolCallChunk]:
    """OpenAI's ``additional_kwargs["tool_calls"]`` as tool-call chunks (LangChain reads
    them so for messages made before ``tool_call_chunks`` existed)."""
    if not isinstance(raw_calls, list):
        return []
    chunks = []
    for raw in raw_calls:
        function = raw.get("function") if isinstance(raw, dict) else None
        if isinstance(function, dict):
            chunks.append(tool_call_chunk(name=function.get("name"), args=function.get("arguments"),
                                          id=raw.get("id"), index=raw.get("index")))
    return chunks
