"""Wire formats of streamed model answers: sans-I/O decoders, standard library only.

``SSEDecoder`` (``text/event-stream``, exactly per the WHATWG rules) and
``NDJSONDecoder`` (one JSON value per line) take the bytes of a body in any
chunking and return what those bytes completed. They import nothing but the
standard library -- no HTTP client, no pydantic -- so the command line and any
other transport can reuse them.
"""

from chunkwise.providers.wire.errors import WireFormatError
from chunkwise.providers.wire.ndjson import NDJSONDecoder
from chunkwise.providers.wire.sse import ServerSentEvent, SSEDecoder

__all__ = ["NDJSONDecoder", "SSEDecoder", "ServerSentEvent", "WireFormatError"]
