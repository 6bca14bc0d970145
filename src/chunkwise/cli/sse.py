"""``--sse``: the model's text inside a provider's raw event stream.

The bytes are decoded by the providers' own sans-I/O parts (the WHATWG
:class:`~chunkwise.providers.wire.SSEDecoder`, then the provider's stream state, with
every named quirk), so ``curl -N ... | chunkwise parse --sse openai`` reads exactly
what ``ChatOpenAI`` would. Out comes the answer's text -- or, with ``tool_call=N``,
the argument text of the N-th tool call (0-based, in the order the calls began,
whatever index the provider gives them): a model answering through a tool call
streams its JSON there, not in the text. Reasoning (``reasoning_content``,
Anthropic's thinking) is not the answer and is skipped.
"""

from __future__ import annotations

from chunkwise.models import AIMessageChunk
from chunkwise.providers.anthropic_stream import AnthropicStream
from chunkwise.providers.errors import IncompleteStreamError, ProviderError
from chunkwise.providers.gemini_stream import GeminiStream
from chunkwise.providers.openai_stream import OpenAIStream
from chunkwise.providers.reading import StreamState, check_finished
from chunkwise.providers.wire import ServerSentEvent, SSEDecoder

__all__ = ["PROVIDERS", "SseText"]

#: The event-stream dialects ``--sse`` reads, and the stream state that reads each.
PROVIDERS: dict[str, type[StreamState]] = {
    "openai": OpenAIStream, "anthropic": AnthropicStream, "gemini": GeminiStream,
}


class SseText:
    """Bytes of an event stream in, the text it carries out (see the module docstring)."""

    def __init__(self, provider: str, *, tool_call: int | None = None) -> None:
        self.state = PROVIDERS[provider]()
        self.tool_call = tool_call
        self.decoder = SSEDecoder()
        self.events = 0
        self.calls: dict[int, int] = {}  # the stream's call index -> the order the call began in
        self.failure: ProviderError | None = None  # an error event, or an event that is not JSON

    def feed(self, data: bytes) -> str:
        """The text that ``data`` (the next bytes of the stream) completed; at an error
        event, the text of the events before it (then :meth:`check` raises the error)."""
        return self._text(self.decoder.feed(data))

    def check(self) -> None:
        """Raise the :class:`ProviderError` the stream reported, if it did."""
        if self.failure is not None:
            raise self.failure

    def close(self) -> str:
        """The last text, at the end of the stream's bytes."""
        return self._text(self.decoder.close())

    def cut_off(self) -> str:
        """Why the stream is incomplete (it ended before its terminator), or ``""``."""
        try:
            check_finished(self.state, self.decoder, self.events)
        except IncompleteStreamError as error:
            return str(error)
        return ""

    def hint(self) -> str:
        """Advice for when the text held no JSON: where the stream's JSON may be instead."""
        if self.tool_call is None and self.calls:
            return (f"the stream carried {len(self.calls)} tool call(s): "
                    "read their arguments with --tool-call 0")
        if self.tool_call is not None and self.tool_call >= len(self.calls):
            return f"the stream carried {len(self.calls)} tool call(s)"
        return ""

    def _text(self, events: list[ServerSentEvent]) -> str:
        pieces = []
        for event in events:
            if self.failure is not None:
                break
            self.events += 1
            try:
                chunks = self.state.event(event)
            except ProviderError as error:
                self.failure = error
                break
            pieces += [self._wanted(chunk) for chunk in chunks]
        return "".join(pieces)

    def _wanted(self, chunk: AIMessageChunk) -> str:
        pieces = []
        for call in chunk.tool_call_chunks:
            index = call.get("index")
            if index is None:
                continue
            order = self.calls.setdefault(index, len(self.calls))
            if order == self.tool_call and call.get("args"):
                pieces.append(call["args"] or "")
        if self.tool_call is None and type(chunk.content) is str:
            return chunk.content
        return "".join(pieces)
