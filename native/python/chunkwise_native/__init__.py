"""The native (Rust) engine behind ``chunkwise.IncrementalJsonParser``.

Install it beside chunkwise and ``IncrementalJsonParser(backend="auto")`` (the default)
uses it; chunkwise's Python engine stays the reference and the fallback. This package
holds only the engine: the options are checked and the parser class is made on the
chunkwise side (``chunkwise.jsonstream.backends``).
"""

from chunkwise_native._engine import Engine

__all__ = ["Engine"]
